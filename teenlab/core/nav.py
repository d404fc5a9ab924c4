from django.utils.translation import gettext_lazy as _

from teenlab.core.navigation import NavEntry

ENTRIES = [
    NavEntry(
        "core:project_list",
        _("Projets"),
        action="project.setup",
        order=92,
        icon="layers",
        match="/projects/",
    ),
    NavEntry(
        "core:account_list",
        _("Comptes"),
        action="accounts.manage",
        order=95,
        icon="user",
        match="/accounts/",
    ),
]
