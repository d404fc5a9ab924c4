"""The texts of the data package's narratives: the introduction, « Le bilan en quelques mots »,
the cooperation, the objectives, the pedagogy and the sections of a final report to Interreg.
Only ``**bold**``, paragraphs and ``- `` lists are honoured; the figures a text cites
(``{funnel.youth_recruited}``) are filled in the report's language
(:mod:`teenlab.reporting.figure_names`). A text shown in another language than the report's says
so (``fallback``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from teenlab.reporting.bilan import Bilan
from teenlab.reporting.figure_names import fill
from teenlab.reporting.renderers import labels

_BOLD = re.compile(r"\*\*(.+?)\*\*")


@dataclass(frozen=True)
class Block:
    kind: str  # "p" or "ul"
    items: list[SafeString]


@dataclass(frozen=True)
class Narrative:
    code: str
    title: str
    blocks: list[Block]
    # « texte en français : traduction italienne manquante » when the text is not in the
    # report's language; empty otherwise.
    fallback: str = ""


@dataclass(frozen=True)
class NarrativesSection:
    """The texts, in the bilan's language (else French, else any): None where there is none."""

    narratives_words: list[Narrative]
    narrative_cooperation: Narrative | None
    narrative_objectives: Narrative | None
    narrative_pedagogy: Narrative | None
    narrative_introduction: Narrative | None
    # Difficulties, deviations, sustainability, communication: those written, in that order.
    narratives_interreg: list[Narrative]


# The sections a final report to Interreg asks for, printed together before the contact.
INTERREG_SECTIONS = ("difficulties", "deviations", "sustainability", "communication")


def narratives_section(bilan: Bilan, lang: str) -> NarrativesSection:
    words = [
        narrative
        for narrative in (
            _narrative(bilan, "summary", lang, title=pgettext("narrative", "En résumé")),
            _narrative(bilan, "new_skills", lang),
            _narrative(bilan, "conclusion", lang),
        )
        if narrative
    ]
    return NarrativesSection(
        narratives_words=words,
        narrative_cooperation=_narrative(bilan, "cooperation", lang),
        narrative_objectives=_narrative(bilan, "objectives", lang),
        narrative_pedagogy=_narrative(bilan, "pedagogy", lang),
        narrative_introduction=_narrative(bilan, "introduction", lang),
        narratives_interreg=[
            narrative
            for narrative in (_narrative(bilan, code, lang) for code in INTERREG_SECTIONS)
            if narrative
        ],
    )


def _inline(text: str) -> SafeString:
    # Escaped first: a narrative is the user's text, never markup; only **bold** is honoured.
    return mark_safe(_BOLD.sub(r"<strong>\1</strong>", escape(text.strip())))


def narrative_blocks(text: str) -> list[Block]:
    """Blank-line-separated paragraphs become ``p``; runs of ``- `` lines become lists."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        kind = ""  # of the block being gathered
        lines: list[str] = []
        for line in chunk.split("\n"):
            stripped = line.strip()
            if not stripped:
                continue
            if stripped.startswith(("- ", "\u2022 ")):
                if kind == "p":
                    blocks.append(Block("p", [_inline(" ".join(lines))]))
                    lines = []
                kind = "ul"
                lines.append(stripped[2:])
            elif kind == "ul" and line[:1].isspace():
                lines[-1] += " " + stripped  # an indented continuation of the bullet
            else:
                if kind == "ul":
                    blocks.append(Block("ul", [_inline(item) for item in lines]))
                    lines = []
                kind = "p"
                lines.append(stripped)
        if kind == "p":
            blocks.append(Block("p", [_inline(" ".join(lines))]))
        elif kind == "ul":
            blocks.append(Block("ul", [_inline(item) for item in lines]))
    return blocks


def text_in(texts: dict[str, str], lang: str) -> tuple[str, str]:
    """(language, text): the text in ``lang``, else in French, else in any language it exists
    in; ("", "") when there is none."""
    for candidate in (lang, "fr", *sorted(texts)):
        text = (texts.get(candidate) or "").strip()
        if text:
            return candidate, text
    return "", ""


def narrative_text(bilan: Bilan, code: str, lang: str) -> str:
    """The narrative in ``lang``, else in French, else in any language it exists in."""
    return text_in(dict(bilan.narratives.get(code) or {}), lang)[1]


def fallback_note(shown: str, wanted: str) -> str:
    """« texte en français : traduction italienne manquante », in the active language."""
    if shown == wanted:
        return ""
    notes = {
        "fr": _("texte en français"),
        "it": _("texte en italien"),
        "en": _("texte en anglais"),
    }
    missing = {
        "fr": _("traduction française manquante"),
        "it": _("traduction italienne manquante"),
        "en": _("traduction anglaise manquante"),
    }
    if shown not in notes or wanted not in missing:
        return ""
    return _("%(text)s : %(missing)s") % {"text": notes[shown], "missing": missing[wanted]}


def _narrative(bilan: Bilan, code: str, lang: str, title: str | None = None) -> Narrative | None:
    shown, text = text_in(dict(bilan.narratives.get(code) or {}), lang)
    if not text:
        return None
    return Narrative(
        code,
        title or labels.narrative_section(code),
        # A text shown in another language is filled in its own: a French sentence keeps
        # French numbers and words.
        narrative_blocks(fill(text, bilan, shown)),
        fallback=fallback_note(shown, lang),
    )
