"""``teenlab attendance verify [--project CODE] [--lang fr|it|en]``: check every slot's
attendance ledger against itself and against its sheet.

Exit status 0 when every ledger holds; 1 when a slot is named (its entries edited or removed, or
its attendance, signatures, countersignature or corrections no longer what its ledger says).
"""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from teenlab.core.management.base import TeenlabCommand
from teenlab.core.management.options import language_argument
from teenlab.core.models import Project
from teenlab.training.ledger import SlotProblem, ledger_verify
from teenlab.training.models import Slot

BROKEN_STATUS = 1


def problem_message(problem: SlotProblem) -> str:
    where = {"slot": problem.slot, "youth": ", ".join(problem.youth)}
    if problem.kind == "edited":
        return _(
            "Créneau %(slot)s : entrée n° %(seq)d modifiée après coup (son contenu ne donne "
            "plus son empreinte)."
        ) % {**where, "seq": problem.seq}
    if problem.kind == "removed" and problem.seq == problem.last:
        return _("Créneau %(slot)s : entrée n° %(seq)d supprimée.") % {**where, "seq": problem.seq}
    if problem.kind == "removed":
        return _("Créneau %(slot)s : entrées n° %(first)d à %(last)d supprimées.") % {
            **where,
            "first": problem.seq,
            "last": problem.last,
        }
    if problem.kind == "attendance":
        return (
            _("Créneau %(slot)s : la présence de %(youth)s ne correspond plus au registre.") % where
        )
    if problem.kind == "signature":
        return (
            _("Créneau %(slot)s : la signature de %(youth)s ne correspond plus au registre.")
            % where
        )
    if problem.kind == "countersignature":
        return _("Créneau %(slot)s : la contre-signature ne correspond plus au registre.") % where
    return (
        _("Créneau %(slot)s : les corrections de %(youth)s ne correspondent plus au registre.")
        % where
    )


class Command(TeenlabCommand):
    help = gettext_lazy(
        "Vérifie le registre d'émargement de chaque créneau : recalcule les empreintes, rejoue "
        "les entrées et nomme tout créneau dont une entrée a été modifiée ou supprimée, ou dont "
        "la feuille ne dit plus ce que dit le registre (code de sortie 1)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="verify")
        verify = sub.add_parser("verify", help=str(self.help), description=str(self.help))
        verify.add_argument("--project", metavar="CODE", help=str(gettext_lazy("code du projet")))
        language_argument(verify)

    def handle(self, *args, subcommand, project, lang, **options):
        from django.utils import translation

        with translation.override(lang):
            slots = Slot.objects.all()
            if project is not None:
                found = Project.objects.filter(code=project).first()
                if found is None:
                    raise CommandError(_("Projet inconnu : %(code)s.") % {"code": project})
                slots = slots.filter(project=found)
            result = ledger_verify(slots=slots)
            for problem in result.problems:
                self.stdout.write(problem_message(problem))
            if result.ok:
                self.stdout.write(
                    ngettext(
                        "Registre d'émargement intact : %(slots)d créneau, %(entries)d entrées.",
                        "Registre d'émargement intact : %(slots)d créneaux, %(entries)d entrées.",
                        result.slots,
                    )
                    % {"slots": result.slots, "entries": result.entries}
                )
                return
            named = result.slots_named
            raise CommandError(
                ngettext(
                    "Registre d'émargement altéré : %(count)d créneau nommé (%(slots)s).",
                    "Registre d'émargement altéré : %(count)d créneaux nommés (%(slots)s).",
                    len(named),
                )
                % {"count": len(named), "slots": ", ".join(named)},
                returncode=BROKEN_STATUS,
            )
