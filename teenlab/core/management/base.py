"""What every teenlab command shares: help texts that may be lazy translations, and no system
checks before it runs."""

from typing import Any

from django.core.management.base import BaseCommand, DjangoHelpFormatter


class TranslatedHelpFormatter(DjangoHelpFormatter):
    """argparse wants plain strings; ``gettext_lazy`` help texts are turned into the active
    language's text when the help is printed (not when the command's module is imported)."""

    def _fill_text(self, text, width, indent):
        return super()._fill_text(str(text), width, indent)

    def _split_lines(self, text, width):
        return super()._split_lines(str(text), width)


class TeenlabCommand(BaseCommand):
    # A lazy translation (a str for BaseCommand), printed in the language active for --help.
    help: Any = ""
    # Django's system checks load the URLconf, hence every view, the report renderers and
    # matplotlib: seconds before a command reads a row. They are for developers and the web
    # server (``teenlab serve`` and ``teenlab check`` still run them; so does the test suite).
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs.setdefault("formatter_class", TranslatedHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)
