"""Keeps the search index in step with the articles (articles/search.py).

Connected in ``ArticlesConfig.ready()``. Saves that write no indexed field
(``update_fields`` without title, standfirst or body) leave the index alone;
``update()`` bypasses signals, so code that writes those fields with it calls
``search.index_articles()`` itself.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import search
from .models import Article

INDEXED_FIELDS = frozenset({"title", "standfirst", "body", "body_html"})


@receiver(post_save, sender=Article, dispatch_uid="articles.search.index")
def index_saved_article(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw:
        return  # loaddata: the fixture's rows, indexed by rebuild_search_index
    if update_fields is None or INDEXED_FIELDS & set(update_fields):
        search.index_articles([instance.pk])


@receiver(post_delete, sender=Article, dispatch_uid="articles.search.unindex")
def unindex_deleted_article(sender, instance, **kwargs):
    search.unindex_articles([instance.pk])
