"""The renderers of the bilan: one small class per output format, all in :data:`RENDERERS`.

Each renderer has an identifier (``pdf``), a media type, a file extension and
``render(bilan, language) -> bytes``; it formats a :class:`~teenlab.reporting.bilan.Bilan` and
never queries the database. ``teenlab bilan``, the bilan page's downloads and ``teenlab demo``
all go through this registry, and name their files by one rule, :func:`bilan_filename`.

The work is done by the format's own module (``json``, ``html``, ``pdf``, ``xlsx``), imported
only when that format is asked for: the HTML's charts load matplotlib and the PDF WeasyPrint,
seconds that the JSON does not need.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teenlab.core.filenames import safe_filename
from teenlab.reporting.bilan import Bilan


class UnknownFormat(ValueError):
    """No renderer has this identifier (the message, translated, lists those that exist)."""


class FormatUnavailable(Exception):
    """This format cannot be produced on this machine (the message, translated, says why)."""


class Renderer:
    """One output format of the bilan."""

    name: ClassVar[str]  # the identifier: --format NAME, /bilan/download/NAME/
    media_type: ClassVar[str]
    label: ClassVar[str | Promise]  # what a download link says
    binary: ClassVar[bool] = True  # never printed to a terminal: written to a file

    @property
    def extension(self) -> str:
        return f".{self.name}"

    @property
    def content_type(self) -> str:
        """The HTTP Content-Type header (text formats say they are UTF-8)."""
        return self.media_type if self.binary else f"{self.media_type}; charset=utf-8"

    @property
    def unavailable(self) -> str:
        """Why this machine cannot produce the format (translated), or ``""``."""
        return ""

    def available_or_raise(self) -> None:
        if reason := self.unavailable:
            raise FormatUnavailable(reason)

    def filename(self, bilan: Bilan, language: str) -> str:
        return bilan_filename(bilan, lang=language, fmt=self.name)

    def render(self, bilan: Bilan, language: str) -> bytes:
        raise NotImplementedError


class JsonRenderer(Renderer):
    name = "json"
    media_type = "application/json"
    label = gettext_lazy("Données JSON")
    binary = False

    def render(self, bilan: Bilan, language: str) -> bytes:
        """The figures of spec/indicators.md: codes, not labels, the same in every language."""
        from teenlab.reporting.renderers.json import render_json

        return render_json(bilan).encode("utf-8")


class HtmlRenderer(Renderer):
    name = "html"
    media_type = "text/html"
    label = gettext_lazy("Page HTML")
    binary = False

    def render(self, bilan: Bilan, language: str) -> bytes:
        from teenlab.reporting.renderers.html import render_html

        return render_html(bilan, language).encode("utf-8")


class PdfRenderer(Renderer):
    name = "pdf"
    media_type = "application/pdf"
    label = gettext_lazy("PDF")

    @property
    def unavailable(self) -> str:
        error = _weasyprint_error()
        if error is None:
            return ""
        return _(
            "Le bilan ne peut pas être produit en PDF sur cette machine : WeasyPrint ou la "
            "bibliothèque Pango dont il a besoin n'est pas installé (%(error)s). Les formats "
            "HTML, XLSX et JSON restent disponibles."
        ) % {"error": error}

    def render(self, bilan: Bilan, language: str) -> bytes:
        """The HTML report laid out on A4 pages by WeasyPrint."""
        self.available_or_raise()
        from teenlab.reporting.renderers.pdf import render_pdf

        return render_pdf(bilan, language)


@cache
def _weasyprint_error() -> ImportError | OSError | None:
    """Why WeasyPrint cannot be imported (it loads Pango when imported: a missing library is
    an OSError), or None; asked once per process."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        return error
    return None


class XlsxRenderer(Renderer):
    name = "xlsx"
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    label = gettext_lazy("Classeur XLSX")

    def render(self, bilan: Bilan, language: str) -> bytes:
        from teenlab.reporting.renderers.xlsx import render_xlsx

        return render_xlsx(bilan, language)


RENDERERS: dict[str, Renderer] = {
    renderer.name: renderer
    for renderer in (JsonRenderer(), HtmlRenderer(), PdfRenderer(), XlsxRenderer())
}
FORMATS = tuple(RENDERERS)


def renderer_get(name: str) -> Renderer:
    """The renderer of format ``name``; :class:`UnknownFormat` (translated) if there is none."""
    try:
        return RENDERERS[name]
    except KeyError:
        raise UnknownFormat(
            _("Format inconnu : « %(format)s ». Formats : %(formats)s.")
            % {"format": name, "formats": ", ".join(FORMATS)}
        ) from None


def bilan_filename(bilan: Bilan, *, lang: str, fmt: str) -> str:
    """The one name of a bilan's file, wherever it is written or downloaded:
    ``bilan-TEENLAB-fr.pdf``; a partner's or a cohort's code follows the project's."""
    scope = bilan.scope
    return safe_filename(
        "bilan", scope.project, scope.organisation, scope.cohort, lang, suffix=f".{fmt}"
    )


@dataclass(frozen=True)
class Written:
    """What :func:`write_bilan` wrote, and the formats this machine cannot produce."""

    paths: tuple[Path, ...]
    unavailable: tuple[FormatUnavailable, ...] = ()


def write_bilan(
    bilan: Bilan, *, lang: str, formats: Iterable[str] = FORMATS, folder: Path
) -> Written:
    """Write the bilan in each format into ``folder`` (created if needed). An unknown format is
    refused before anything is written; an unavailable one is skipped and reported."""
    renderers = [renderer_get(name) for name in formats]
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths, unavailable = [], []
    for renderer in renderers:
        try:
            content = renderer.render(bilan, lang)
        except FormatUnavailable as error:
            unavailable.append(error)
            continue
        path = folder / renderer.filename(bilan, lang)
        path.write_bytes(content)
        paths.append(path)
    return Written(paths=tuple(paths), unavailable=tuple(unavailable))
