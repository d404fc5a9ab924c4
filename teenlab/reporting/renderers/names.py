"""Proper names are never hyphenated in the PDF bilan (issue 11, point 4: no « Pi-nerolo »).

The PDF keeps WeasyPrint's hyphenation (``hyphens: auto``) for the words of its justified texts
and narrow table cells, but every capitalised word of its text (a name: Pinerolo, Chambéry,
Dynamo, TEENLAB, Thierry Repentin; a sentence's first word too, at no cost) is wrapped in
``<span class="name">``, which ``bilan.css`` prints with ``hyphens: manual``: a line breaks
before or after it, never inside. A name with a hyphen of its own (Saint-Alban-Leysse) may
still break at that hyphen, as printed names do. Only the PDF's HTML is marked (the HTML file
and the web page are left as the templates write them).
"""

from __future__ import annotations

import re

# A word starting with a capital letter; not the inside of an escaped entity (``&#x27;``,
# ``&amp;``: lowercase).
_CAPITAL = re.compile(r"(?<![\w&#])([A-ZÀ-ÖØ-Þ][^\W_]*)")
_TAG = re.compile(r"(<[^>]*>)")
# Elements whose text is not the page's prose: left alone (an SVG <text> takes no <span>).
_SKIPPED = re.compile(r"<(/?)(svg|style|script|title)\b", re.IGNORECASE)


def names_marked(escaped: str) -> str:
    """``escaped`` (HTML-escaped text) with each capitalised word in ``<span class="name">``."""
    return _CAPITAL.sub(r'<span class="name">\1</span>', escaped)


def names_marked_html(html: str) -> str:
    """The document ``html`` with the capitalised words of its body's text marked."""
    start = html.find("<body")
    if start < 0:
        return html
    start = html.index(">", start) + 1
    parts = _TAG.split(html[start:])
    skipped: list[str] = []  # the open elements left alone
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            found = _SKIPPED.match(part)
            if found and not part.endswith("/>"):
                if found.group(1):
                    if skipped and skipped[-1] == found.group(2).lower():
                        skipped.pop()
                else:
                    skipped.append(found.group(2).lower())
        elif not skipped:
            parts[index] = names_marked(part)
    return html[:start] + "".join(parts)
