"""One demo account per role, so that anyone can try teenlab as each of its users would."""

from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from teenlab.core.models import Organisation, Project, User

# A demo account, printed on screen on purpose.
DEMO_PASSWORD = "teenlab-demo"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role_field: str
    role_label: str
    organisation_role: str  # "own": the partner that runs the cohorts; "other": the other partner


DEMO_ACCOUNTS = (
    DemoAccount(
        "coordination", "Claire", "Martin", "is_coordinator", _("coordinateur·rice"), "own"
    ),
    DemoAccount("formation", "Thomas", "Girard", "is_trainer", _("formateur·rice"), "own"),
    DemoAccount("conseil", "Sophie", "Bernard", "is_counsellor", _("conseiller·ère"), "own"),
    DemoAccount("audit", "Marc", "Lefèvre", "is_auditor", _("auditeur·rice"), "own"),
    DemoAccount("partenaire", "Giulia", "Bianchi", "is_partner", _("partenaire"), "other"),
)


@transaction.atomic
def demo_accounts_create(*, project: Project) -> list[tuple[DemoAccount, User]]:
    """Create (or reset) the demo accounts of ``project``.

    The organisation that runs the cohorts is "own"; the partner is another organisation of the
    project (the lead partner, Pinerolo, in the TEEN LAB demo).
    """
    own = Organisation.objects.filter(cohorts__project=project).order_by("code").distinct().first()
    other = (
        Organisation.objects.filter(partnerships__project=project)
        .exclude(pk=own.pk)
        .order_by("code")
        .first()
    )
    created = []
    for account in DEMO_ACCOUNTS:
        organisation = own if account.organisation_role == "own" else other
        user, _created = User.objects.get_or_create(username=account.username)
        user.organisation = organisation
        user.first_name, user.last_name = account.first_name, account.last_name
        for field in ("is_coordinator", "is_trainer", "is_counsellor", "is_partner", "is_auditor"):
            setattr(user, field, field == account.role_field)
        user.is_staff = user.is_superuser = False
        user.is_active = True
        # Anyone may try the demo: its accounts skip the second factor (``teenlab demo`` says so).
        user.is_demo, user.must_change_password = True, False
        validate_password(DEMO_PASSWORD, user)
        user.set_password(DEMO_PASSWORD)
        user.save()
        if account.role_field == "is_trainer":
            user.cohorts_taught.set(project.cohorts.filter(organisation=organisation))
        created.append((account, user))
    return created
