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
from teenlab.datapackage.services import ImportResult, package_import, records_label

# A bar for each step of packages this large (rows of a table): a small table is loaded before
# a bar would have drawn itself. Its step is still named (one line).
LARGE = 50_000
# Without a terminal (a log, a pipe), a line at each step and each quarter of a large table.
QUARTERS = (25, 50, 75)

LABELS = {
    "validate": gettext_lazy("Lecture et vérification du paquet"),
    "attendance": gettext_lazy("Chargement des présences"),
    "keys": gettext_lazy("Vérification des références des présences"),
    "totals": gettext_lazy("Totaux de présence des inscriptions"),
    "ledger": gettext_lazy("Registre d'émargement des créneaux"),
}


def step_label(step: str) -> str:
    """What a step of the import is called: a table's step is the loading of its records."""
    if step in LABELS:
        return str(LABELS[step])
    try:
        return _("Chargement : %(records)s") % {"records": records_label(step)}
    except KeyError:
        return step


class TerminalProgress:
    """The import's steps on standard error: on a terminal, a tqdm bar per step (percentage
    and rows when the rows are known, rows read otherwise); elsewhere, plain lines."""

    def __init__(self, stream=None, *, tty: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.bars: dict = {}
        self.step: str | None = None
        self.said: set[int] = set()

    def __call__(self, step: str, done: int, total: int | None) -> None:
        if step != self.step:
            self.close()
            self.step, self.said = step, set()
            if not self.tty:
                self.line(step_label(step) + (_(" (%(n)s lignes)") % {"n": total} if total else ""))
        if not self.tty:
            if total and total >= LARGE and done < total:
                # The last quarter passed, once (a table written at once says none).
                passed = [q for q in QUARTERS if q not in self.said and done * 100 >= q * total]
                if passed:
                    self.said.update(passed)
                    self.line(
                        _("%(step)s : %(pct)s %% (%(done)s / %(total)s lignes)")
                        % {
                            "step": step_label(step),
                            "pct": passed[-1],
                            "done": done,
                            "total": total,
                        }
                    )
            return
        bar = self.bars.get(step)
        if bar is None:
            from tqdm import tqdm

            bar = tqdm(
                total=total,
                desc=step_label(step),
                unit=" " + _("lignes"),
                file=getattr(self.stream, "_out", self.stream),  # not Django's line wrapper
                leave=False,
                disable=total is not None and total < LARGE,
            )
            self.bars[step] = bar
        bar.update(done - bar.n)

    def line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    def close(self) -> None:
        for bar in self.bars.values():
            if not bar.disable:
                bar.close()
        self.bars = {}


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
            progress = TerminalProgress(self.stderr, tty=self.stderr.isatty())
            try:
                # The operator has a shell on the server: a superuser's rights, no account.
                result = package_import(
                    source=Path(path), replace=replace, progress=progress, by=None
                )
            finally:
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
