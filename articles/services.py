"""Writes with rules on articles, shared by the admin actions and any other caller."""

import reversion
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext

from .models import Article


def publication_date(*, published_at, date_was_set: bool, now=None):
    """The date an article gets at the moment it is published.

    A date the editor set on purpose is kept (a future one schedules the
    article, a past one backdates it); so is a future date set earlier. Any
    other date (the form's default, the draft's creation) gives way to now, so
    that a newly published article reaches the top of the listings instead of
    being buried at the date its draft was started.
    """
    now = now or timezone.now()
    if date_was_set or (published_at is not None and published_at > now):
        return published_at
    return now


@transaction.atomic
@reversion.create_revision()
def articles_publish(*, articles) -> int:
    """Publish the given articles; return how many changed.

    Dates follow ``publication_date``: a draft whose date has passed is dated
    now; a future date is kept, which schedules the article.
    """
    reversion.set_comment(gettext("Published."))
    now = timezone.now()
    changed = 0
    # of=("self",): the admin's queryset joins the nullable author, which
    # PostgreSQL refuses to lock.
    for article in articles.select_for_update(of=("self",)).exclude(
        status=Article.Status.PUBLISHED
    ):
        article.status = Article.Status.PUBLISHED
        article.published_at = publication_date(
            published_at=article.published_at, date_was_set=False, now=now
        )
        # save() rather than update(): updated_at moves and post_save receivers run.
        article.save(update_fields=["status", "published_at", "updated_at"])
        changed += 1
    return changed


@transaction.atomic
@reversion.create_revision()
def articles_unpublish(*, articles) -> int:
    """Turn the given published articles back into drafts; return how many changed."""
    reversion.set_comment(gettext("Returned to draft."))
    changed = 0
    for article in articles.select_for_update(of=("self",)).filter(status=Article.Status.PUBLISHED):
        article.status = Article.Status.DRAFT
        article.save(update_fields=["status", "updated_at"])
        changed += 1
    return changed


class RestoreError(Exception):
    """An earlier version cannot come back as it was (its slug is taken, its category gone)."""


@transaction.atomic
def article_restore(*, article: Article, version, user) -> Article:
    """Bring an earlier version of the article back, as a new version of its own.

    The fields the editor controls are copied from the version and the article
    is saved the ordinary way (sanitised again, caches dropped), inside a new
    revision whose comment names the restored date: restoring never rewrites
    history, so the state it replaces can be restored in turn. Co-authors who
    no longer have an account are left out. Refuses (``RestoreError``, nothing
    saved) when the version cannot be valid today.
    """
    article = Article.objects.select_for_update(of=("self",)).get(pk=article.pk)
    fields = version.field_dict
    # What the editor controls; body_html follows body on save, with today's policy.
    for model_field in Article._meta.concrete_fields:
        if model_field.primary_key or not model_field.editable or model_field.name == "updated_at":
            continue
        if model_field.attname in fields:
            setattr(article, model_field.attname, fields[model_field.attname])
    try:
        article.full_clean(exclude=["coauthors"])
    except ValidationError as error:
        raise RestoreError(" ".join(error.messages)) from error
    coauthors = get_user_model().objects.filter(pk__in=fields.get("coauthors") or [])
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(
            gettext("Restored the version of %(date)s.")
            % {
                "date": formats.date_format(
                    timezone.localtime(version.revision.date_created), "DATETIME_FORMAT"
                )
            }
        )
        article.save()
        article.coauthors.set(coauthors)
    return article
