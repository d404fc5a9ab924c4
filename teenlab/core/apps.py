from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "teenlab.core"
    verbose_name = _("Organisations, projets, comptes")
