from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatapackageConfig(AppConfig):
    name = "teenlab.datapackage"
    verbose_name = _("Paquet de données")
