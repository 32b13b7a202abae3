from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from newsroom import pagecache

        from . import signals  # noqa: F401 - connects the receivers
        from .cookies import has_personal_comment_state
        from .selectors import asks_for_the_whole_form

        pagecache.register_personal_state(has_personal_comment_state)
        pagecache.register_personal_state(asks_for_the_whole_form)
