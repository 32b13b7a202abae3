"""Small factories for test data: real rows in the real database."""

import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, Category
from comments.models import Comment

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
    fields.setdefault("published_at", timezone.now() - timedelta(hours=n))
    return Article.objects.create(**fields)


def make_comment(**fields):
    n = next(_sequence)
    if "article" not in fields:
        fields["article"] = make_article()
    fields.setdefault("author_name", f"Lecteur {n}")
    fields.setdefault("author_email", f"lecteur{n}@example.net")
    fields.setdefault("body", f"Un commentaire numéro {n}.")
    return Comment.objects.create(**fields)
