"""EU publicity on the printed documents (issue 11, point 4): the emblem of the European Union
and the funding statement the programme's rules require, on the bilan's cover and on the
sign-in sheets.

The emblem is drawn here from its official geometric construction (Commission Implementing
Regulation (EU) No 821/2014, Annex II; the EU's graphical guide): a blue rectangle whose width is
one and a half times its height; twelve gold five-pointed stars, upright (one point up), at the
hours of a clock on an invisible circle centred where the diagonals cross, of radius one third
of the height; each star's points on a circle of radius one eighteenth of the height. Colours:
Reflex Blue ``#003399``, Yellow ``#FFCC00``. :func:`eu_emblem_svg` writes it;
``static/teenlab/eu-emblem.svg`` is its output (a test keeps them equal): nothing downloaded.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _

from teenlab.core.models import Project

EMBLEM_FILE = Path(__file__).resolve().parent.parent / "static" / "teenlab" / "eu-emblem.svg"
EMBLEM_BLUE = "#003399"
EMBLEM_YELLOW = "#FFCC00"
EMBLEM_HEIGHT = 540
STATEMENT_LANGUAGES = ("fr", "it", "en")  # any height: the construction is in fractions of it


def _star_points(x: float, y: float, radius: float) -> str:
    """A regular five-pointed star centred on (x, y), one point up, its points on ``radius``."""
    inner = radius * math.cos(math.radians(72)) / math.cos(math.radians(36))
    points = []
    for k in range(10):
        angle = math.radians(-90 + 36 * k)
        length = radius if k % 2 == 0 else inner
        points.append(f"{x + length * math.cos(angle):.2f},{y + length * math.sin(angle):.2f}")
    return " ".join(points)


def eu_emblem_svg(height: int = EMBLEM_HEIGHT) -> str:
    """The EU emblem as an SVG document, from the official construction."""
    width = height * 3 // 2
    centre_x, centre_y = width / 2, height / 2
    circle, star = height / 3, height / 18
    positions = [
        (
            centre_x + circle * math.cos(math.radians(30 * hour - 90)),
            centre_y + circle * math.sin(math.radians(30 * hour - 90)),
        )
        for hour in range(12)
    ]
    stars = "\n".join(f'    <polygon points="{_star_points(x, y, star)}"/>' for x, y in positions)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<!-- The emblem of the European Union, drawn by teenlab.core.publicity.eu_emblem_svg "
        "from its official geometric construction. -->\n"
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">\n'
        f'  <rect width="{width}" height="{height}" fill="{EMBLEM_BLUE}"/>\n'
        f'  <g fill="{EMBLEM_YELLOW}">\n{stars}\n  </g>\n</svg>\n'
    )


def default_funding_statement(lang: str) -> str:
    """The ERDF's usual wording (Regulation (EU) No 1303/2013, Annex XII, 2.2: the Union and the
    Fund named), in ``lang``."""
    with translation.override(lang):
        return _("Projet cofinancé par le Fonds européen de développement régional (FEDER)")


@cache
def emblem_data_url() -> str:
    """The emblem's file as a ``data:`` URL (the PDF and the HTML file carry it inline)."""
    return "data:image/svg+xml;base64," + base64.b64encode(EMBLEM_FILE.read_bytes()).decode()


@dataclass(frozen=True)
class Publicity:
    """What a printed document shows of its EU funding: the emblem (a ``data:`` URL, ``""``
    when the project prints none), the words beside it, the funding statement (``""``: none)."""

    emblem_src: str
    union: str
    statement: str

    def __bool__(self) -> bool:
        return bool(self.emblem_src or self.statement)


def project_statements(project: Project) -> dict[str, str]:
    """{language: the project's own funding statement} of the languages it wrote one in."""
    statements = {
        lang: (getattr(project, f"funding_statement_{lang}", "") or "").strip()
        for lang in STATEMENT_LANGUAGES
    }
    return {lang: text for lang, text in statements.items() if text}


def publicity(*, eu_emblem: bool, statements: Mapping[str, str], lang: str) -> Publicity:
    """The emblem and the statement in ``lang``: the project's own statement in that language,
    else, with the emblem, the ERDF's usual wording; without the emblem and a statement of its
    own, nothing (a project the Union does not fund)."""
    statement = statements.get(lang, "")
    if eu_emblem and not statement:
        statement = default_funding_statement(lang)
    with translation.override(lang):
        union = _("Union européenne") if eu_emblem else ""
    return Publicity(
        emblem_src=emblem_data_url() if eu_emblem else "", union=union, statement=statement
    )


def project_publicity(project: Project, lang: str) -> Publicity:
    return publicity(eu_emblem=project.eu_emblem, statements=project_statements(project), lang=lang)
