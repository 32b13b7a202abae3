"""What changed, and which cached pages and fragments go: the one place that decides.

``newsroom.pagecache`` keeps generation tokens and drops the ones it is told
to; this module maps every change to them:

=====================================================  ==========================
change                                                 tokens dropped
=====================================================  ==========================
an article, a category, an author profile, a photo,    ``site``: every page, every
a topic or a site page (SitePage) saved or deleted;    fragment, ``site_data()``
an article's co-authors or topics changed; a row
loaded with ``loaddata``; a bulk write
(``site_changed()``)
the public comments of some articles changed           those articles' pages and
(``comments_changed(slugs)``)                          fragments, and the listings
                                                       (comment counts)
the next scheduled article comes out (nothing is       ``site`` lapses by itself
saved then: ``next_publication``)
=====================================================  ==========================

It is fed by model signals, connected in ``ArticlesConfig.ready()`` for this
app's models and the photos it shows; the comments app connects its own
receivers and calls ``comments_changed()`` (comments depend on articles, never
the reverse). A
signal covers ``save()``, ``delete()``, a queryset's ``delete()`` (the admin's
"delete selected": Django sends ``post_delete`` for each row once a receiver
listens) and ``loaddata`` (``raw=True``). Writes that send no signal, such as
``update()``, ``bulk_create()`` and ``bulk_update()``, call ``site_changed()``
or ``comments_changed()`` explicitly, next to the write.

Each drop happens at once and again when the transaction commits (see
``pagecache._drop``), so a page rendered in between is never served.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from taggit.models import Tag, TaggedItem

from newsroom import pagecache
from photos.models import Photo

from .models import Article, AuthorProfile, Category, SitePage


def site_changed():
    """Every cached page and fragment is stale: what any page may show has changed."""
    pagecache.drop(site=True)


def comments_changed(article_slugs):
    """The public comments of these articles changed: their pages and the listings' counts."""
    pagecache.drop(listings=True, article_slugs=article_slugs)


def next_publication():
    """Unix time of the next scheduled article, or None: the site's generation lapses then."""
    moment = (
        Article.objects.scheduled().order_by("published_at").values_list("published_at", flat=True)
    ).first()
    return moment.timestamp() if moment else None


# Listings, neighbours, "read also", feeds, bylines and the menu may all show
# an article, a category, an author's name or a photo (its alt text, caption,
# credit, renditions): the whole site goes.
@receiver(post_save, sender=Article, dispatch_uid="invalidation.article_saved")
@receiver(post_delete, sender=Article, dispatch_uid="invalidation.article_deleted")
@receiver(post_save, sender=Category, dispatch_uid="invalidation.category_saved")
@receiver(post_delete, sender=Category, dispatch_uid="invalidation.category_deleted")
@receiver(post_save, sender=AuthorProfile, dispatch_uid="invalidation.profile_saved")
@receiver(post_delete, sender=AuthorProfile, dispatch_uid="invalidation.profile_deleted")
@receiver(post_save, sender=Photo, dispatch_uid="invalidation.photo_saved")
@receiver(post_delete, sender=Photo, dispatch_uid="invalidation.photo_deleted")
# Topics (taggit): article pages list theirs, topic pages their articles.
@receiver(post_save, sender=SitePage, dispatch_uid="invalidation.site_page_saved")
@receiver(post_delete, sender=SitePage, dispatch_uid="invalidation.site_page_deleted")
@receiver(post_save, sender=Tag, dispatch_uid="invalidation.topic_saved")
@receiver(post_delete, sender=Tag, dispatch_uid="invalidation.topic_deleted")
@receiver(post_save, sender=TaggedItem, dispatch_uid="invalidation.topic_tagged")
@receiver(post_delete, sender=TaggedItem, dispatch_uid="invalidation.topic_untagged")
def _site_row_changed(sender, **kwargs):
    site_changed()


@receiver(m2m_changed, sender=Article.coauthors.through, dispatch_uid="invalidation.coauthors")
def _coauthors_changed(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        site_changed()
