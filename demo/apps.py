from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo content and ``manage.py loaddemo``: depends on the product's apps, never the reverse."""

    name = "demo"
    verbose_name = _("Demo content")
