"""The printable sign-in sheet (feuille d'émargement): one slot, or every slot of a week, laid
out on A4 pages by WeasyPrint in the active language (fr, it or en)."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from teenlab.core.logos import logos_of_cohorts
from teenlab.core.publicity import project_publicity
from teenlab.training.selectors import Sheet
from teenlab.training.templatetags.training import css_string

STATIC = Path(__file__).resolve().parent.parent / "static"
FONTS_CSS = STATIC / "reporting" / "fonts.css"
SHEET_CSS = STATIC / "teenlab" / "sheet-pdf.css"


def sheet_html(*, sheets: list[Sheet], lang: str, title: str) -> str:
    logos = logos_of_cohorts({sheet.slot.cohort for sheet in sheets})
    projects = {sheet.slot.cohort.project for sheet in sheets}
    publicity = {project.pk: project_publicity(project, lang) for project in projects}
    with translation.override(lang):
        return render_to_string(
            "training/sheet_pdf.html",
            {
                "sheets": sheets,
                "printed": [
                    (
                        sheet,
                        logos[sheet.slot.cohort_id],
                        publicity[sheet.slot.cohort.project_id],
                    )
                    for sheet in sheets
                ],
                "title": title,
                "lang": lang,
                "fonts_css_url": FONTS_CSS.as_uri(),
                "sheet_css_url": SHEET_CSS.as_uri(),
            },
        )


def page_margins_css(*, lang: str, title: str, generated_at: dt.datetime) -> str:
    """The words of every page's running header and footer (their style is in sheet-pdf.css)."""
    with translation.override(lang):
        sheet_word = css_string(_("Feuille d'émargement"))
        printed_word = css_string(_("Édité le"))
        printed_on = css_string(
            " " + date_format(timezone.localtime(generated_at), "SHORT_DATETIME_FORMAT")
        )
        page_word = css_string(_("page"))
    return (
        "@page {"
        f" @top-left {{ content: {sheet_word}; }}"
        f" @top-right {{ content: {css_string(title)}; }}"
        f" @bottom-left {{ content: {printed_word} {printed_on}; }}"
        f' @bottom-right {{ content: {page_word} " " counter(page) " / " counter(pages); }}'
        " }"
    )


def sheet_pdf(*, sheets: list[Sheet], lang: str, title: str) -> bytes:
    # Imported here: WeasyPrint loads Pango and fonts, which only the PDF needs.
    from weasyprint import CSS, HTML

    html = sheet_html(sheets=sheets, lang=lang, title=title)
    margins = page_margins_css(lang=lang, title=title, generated_at=timezone.now())
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return HTML(string=html, base_url=STATIC.as_uri() + "/").write_pdf(
        stylesheets=[CSS(string=margins)]
    )
