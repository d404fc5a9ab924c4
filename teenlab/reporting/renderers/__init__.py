"""Renderers: each formats a Bilan (json, html, pdf, xlsx) and never queries the database."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from django.utils.translation import gettext as _

from teenlab.core.filenames import safe_filename
from teenlab.reporting.bilan import Bilan

FORMATS = ("json", "html", "pdf", "xlsx")


def bilan_filename(bilan: Bilan, *, lang: str, fmt: str) -> str:
    """``bilan-TEENLAB-fr.pdf``; a partner's or a cohort's code follows the project's."""
    scope = bilan.scope
    return safe_filename(
        "bilan", scope.project, scope.organisation, scope.cohort, lang, suffix=f".{fmt}"
    )


def render_bilan(bilan: Bilan, *, lang: str, fmt: str) -> bytes:
    """The bilan in one format, as the bytes of its file."""
    if fmt == "json":
        from teenlab.reporting.renderers.json import render_json

        return render_json(bilan).encode("utf-8")
    if fmt == "html":
        from teenlab.reporting.renderers.html import render_html

        return render_html(bilan, lang).encode("utf-8")
    if fmt == "pdf":
        from teenlab.reporting.renderers.pdf import render_pdf

        return render_pdf(bilan, lang)
    if fmt == "xlsx":
        from teenlab.reporting.renderers.xlsx import render_xlsx

        return render_xlsx(bilan, lang)
    raise ValueError(_format_error(fmt))


def write_bilan(
    bilan: Bilan, *, lang: str, formats: Iterable[str] = FORMATS, folder: Path
) -> list[Path]:
    """Write the bilan in each format into ``folder`` (created if needed); the paths written."""
    formats = list(formats)
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown:
        raise ValueError(_format_error(unknown[0]))
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = folder / bilan_filename(bilan, lang=lang, fmt=fmt)
        path.write_bytes(render_bilan(bilan, lang=lang, fmt=fmt))
        written.append(path)
    return written


def _format_error(fmt: str) -> str:
    return _("Format inconnu : « %(format)s ». Formats : %(formats)s.") % {
        "format": fmt,
        "formats": ", ".join(FORMATS),
    }
