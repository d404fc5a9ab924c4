"""What ``teenlab backup`` and ``teenlab restore`` share: one archive argument, ``--lang``, and
a backup's error printed as the command's error (never a traceback)."""

from typing import Any

from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext_lazy

from teenlab.core.management.base import TeenlabCommand
from teenlab.core.management.options import language_argument
from teenlab.privacy.backup import BackupError


class ArchiveCommand(TeenlabCommand):
    file_help: Any = gettext_lazy("l'archive de teenlab backup")

    def add_arguments(self, parser):
        parser.add_argument("file", help=self.file_help)
        language_argument(parser)

    def handle(self, *args, file, lang, **options):
        with translation.override(lang):
            try:
                self.run(file=file)
            except BackupError as error:
                raise CommandError(str(error)) from None

    def run(self, *, file: str) -> None:
        raise NotImplementedError
