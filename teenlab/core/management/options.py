"""The ``--lang`` option every teenlab command shares (the language of its messages)."""

from __future__ import annotations

from argparse import ArgumentParser

from django.conf import settings

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def language_argument(parser: ArgumentParser) -> None:
    """``--lang fr|it|en``, the site's language by default."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help=f"langue des messages : fr, it ou en ({settings.LANGUAGE_CODE} par défaut)",
    )
