"""Names of the files teenlab writes and sends: built from safe slugs, never from raw input.

Codes already follow a pattern that holds no path separator (teenlab.core.codes), but a file
name is where a mistake costs most (a project coded ``X/../../tmp/victim`` once had an export
delete a file outside teenlab's folder), so every name is cut down here again.
"""

from __future__ import annotations

import re
import unicodedata

NAME_MAX_LENGTH = 150
UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
SUFFIX = re.compile(r"\A\.[a-z0-9]{1,8}\Z")


def slug(text: object) -> str:
    """``text`` as ASCII letters, digits, ``-``, ``_`` and ``.``, other runs becoming ``_``;
    never starting or ending with ``.``, ``_`` or ``-`` (so never ``.`` or ``..``)."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return UNSAFE.sub("_", ascii_text).strip("._-")


def safe_filename(*parts: object, suffix: str) -> str:
    """``parts`` slugged and joined by ``-``, then ``suffix`` (``.pdf``): a plain file name, to
    be joined to a folder teenlab owns. Empty parts are left out."""
    if not SUFFIX.match(suffix):
        raise ValueError(f"not a file suffix: {suffix!r}")
    stem = "-".join(piece for piece in (slug(part) for part in parts if part) if piece)
    return (stem[:NAME_MAX_LENGTH].rstrip("._-") or "teenlab") + suffix
