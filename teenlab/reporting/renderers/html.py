"""``teenlab bilan --format html``: the report as one HTML document, also the source of the PDF.

One template, ``reporting/bilan.html``, for the web page and the PDF; the report's body is
``reporting/_bilan_body.html``, which a page of the web application can include with the
context of :func:`bilan_html_context`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from teenlab.reporting.bilan import Bilan
from teenlab.reporting.formatting import lang_resolve
from teenlab.reporting.renderers.base import Renderer
from teenlab.reporting.renderers.report import Report, report_build

STATIC = Path(__file__).resolve().parent.parent.parent / "static" / "reporting"
TEMPLATE = "reporting/bilan.html"
BODY_TEMPLATE = "reporting/_bilan_body.html"


@cache
def _stylesheet() -> str:
    return (STATIC / "bilan.css").read_text(encoding="utf-8")


def css_string(text: str) -> str:
    """``text`` as a CSS string literal, safe inside a ``<style>`` element."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '"\\<>&' or ord(char) < 32 else char for char in text
    )
    return f'"{escaped}"'


def page_css(report: Report) -> SafeString:
    """The running header and footer of every printed page: scope, date, page x / y."""
    marker = "\x00"
    numbering = _("page %(page)s / %(pages)s") % {"page": marker + "P", "pages": marker + "T"}
    pieces = []
    for part in numbering.split(marker):
        if part.startswith("P"):
            pieces.append("counter(page)")
            part = part[1:]
        elif part.startswith("T"):
            pieces.append("counter(pages)")
            part = part[1:]
        if part:
            pieces.append(css_string(part))
    generated = _("Généré le %(date)s") % {"date": report.generated_on}
    return mark_safe(
        "@page {"
        f" @top-left {{ content: {css_string(report.scope_label)}; }}"
        f" @top-right {{ content: {css_string(report.title)}; }}"
        f" @bottom-left {{ content: {css_string(generated)}; }}"
        f" @bottom-right {{ content: {' '.join(pieces)}; }}"
        " }"
    )


def bilan_html_context(bilan: Bilan, lang: str, *, for_pdf: bool = False) -> dict[str, Any]:
    """The template context of the report (call inside ``translation.override(lang)``)."""
    from teenlab.reporting.frameworks.render import bilan_annex

    report = report_build(bilan, lang)
    return {
        "report": report,
        "annex": bilan_annex(bilan.funder_indicators, lang=lang),
        "for_pdf": for_pdf,
        "stylesheet": "" if for_pdf else mark_safe(_stylesheet()),
        "stylesheet_url": (STATIC / "bilan.css").as_uri(),
        "page_css": page_css(report),
        "fonts_css_url": (STATIC / "fonts.css").as_uri()
        if for_pdf
        else static("reporting/fonts.css"),
    }


def render_html(bilan: Bilan, lang: str, *, for_pdf: bool = False) -> str:
    """The whole report as an HTML document in ``lang`` (fr, it, en)."""
    return render_html_and_page_css(bilan, lang, for_pdf=for_pdf)[0]


def render_html_and_page_css(bilan: Bilan, lang: str, *, for_pdf: bool) -> tuple[str, str]:
    """The report's HTML and its running header and footer's CSS (which the HTML file holds;
    the PDF's template links the stylesheet's file and leaves those to WeasyPrint)."""
    lang = lang_resolve(lang)
    with translation.override(lang):
        context = bilan_html_context(bilan, lang, for_pdf=for_pdf)
        return render_to_string(TEMPLATE, context), context["page_css"]


class HtmlRenderer(Renderer):
    """One HTML file, its charts inline; the web page shows the same body."""

    name, media_type, binary = "html", "text/html", False
    label = gettext_lazy("Page HTML")

    def render(self, bilan: Bilan, language: str) -> bytes:
        return render_html(bilan, language).encode("utf-8")
