"""What every renderer of the bilan is: an identifier, a media type, a file name and
``render(bilan, language) -> bytes``; and the one rule that names a bilan's file."""

from __future__ import annotations

from typing import ClassVar

from django.utils.functional import Promise

from teenlab.core.filenames import safe_filename
from teenlab.reporting.bilan import Bilan, Figures


class FormatUnavailable(Exception):
    """This format cannot be produced on this machine (the message, translated, says why)."""


class Renderer:
    """One output format of the bilan."""

    name: ClassVar[str]  # the identifier: --format NAME, /bilan/download/NAME/
    media_type: ClassVar[str]
    label: ClassVar[str | Promise]  # what a download link says
    binary: ClassVar[bool] = True  # never printed to a terminal: written to a file
    # Lists every trainee (``bilan_build(trainees=True)``): a row per enrolment, which only
    # the formats that print it make the database read.
    lists_trainees: ClassVar[bool] = False
    # Prints the figures and nothing around them (``render_figures``): the command computes
    # only ``bilan_figures``, not the report's context (examples, annex, budgets, texts).
    figures_only: ClassVar[bool] = False

    @property
    def extension(self) -> str:
        return f".{self.name}"

    @property
    def content_type(self) -> str:
        """The HTTP Content-Type header (text formats say they are UTF-8)."""
        return self.media_type if self.binary else f"{self.media_type}; charset=utf-8"

    @property
    def unavailable(self) -> str:
        """Why this machine cannot produce the format (translated), or ``""``."""
        return ""

    def available_or_raise(self) -> None:
        if reason := self.unavailable:
            raise FormatUnavailable(reason)

    def filename(self, bilan: Bilan, language: str) -> str:
        return bilan_filename(bilan, lang=language, fmt=self.name)

    def render(self, bilan: Bilan, language: str) -> bytes:
        raise NotImplementedError

    def render_figures(self, figures: Figures, language: str) -> bytes:
        """The format from the figures alone (``figures_only`` formats)."""
        raise NotImplementedError


def bilan_filename(bilan: Bilan, *, lang: str, fmt: str) -> str:
    """The one name of a bilan's file, wherever it is written or downloaded:
    ``bilan-TEENLAB-fr.pdf``; a partner's or a cohort's code follows the project's."""
    scope = bilan.scope
    return safe_filename(
        "bilan", scope.project, scope.organisation, scope.cohort, lang, suffix=f".{fmt}"
    )
