"""``teenlab audit verify [--lang fr|it|en]``: check that no journal entry was edited or removed.

Exit status 0 when the chain holds; 1 when it names an edited or removed entry.
"""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from teenlab.core.chain import Problem, chain_verify
from teenlab.core.management.base import TeenlabCommand
from teenlab.core.management.options import language_argument
from teenlab.core.models import AuditEntry

BROKEN_STATUS = 1


def _action_label(action: str) -> str:
    try:
        return str(AuditEntry.Action(action).label)
    except ValueError:  # an action edited into something unknown
        return action


def problem_message(problem: Problem) -> str:
    if problem.kind == "edited":
        return _(
            "Entrée n° %(seq)d modifiée après coup (%(at)s, %(action)s, %(model)s n° %(id)s) : "
            "son contenu ne donne plus son empreinte."
        ) % {
            "seq": problem.seq,
            "at": formats.date_format(timezone.localtime(problem.at), "SHORT_DATETIME_FORMAT")
            if problem.at
            else "?",
            "action": _action_label(problem.action),
            "model": problem.model,
            "id": problem.object_id if problem.object_id is not None else "—",
        }
    if problem.kind in ("removed", "truncated") and problem.last == problem.seq:
        message = _("Entrée n° %(seq)d supprimée.") % {"seq": problem.seq}
    elif problem.kind in ("removed", "truncated"):
        message = _("Entrées n° %(first)d à %(last)d supprimées.") % {
            "first": problem.seq,
            "last": problem.last,
        }
    else:
        return _(
            "La tête du journal (n° %(seq)d) ne correspond pas à sa dernière entrée : "
            "elle a été modifiée."
        ) % {"seq": problem.seq}
    if problem.kind == "truncated":
        message += " " + _("Elles étaient les dernières du journal.")
    return message


class Command(TeenlabCommand):
    help = gettext_lazy(
        "Vérifie le journal : recalcule l'empreinte de chaque entrée et nomme toute entrée "
        "modifiée ou supprimée (code de sortie 1)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="verify")
        verify = sub.add_parser("verify", help=str(self.help), description=str(self.help))
        language_argument(verify)

    def handle(self, *args, subcommand, lang, **options):
        with translation.override(lang):
            result = chain_verify()
            for problem in result.problems:
                self.stdout.write(problem_message(problem))
            if result.ok:
                self.stdout.write(
                    ngettext(
                        "Journal intact : %(count)d entrée ; dernière empreinte (n° %(seq)d) : "
                        "%(hash)s",
                        "Journal intact : %(count)d entrées ; dernière empreinte (n° %(seq)d) : "
                        "%(hash)s",
                        result.entries,
                    )
                    % {"count": result.entries, "seq": result.head_seq, "hash": result.head_hash}
                )
                return
            raise CommandError(
                ngettext(
                    "Le journal a été altéré : %(count)d problème.",
                    "Le journal a été altéré : %(count)d problèmes.",
                    len(result.problems),
                )
                % {"count": len(result.problems)},
                returncode=BROKEN_STATUS,
            )
