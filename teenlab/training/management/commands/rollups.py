"""``teenlab rollups check [--project CODE] [--fix] [--lang fr|it|en]``: compare each
enrolment's stored attendance totals with a recomputation from the records.

Lists every enrolment whose totals differ (written outside the application: raw SQL, a restored
table); exit status 1 if any. ``--fix`` repairs them in one transaction, each repair journaled,
and exits 0.
"""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from teenlab.core.management.base import TeenlabCommand
from teenlab.core.management.options import language_argument
from teenlab.core.models import Project
from teenlab.training.rollups import Difference, rollups_check, rollups_fix

WRONG_STATUS = 1


def difference_message(difference: Difference) -> str:
    where = {"youth": difference.youth, "cohort": difference.cohort}
    if difference.stored is None:
        return _("Inscription de %(youth)s à %(cohort)s : totaux de présence absents.") % where
    changed = ", ".join(
        f"{name} {difference.stored[name]} → {value}"
        for name, value in difference.computed.items()
        if difference.stored[name] != value
    )
    return _("Inscription de %(youth)s à %(cohort)s : %(changed)s.") % {
        **where,
        "changed": changed,
    }


class Command(TeenlabCommand):
    help = gettext_lazy(
        "Compare les totaux de présence de chaque inscription avec un recalcul depuis les "
        "présences et nomme toute inscription dont les totaux diffèrent (code de sortie 1) ; "
        "--fix les corrige en une transaction journalisée."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="check")
        check = sub.add_parser("check", help=str(self.help), description=str(self.help))
        check.add_argument("--project", metavar="CODE", help=str(gettext_lazy("code du projet")))
        check.add_argument(
            "--fix",
            action="store_true",
            help=str(gettext_lazy("corrige les totaux qui diffèrent (journalisé)")),
        )
        language_argument(check)

    def handle(self, *args, subcommand, project, fix, lang, **options):
        from django.utils import translation

        with translation.override(lang):
            found = None
            if project is not None:
                found = Project.objects.filter(code=project).first()
                if found is None:
                    raise CommandError(_("Projet inconnu : %(code)s.") % {"code": project})
            differences = rollups_fix(project=found) if fix else rollups_check(project=found)
            for difference in differences:
                self.stdout.write(difference_message(difference))
            if not differences:
                self.stdout.write(_("Totaux de présence exacts."))
                return
            count = {"count": len(differences)}
            if fix:
                self.stdout.write(
                    ngettext(
                        "Totaux de présence corrigés : %(count)d inscription.",
                        "Totaux de présence corrigés : %(count)d inscriptions.",
                        len(differences),
                    )
                    % count
                )
                return
            raise CommandError(
                ngettext(
                    "Totaux de présence faux : %(count)d inscription.",
                    "Totaux de présence faux : %(count)d inscriptions.",
                    len(differences),
                )
                % count,
                returncode=WRONG_STATUS,
            )
