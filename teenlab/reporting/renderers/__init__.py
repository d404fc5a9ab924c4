"""The renderers of the bilan: one small class per output format, found by :func:`renderer_get`.

Each renderer (:class:`~teenlab.reporting.renderers.base.Renderer`) has an identifier (``pdf``),
a media type, a file name and ``render(bilan, language) -> bytes``; it formats a
:class:`~teenlab.reporting.bilan.Bilan` and never queries the database. ``teenlab bilan``, the
bilan page's downloads and ``teenlab demo`` all go through this registry, and name their files
by one rule, :func:`~teenlab.reporting.renderers.base.bilan_filename`.

A format's module (``json``, ``html``, ``pdf``, ``xlsx``) is imported only when that format is
asked for: the HTML's charts load matplotlib and the PDF WeasyPrint, seconds that the JSON does
not need.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from teenlab.reporting.bilan import Bilan
from teenlab.reporting.renderers.base import FormatUnavailable, Renderer, bilan_filename

# Identifier: the class of its renderer, in the order the formats are listed and written.
REGISTRY = {
    "json": "teenlab.reporting.renderers.json.JsonRenderer",
    "html": "teenlab.reporting.renderers.html.HtmlRenderer",
    "pdf": "teenlab.reporting.renderers.pdf.PdfRenderer",
    "xlsx": "teenlab.reporting.renderers.xlsx.XlsxRenderer",
}
FORMATS = tuple(REGISTRY)

__all__ = [
    "FORMATS",
    "FormatUnavailable",
    "Renderer",
    "UnknownFormat",
    "Written",
    "bilan_filename",
    "renderer_get",
    "write_bilan",
]


class UnknownFormat(ValueError):
    """No renderer has this identifier (the message, translated, lists those that exist)."""


@cache
def _renderer(name: str) -> Renderer:
    renderer: Renderer = import_string(REGISTRY[name])()
    return renderer


def renderer_get(name: str) -> Renderer:
    """The renderer of format ``name``; :class:`UnknownFormat` (translated) if there is none."""
    if name not in REGISTRY:
        raise UnknownFormat(
            _("Format inconnu : « %(format)s ». Formats : %(formats)s.")
            % {"format": name, "formats": ", ".join(FORMATS)}
        )
    return _renderer(name)


@dataclass(frozen=True)
class Written:
    """What :func:`write_bilan` wrote, and the formats this machine cannot produce."""

    paths: tuple[Path, ...]
    unavailable: tuple[FormatUnavailable, ...] = ()


def write_bilan(
    bilan: Bilan, *, lang: str, formats: Iterable[str] = FORMATS, folder: Path
) -> Written:
    """Write the bilan in each format into ``folder`` (created if needed). An unknown format is
    refused before anything is written; an unavailable one is skipped and reported. The list
    of trainees (a bilan built with ``trainees=True``) goes to the formats that list them only:
    the JSON written is ``teenlab bilan --format json``'s."""
    renderers = [renderer_get(name) for name in formats]
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths, unavailable = [], []
    for renderer in renderers:
        try:
            shown = bilan if renderer.lists_trainees else bilan.without_trainees()
            content = renderer.render(shown, lang)
        except FormatUnavailable as error:
            unavailable.append(error)
            continue
        path = folder / renderer.filename(bilan, lang)
        path.write_bytes(content)
        paths.append(path)
    return Written(paths=tuple(paths), unavailable=tuple(unavailable))
