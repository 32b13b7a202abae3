"""Small factories for test data: real rows in the real database."""

import itertools
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from articles.models import Article, Category
from comments.forms import make_form_token
from comments.models import Comment
from photos.models import Photo
from photos.services import photo_create

_sequence = itertools.count(1)


def make_user(**fields):
    n = next(_sequence)
    fields.setdefault("username", f"user{n}")
    fields.setdefault("email", f"user{n}@example.org")
    password = fields.pop("password", "a-strong-test-password")
    user = get_user_model().objects.create_user(password=password, **fields)
    return user


def make_editor(**fields):
    """A newsroom editor: staff, in the "Editors" group created by the articles migration."""
    fields.setdefault("is_staff", True)
    user = make_user(**fields)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def make_category(**fields):
    n = next(_sequence)
    fields.setdefault("name", f"Catégorie {n}")
    fields.setdefault("slug", f"categorie-{n}")
    return Category.objects.create(**fields)


def make_article(**fields):
    n = next(_sequence)
    if "category" not in fields:
        fields["category"] = make_category()
    fields.setdefault("title", f"Article numéro {n}")
    fields.setdefault("slug", f"article-{n}")
    fields.setdefault("standfirst", "Un chapô court.")
    fields.setdefault("body", "<p>Le corps de l'article.</p>")
    fields.setdefault("status", Article.Status.PUBLISHED)
    # Minutes, not hours: a long suite must not age articles past COMMENTS_CLOSE_AFTER_DAYS.
    fields.setdefault("published_at", timezone.now() - timedelta(minutes=n))
    return Article.objects.create(**fields)


def make_comment(**fields):
    n = next(_sequence)
    if "article" not in fields:
        fields["article"] = make_article()
    fields.setdefault("author_name", f"Lecteur {n}")
    fields.setdefault("author_email", f"lecteur{n}@example.net")
    fields.setdefault("body", f"Un commentaire numéro {n}.")
    return Comment.objects.create(**fields)


def comment_form_data(article, **fields):
    """A valid POST for the public comment form: captcha in test mode, form shown a minute ago."""
    n = next(_sequence)
    data = {
        "body": f"Un avis réfléchi numéro {n}.",
        "author_name": f"Lectrice {n}",
        "author_email": f"lectrice{n}@example.net",
        "author_url": "",
        "captcha_0": "test-key",
        "captcha_1": "PASSED",
        "subject": "",
        "parent": "",
        "token": make_form_token(article, issued_at=time.time() - 60),
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def approve(*comments):
    """Approve comments directly, as a moderator would (history is the moderation app's job)."""
    Comment.objects.filter(pk__in=[c.pk for c in comments]).update(status=Comment.Status.APPROVED)


def make_staff(*, groups=(), **fields):
    """A staff user in the named groups (the groups come from data migrations)."""
    user = make_user(is_staff=True, **fields)
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


def make_moderator(**fields):
    return make_staff(groups=["Moderators"], **fields)


def make_photo(*, size=(640, 427), image_format="JPEG", **fields) -> Photo:
    """A library photo made through ``photo_create`` (so through the upload policy).

    Its upload carries a GPS position and camera details (tests.photos.samples),
    upright (EXIF orientation 1), so the stored photo is ``size``.
    """
    from tests.photos.samples import encode

    n = next(_sequence)
    fields.setdefault("alt", f"Une rue de Lyon sous la pluie, vue numéro {n}")
    fields.setdefault("caption", "La rue de la République, mardi matin.")
    fields.setdefault("credit", "Jeanne Martin")
    extension = {"JPEG": "jpg"}.get(image_format, image_format.lower())
    content = ContentFile(
        encode(image_format, size=size, orientation=1), name=f"upload-{n}.{extension}"
    )
    return photo_create(file=content, **fields)
