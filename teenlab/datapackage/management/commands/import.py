"""``teenlab import PATH [--replace] [--lang fr|it|en]``: load a data package."""

import sys
from pathlib import Path

from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teenlab.core.management.base import TeenlabCommand
from teenlab.core.management.options import language_argument
from teenlab.datapackage.messages import Issue
from teenlab.datapackage.services import ImportResult, package_import

# Progress bars only for packages this large (rows of the attendance table): a small package is
# read before a bar would have drawn itself.
LARGE = 50_000


class TerminalProgress:
    """tqdm bars on stderr, one per step, for large packages on a terminal."""

    LABELS = {
        "validate": gettext_lazy("Vérification des présences"),
        "attendance": gettext_lazy("Chargement des présences"),
    }

    def __init__(self):
        self.bars = {}

    def __call__(self, step: str, done: int, total: int | None) -> None:
        from tqdm import tqdm

        if total is not None and total < LARGE:
            return
        bar = self.bars.get(step)
        if bar is None:
            self.close()  # one step at a time
            bar = tqdm(
                total=total,
                desc=str(self.LABELS.get(step, step)),
                unit=" " + _("lignes"),
                leave=False,
            )
            self.bars[step] = bar
        bar.update(done - bar.n)

    def close(self) -> None:
        for bar in self.bars.values():
            if not bar.disable:
                bar.close()


def issue_line(issue: Issue) -> str:
    label = _("ERREUR") if issue.is_error else _("AVERTISSEMENT")
    return f"{label}  {issue}"


class Command(TeenlabCommand):
    help = gettext_lazy(
        "Importe un paquet de données (dossier de fichiers CSV, .zip ou classeur .xlsx) : "
        "toutes les erreurs sont listées, rien n'est écrit s'il y en a une."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help=gettext_lazy("le dossier, le .zip ou le .xlsx"))
        parser.add_argument(
            "--replace",
            action="store_true",
            help=gettext_lazy("remplacer le projet de même code déjà dans la base"),
        )
        language_argument(parser)

    def handle(self, *args, path, replace, lang, **options):
        with translation.override(lang):
            progress = TerminalProgress() if sys.stderr.isatty() else None
            try:
                # The operator has a shell on the server: a superuser's rights, no account.
                result = package_import(
                    source=Path(path), replace=replace, progress=progress, by=None
                )
            finally:
                if progress is not None:
                    progress.close()
            self.report(result)

    def report(self, result: ImportResult) -> None:
        for issue in result.errors:
            self.stderr.write(issue_line(issue))
        for issue in result.warnings:
            self.stdout.write(issue_line(issue))
        if result.warnings_total > len(result.warnings):
            self.stdout.write(
                _("… et %(n)s autres avertissements")
                % {"n": result.warnings_total - len(result.warnings)}
            )
        if not result.ok:
            if result.errors_total > len(result.errors):
                self.stderr.write(
                    _("… et %(n)s autres erreurs") % {"n": result.errors_total - len(result.errors)}
                )
            raise CommandError(
                _("%(n)s erreur(s) : rien n'a été importé.") % {"n": result.errors_total}
            )
        project = result.loaded
        if result.replaced is not None:
            self.stdout.write(
                _("Projet %(code)s remplacé (il comptait %(youth)s jeunes).")
                % {"code": project.code, "youth": result.replaced.get("youth", 0)}
            )
        self.stdout.write(
            _("Projet %(code)s « %(name)s » importé :")
            % {"code": project.code, "name": project.name}
        )
        for table, count in result.counts.items():
            self.stdout.write(f"  {table}: {count}")
        if result.warnings_total:
            self.stdout.write(_("%(n)s avertissement(s).") % {"n": result.warnings_total})
