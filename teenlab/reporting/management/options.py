"""What ``teenlab bilan`` and ``teenlab verify`` share: the scope and language options, and the
bilan they name."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from teenlab.reporting.bilan import Bilan
from teenlab.reporting.scoping import ResolvedScope, ScopeNotFound, scope_resolve
from teenlab.reporting.selectors import bilan_build

LANGS = ("fr", "it", "en")


def scope_arguments(parser: ArgumentParser) -> None:
    """``--project``, ``--organisation``, ``--cohort`` and ``--lang``."""
    parser.add_argument("--project", metavar="CODE", help="le projet (s'il y en a plusieurs)")
    parser.add_argument("--organisation", metavar="CODE", help="le bilan d'un partenaire")
    parser.add_argument("--cohort", metavar="CODE", help="le bilan d'une session")
    parser.add_argument("--lang", default="fr", help="fr, it ou en (fr par défaut)")


def language_checked(lang: str, *, returncode: int = 1) -> str:
    """``lang`` if the bilan speaks it, else a translated CommandError listing those it does."""
    if lang not in LANGS:
        raise CommandError(
            _("Langue inconnue : « %(lang)s ». Langues : %(langs)s.")
            % {"lang": lang, "langs": ", ".join(LANGS)},
            returncode=returncode,
        )
    return lang


def scoped_bilan(
    *,
    project: str | None,
    organisation: str | None,
    cohort: str | None,
    returncode: int = 1,
    trainees: bool = False,
) -> tuple[ResolvedScope, Bilan]:
    """The records the codes name and their bilan (``trainees``: with every trainee's row);
    a code that names nothing is a CommandError that lists the valid ones."""
    scope = scope_of(
        project=project, organisation=organisation, cohort=cohort, returncode=returncode
    )
    bilan = bilan_build(
        project=scope.project,
        organisation=scope.organisation,
        cohort=scope.cohort,
        trainees=trainees,
    )
    return scope, bilan


def scope_of(
    *, project: str | None, organisation: str | None, cohort: str | None, returncode: int = 1
) -> ResolvedScope:
    """The records the codes name; a code that names nothing is a CommandError that lists the
    valid ones."""
    try:
        return scope_resolve(project=project, organisation=organisation, cohort=cohort)
    except ScopeNotFound as error:
        raise CommandError(str(error), returncode=returncode) from None


def output_arguments(parser: ArgumentParser, *, stem: str, formats: tuple[str, ...]) -> None:
    """``--format`` and ``-o/--output`` of a report command."""
    parser.add_argument(
        "--format", dest="fmt", default="json", help=f"{', '.join(formats)} (json par défaut)"
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="le fichier à écrire (par défaut : la sortie standard pour json et html, "
        f"{stem}-CODE-LANGUE.pdf/.xlsx pour les autres)",
    )


def output_write(content: bytes, output: str) -> str:
    """Writes ``content`` to the file ``output``; its absolute path. A translated
    CommandError when it cannot."""
    path = Path(output)
    try:
        path.write_bytes(content)
    except OSError as error:
        raise CommandError(
            _("Impossible d'écrire %(path)s : %(error)s")
            % {"path": path, "error": error.strerror or error}
        ) from None
    return str(path.resolve())


def export_logged(scope: ResolvedScope, **details: str) -> None:
    """The access log's entry for a report a command wrote: no account, the system user."""
    from teenlab.core.audit import access_log, command_details
    from teenlab.core.models import AuditEntry

    access_log(
        user=None,
        action=AuditEntry.Action.EXPORT,
        obj=scope.cohort or scope.organisation or scope.project,
        details={**details, **command_details()},
    )
