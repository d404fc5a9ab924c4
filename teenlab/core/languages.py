"""A record's text in a language: the Italian and English versions some record texts carry
beside the French one (``programme_it``, ``name_en``…; docs/web.md, "Names in each language")."""

from __future__ import annotations

from typing import Any


def in_language(record: Any, name: str, lang: str) -> str:
    """``record``'s text ``name`` in ``lang``: its ``{name}_it`` / ``{name}_en`` when written,
    else the French one (``name``). Works on models and on plain records (the bilan's *Info)."""
    if lang != "fr":
        translated = getattr(record, f"{name}_{lang}", "")
        if translated:
            return translated
    return getattr(record, name)
