"""Tell ``articles.invalidation`` when a comment changes what the public sees.

Saves and deletes of single comments arrive here as signals (the admin's edit,
its "delete selected", a shell session, ``loaddata``); ``review.change_status``
writes with ``update()`` and calls ``comments_changed()`` itself.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles import invalidation
from articles.models import Article

from .models import Comment


def _article_slug(comment):
    if Comment.article.is_cached(comment):
        return comment.article.slug
    return Article.objects.filter(pk=comment.article_id).values_list("slug", flat=True).first()


@receiver(post_save, sender=Comment, dispatch_uid="comments.comment_saved")
def comment_saved(sender, instance, created, raw, **kwargs):
    if raw:
        # loaddata: related rows may not be there yet; nothing can be trusted.
        invalidation.site_changed()
    elif created and instance.status != Comment.Status.APPROVED:
        # A new pending (or spam) comment changes no public page: only its
        # author sees it, and their pages are never the shared copy.
        return
    else:
        invalidation.comments_changed([_article_slug(instance)])


@receiver(post_delete, sender=Comment, dispatch_uid="comments.comment_deleted")
def comment_deleted(sender, instance, **kwargs):
    slug = _article_slug(instance)
    if slug is None:
        # Deleted with its article, whose own receiver drops the whole site.
        return
    invalidation.comments_changed([slug])
