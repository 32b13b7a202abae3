"""Tell ``articles.invalidation`` when a comment changes what the public sees.

Saves and deletes of single comments arrive here as signals (the admin's edit,
its "delete selected", a shell session, ``loaddata``); ``review.change_status``
writes with ``update()`` and calls ``comments_changed()`` itself.

A save drops pages (and purges them from the front cache) only when it changes
what a shared page shows of the comment: its public fields
(``selectors.PUBLIC_FIELDS``), its status and its place (article, parent), and
only if it is or was approved, since no reader sees a pending, refused or spam
comment. Bookkeeping (notification times, opt-outs, network data) drops
nothing. To tell, ``pre_save`` reads those fields from the row as it stands and
``post_save`` compares them with what was written: one small query for a save
that writes any of them, none for a ``save(update_fields=...)`` that does not.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from articles import invalidation
from articles.models import Article

from .models import Comment
from .selectors import PUBLIC_FIELDS

# What a shared page shows of a comment, as attribute names (article_id...).
SHOWN_FIELDS = frozenset(
    {Comment._meta.get_field(name).attname for name in PUBLIC_FIELDS if name != "pk"}
    | {"status", "parent_id", "article_id"}
)
# Where pre_save leaves the row's shown fields for post_save.
_BEFORE = "_shown_before_save"


def _slug(article_id):
    return Article.objects.filter(pk=article_id).values_list("slug", flat=True).first()


def _article_slug(comment):
    if Comment.article.is_cached(comment):
        return comment.article.slug
    return _slug(comment.article_id)


def _written(update_fields):
    """The shown fields a save writes: all of them, or those in ``update_fields``."""
    if update_fields is None:
        return SHOWN_FIELDS
    return SHOWN_FIELDS & {Comment._meta.get_field(name).attname for name in update_fields}


@receiver(pre_save, sender=Comment, dispatch_uid="comments.comment_saving")
def comment_saving(sender, instance, raw, update_fields, **kwargs):
    if raw or instance._state.adding:
        return
    written = _written(update_fields)
    before = Comment.objects.filter(pk=instance.pk).values(*written).first() if written else {}
    setattr(instance, _BEFORE, before)


@receiver(post_save, sender=Comment, dispatch_uid="comments.comment_saved")
def comment_saved(sender, instance, created, raw, **kwargs):
    before = instance.__dict__.pop(_BEFORE, None)
    if raw:
        # loaddata: related rows may not be there yet; nothing can be trusted.
        invalidation.site_changed()
        return
    if created:
        # A new pending (or spam) comment changes no public page: only its
        # author sees it, and their pages are never the shared copy.
        if instance.status == Comment.Status.APPROVED:
            invalidation.comments_changed([_article_slug(instance)])
        return
    if before is None:
        # Built by hand and saved over an existing row: what it replaced is unknown.
        invalidation.comments_changed([_article_slug(instance)])
        return
    changed = {name for name, value in before.items() if value != getattr(instance, name)}
    was_approved = before.get("status", instance.status) == Comment.Status.APPROVED
    if not changed or not (was_approved or instance.status == Comment.Status.APPROVED):
        return
    slugs = [_article_slug(instance)]
    if "article_id" in changed:
        slugs.append(_slug(before["article_id"]))
    invalidation.comments_changed(slugs)


@receiver(post_delete, sender=Comment, dispatch_uid="comments.comment_deleted")
def comment_deleted(sender, instance, **kwargs):
    slug = _article_slug(instance)
    if slug is None:
        # Deleted with its article, whose own receiver drops the whole site.
        return
    invalidation.comments_changed([slug])
