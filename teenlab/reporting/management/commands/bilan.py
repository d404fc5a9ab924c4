"""``teenlab bilan``: the end-of-project report of a project, a partner or a cohort."""

from __future__ import annotations

import importlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from teenlab.core.audit import access_log, command_details
from teenlab.core.filenames import safe_filename
from teenlab.core.models import AuditEntry
from teenlab.reporting.bilan import Bilan
from teenlab.reporting.scoping import ScopeNotFound, scope_resolve
from teenlab.reporting.selectors import bilan_build

FORMATS = ("json", "html", "pdf", "xlsx")
BINARY = {"pdf", "xlsx"}
LANGS = ("fr", "it", "en")


class FormatUnavailable(Exception):
    pass


def renderer_find(fmt: str):
    """``render_<fmt>(bilan, lang)`` of ``teenlab.reporting.renderers.<fmt>``, imported only
    when asked for (the PDF's WeasyPrint is slow to import and the JSON needs none of it)."""
    try:
        module = importlib.import_module(f"teenlab.reporting.renderers.{fmt}")
        return getattr(module, f"render_{fmt}")
    except (ImportError, AttributeError) as error:
        raise FormatUnavailable(fmt) from error


def bilan_render(bilan: Bilan, *, fmt: str, lang: str) -> str | bytes:
    """The bilan in ``fmt``, its labels in ``lang``."""
    render = renderer_find(fmt)
    with translation.override(lang):
        return render(bilan, lang)


def default_filename(bilan: Bilan, fmt: str) -> str:
    scope = bilan.scope
    return safe_filename("bilan", scope.project, scope.organisation, scope.cohort, suffix=f".{fmt}")


class Command(BaseCommand):
    help = (
        "Écrit le bilan du projet (ou d'un partenaire, ou d'une session) "
        "en JSON, HTML, PDF ou XLSX."
    )

    def add_arguments(self, parser):
        parser.add_argument("--project", metavar="CODE", help="le projet (s'il y en a plusieurs)")
        parser.add_argument("--organisation", metavar="CODE", help="le bilan d'un partenaire")
        parser.add_argument("--cohort", metavar="CODE", help="le bilan d'une session")
        parser.add_argument("--lang", default="fr", help="fr, it ou en (fr par défaut)")
        parser.add_argument("--format", dest="fmt", default="json", help="json, html, pdf ou xlsx")
        parser.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help="le fichier à écrire (par défaut : la sortie standard, ou bilan-CODE.pdf/.xlsx)",
        )

    def handle(self, *args, lang, **options):
        if lang not in LANGS:
            raise CommandError(
                _("Langue inconnue : « %(lang)s ». Langues : %(langs)s.")
                % {"lang": lang, "langs": ", ".join(LANGS)}
            )
        with translation.override(lang):
            self._handle(lang=lang, **options)

    def _handle(self, *, lang, fmt, output, project, organisation, cohort, **options):
        if fmt not in FORMATS:
            raise CommandError(
                _("Format inconnu : « %(format)s ». Formats : %(formats)s.")
                % {"format": fmt, "formats": ", ".join(FORMATS)}
            )
        try:
            scope = scope_resolve(project=project, organisation=organisation, cohort=cohort)
        except ScopeNotFound as error:
            raise CommandError(str(error)) from None
        bilan = bilan_build(
            project=scope.project, organisation=scope.organisation, cohort=scope.cohort
        )
        try:
            content = bilan_render(bilan, fmt=fmt, lang=lang)
        except FormatUnavailable:
            raise CommandError(
                _("Le format %(format)s n'est pas encore disponible.") % {"format": fmt}
            ) from None

        if output is None and fmt in BINARY:
            output = default_filename(bilan, fmt)
        if output is None:
            self._logged(scope, fmt=fmt, lang=lang, file="-")
            self.stdout.write(content, ending="")
            return
        path = Path(output)
        try:
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        except OSError as error:
            raise CommandError(
                _("Impossible d'écrire %(path)s : %(error)s")
                % {"path": path, "error": error.strerror or error}
            ) from None
        self._logged(scope, fmt=fmt, lang=lang, file=str(path.resolve()))
        self.stderr.write(_("Bilan écrit dans %(path)s") % {"path": path}, style_func=None)

    def _logged(self, scope, *, fmt: str, lang: str, file: str) -> None:
        """The access log's entry for this bilan: no account, the system user."""
        access_log(
            user=None,
            action=AuditEntry.Action.EXPORT,
            obj=scope.cohort or scope.organisation or scope.project,
            details={
                "export": "bilan",
                "format": fmt,
                "lang": lang,
                "file": file,
                **command_details(),
            },
        )
