from django.utils.translation import gettext_lazy as _

from teenlab.core.navigation import NavEntry

ENTRIES = [
    NavEntry(
        "finance:budget_overview",
        _("Budget"),
        action="budget.view",
        order=80,
        icon="wallet",
        match="/budget/",
    )
]
