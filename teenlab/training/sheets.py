"""The printable sign-in sheet (feuille d'émargement): one slot, or every slot of a week, laid
out on A4 pages by WeasyPrint in the active language (fr, it or en)."""

from __future__ import annotations

import logging
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation

from teenlab.training.selectors import Sheet

FONTS_CSS = Path(__file__).resolve().parent.parent / "static" / "reporting" / "fonts.css"


def sheet_html(*, sheets: list[Sheet], lang: str, title: str) -> str:
    with translation.override(lang):
        return render_to_string(
            "training/sheet_pdf.html",
            {
                "sheets": sheets,
                "title": title,
                "lang": lang,
                "fonts_css_url": FONTS_CSS.as_uri(),
                "generated_at": timezone.localtime(),
            },
        )


def sheet_pdf(*, sheets: list[Sheet], lang: str, title: str) -> bytes:
    # Imported here: WeasyPrint loads Pango and fonts, which only the PDF needs.
    from weasyprint import HTML

    html = sheet_html(sheets=sheets, lang=lang, title=title)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return HTML(string=html, base_url=FONTS_CSS.parent.as_uri() + "/").write_pdf()
