"""Writes with rules on articles, shared by the admin actions and any other caller."""

from django.db import transaction
from django.utils import timezone

from .models import Article


@transaction.atomic
def articles_publish(*, articles) -> int:
    """Publish the given articles; return how many changed.

    A draft whose publication date has passed is dated now, so that it reaches
    the top of the listings instead of being buried at its creation date; a
    future date is kept, which schedules the article.
    """
    now = timezone.now()
    changed = 0
    # of=("self",): the admin's queryset joins the nullable author, which
    # PostgreSQL refuses to lock.
    for article in articles.select_for_update(of=("self",)).exclude(
        status=Article.Status.PUBLISHED
    ):
        article.status = Article.Status.PUBLISHED
        if article.published_at <= now:
            article.published_at = now
        # save() rather than update(): updated_at moves and post_save receivers run.
        article.save(update_fields=["status", "published_at", "updated_at"])
        changed += 1
    return changed


@transaction.atomic
def articles_unpublish(*, articles) -> int:
    """Turn the given published articles back into drafts; return how many changed."""
    changed = 0
    for article in articles.select_for_update(of=("self",)).filter(status=Article.Status.PUBLISHED):
        article.status = Article.Status.DRAFT
        article.save(update_fields=["status", "updated_at"])
        changed += 1
    return changed
