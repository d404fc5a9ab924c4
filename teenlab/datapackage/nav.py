from django.utils.translation import gettext_lazy as _

from teenlab.core.navigation import NavEntry

ENTRIES = [
    NavEntry(
        "datapackage:package_import_start",
        _("Import et export"),
        action="datapackage.import",
        order=100,
        icon="upload",
        match="/data/",
    )
]
