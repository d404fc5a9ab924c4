"""``teenlab demo``: the TEEN LAB programme loaded, its bilan written, the web app served."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from teenlab.datapackage.services import package_import, project_counts, records_label
from teenlab.demo.accounts import DEMO_PASSWORD, demo_accounts_create
from teenlab.reporting.renderers import write_bilan
from teenlab.reporting.selectors import bilan_build

DEMO_PACKAGE = Path(__file__).resolve().parents[2] / "package"


class Command(BaseCommand):
    help = _(
        "Charge la démo TEEN LAB (en remplaçant celle déjà chargée), écrit son bilan en JSON, "
        "HTML, PDF et XLSX, crée un compte de démonstration par rôle et sert l'application web."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve", action="store_true", help=_("ne pas servir l'application web")
        )
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--bilan-folder",
            type=Path,
            default=None,
            help=_("où écrire le bilan (par défaut : TEENLAB_HOME/bilan-demo)"),
        )

    def handle(self, *args, no_serve, host, port, bilan_folder, **options):
        with translation.override("fr"):
            project = self.load()
            self.write_bilan(project, bilan_folder or Path(settings.TEENLAB_HOME) / "bilan-demo")
            self.create_accounts(project)
        if not no_serve:
            call_command("serve", host=host, port=port)

    def load(self):
        self.stdout.write(
            _("Chargement de la démo TEEN LAB depuis %(path)s…") % {"path": DEMO_PACKAGE}
        )
        result = package_import(source=DEMO_PACKAGE, replace=True)
        if not result.ok:
            for issue in result.errors:
                self.stderr.write(str(issue))
            raise CommandError(_("La démo n'a pas pu être chargée."))
        project = result.project
        self.stdout.write(
            self.style.SUCCESS(_("Projet %(code)s « %(name)s » chargé :"))
            % {"code": project.code, "name": project.name}
        )
        for name, count in project_counts(project=project).items():
            self.stdout.write(f"  {count:>7}  {records_label(name)}")
        return project

    def write_bilan(self, project, folder: Path):
        bilan = bilan_build(project=project, trainees=True)  # the XLSX lists them
        written = write_bilan(bilan, lang="fr", folder=folder)
        self.stdout.write(_("Bilan écrit dans %(folder)s :") % {"folder": folder})
        for path in written.paths:
            self.stdout.write(f"  {path.name}")
        for problem in written.unavailable:
            self.stderr.write(self.style.WARNING(str(problem)))

    def create_accounts(self, project):
        self.stdout.write(
            _("Comptes de démonstration (mot de passe : %(password)s) :")
            % {"password": DEMO_PASSWORD}
        )
        for account, user in demo_accounts_create(project=project):
            self.stdout.write(f"  {user.username:<12} {account.role_label} — {user.organisation}")
        self.stdout.write(
            self.style.WARNING(
                _(
                    "Ces comptes de démonstration se connectent sans second facteur ; "
                    "les comptes réels de coordination et de conseil doivent en activer un."
                )
            )
        )
