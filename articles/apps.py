from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from newsroom import pagecache

        from . import (
            invalidation,  # connects the cache receivers
            receivers,  # noqa: F401  (connects the search index's receivers)
        )

        pagecache.register_next_publication(invalidation.next_publication)
