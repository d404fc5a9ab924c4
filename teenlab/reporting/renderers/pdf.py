"""``teenlab bilan --format pdf``: the HTML report laid out on A4 pages by WeasyPrint."""

from __future__ import annotations

import logging
from functools import cache

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teenlab.reporting.bilan import Bilan
from teenlab.reporting.formatting import lang_resolve
from teenlab.reporting.renderers.base import Renderer
from teenlab.reporting.renderers.html import STATIC, render_html_and_page_css
from teenlab.reporting.renderers.names import names_marked_html


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
        self.available_or_raise()
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


def render_pdf(bilan: Bilan, lang: str) -> bytes:
    """The PDF of the report in ``lang``, its fonts embedded."""
    # Imported here: WeasyPrint loads Pango and fonts, which only the PDF needs.
    from weasyprint import CSS, HTML

    lang = lang_resolve(lang)
    html, page_css = render_html_and_page_css(bilan, lang, for_pdf=True)
    html = names_marked_html(html)  # proper names never hyphenated
    # WeasyPrint logs each CSS property it does not know (those meant for browsers) as a warning.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = HTML(string=html, base_url=STATIC.as_uri() + "/")
    # PDF/UA-1: tagged (headings, lists, tables and images with their alternative text reach
    # screen readers), with its title, language and author (the HTML's <title>, lang and
    # <meta name="author">) in the document's metadata.
    return document.write_pdf(
        stylesheets=[CSS(string=page_css)], pdf_variant="pdf/ua-1", pdf_tags=True
    )
