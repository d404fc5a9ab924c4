"""``teenlab bilan --format pdf``: the HTML report laid out on A4 pages by WeasyPrint."""

from __future__ import annotations

import logging

from teenlab.reporting.bilan import Bilan
from teenlab.reporting.formatting import lang_resolve
from teenlab.reporting.renderers.html import STATIC, render_html


def render_pdf(bilan: Bilan, lang: str) -> bytes:
    """The PDF of the report in ``lang``, its fonts embedded."""
    # Imported here: WeasyPrint loads Pango and fonts, which only the PDF needs.
    from weasyprint import HTML

    lang = lang_resolve(lang)
    html = render_html(bilan, lang, for_pdf=True)
    # WeasyPrint logs each CSS property it does not know (those meant for browsers) as a warning.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = HTML(string=html, base_url=STATIC.as_uri() + "/")
    # Tagged: headings, lists and tables reach screen readers (and cost next to nothing).
    return document.write_pdf(pdf_tags=True)
