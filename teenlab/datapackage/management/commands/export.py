"""``teenlab export PATH [--project CODE] [--lang fr|it|en]``: write a project's data package."""

from pathlib import Path

from django.core.management.base import CommandError
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teenlab.core.audit import access_log, command_details
from teenlab.core.management.base import TeenlabCommand
from teenlab.core.management.options import language_argument
from teenlab.core.models import AuditEntry, Logo, Project
from teenlab.datapackage.messages import PackageError
from teenlab.datapackage.services import package_export


class Command(TeenlabCommand):
    help = gettext_lazy(
        "Exporte le paquet de données d'un projet : un .zip, un classeur .xlsx ou, pour tout "
        "autre chemin, un dossier de fichiers CSV."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help=gettext_lazy("le .zip, le .xlsx ou le dossier à écrire"))
        parser.add_argument("--project", help=gettext_lazy("le code du projet à exporter"))
        language_argument(parser)

    def handle(self, *args, path, project, lang, **options):
        with translation.override(lang):
            chosen = self.project(project)
            try:
                counts = package_export(project=chosen, destination=Path(path))
            except PackageError as exc:
                raise CommandError(str(exc.issue)) from None
            access_log(
                user=None,
                action=AuditEntry.Action.EXPORT,
                obj=chosen,
                details={
                    "export": "data_package",
                    "scope": "project",
                    "file": str(Path(path).resolve()),
                    **command_details(),
                },
            )
            self.stdout.write(
                _("Projet %(code)s exporté dans %(path)s :") % {"code": chosen.code, "path": path}
            )
            for table, count in counts.items():
                self.stdout.write(f"  {table}: {count}")
            if (
                Path(path).suffix.lower() == ".xlsx"
                and Logo.objects.filter(
                    Q(project=chosen) | Q(organisation__partnerships__project=chosen)
                ).exists()
            ):
                left_out = _(
                    "Un classeur .xlsx ne porte pas les logos : exportez en .zip pour les garder."
                )
                self.stdout.write(left_out)

    def project(self, code: str | None) -> Project:
        projects = list(Project.objects.order_by("code"))
        listing = ", ".join(f"{p.code} ({p.name})" for p in projects)
        if not projects:
            raise CommandError(_("La base ne contient aucun projet à exporter."))
        if code is None:
            if len(projects) == 1:
                return projects[0]
            raise CommandError(
                _("La base contient plusieurs projets ; choisissez-en un avec --project : %(list)s")
                % {"list": listing}
            )
        for candidate in projects:
            if candidate.code == code:
                return candidate
        raise CommandError(
            _("Aucun projet de code %(code)s. Projets : %(list)s") % {"code": code, "list": listing}
        )
