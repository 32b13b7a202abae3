"""manage.py loaddemo: a realistic French newsroom, loaded once however often it runs."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.forms.models import model_to_dict

from articles.models import Article, Category

pytestmark = pytest.mark.django_db


def loaddemo():
    out, err = StringIO(), StringIO()
    call_command("loaddemo", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot():
    """Every row loaddemo touches, field by field."""
    User = get_user_model()
    return {
        "categories": [model_to_dict(c) for c in Category.objects.order_by("pk")],
        "articles": [
            {**model_to_dict(a), "updated_at": a.updated_at, "body_source": a.body_source}
            for a in Article.objects.order_by("pk")
        ],
        "users": list(User.objects.order_by("pk").values()),
        "memberships": list(User.groups.through.objects.order_by("pk").values()),
    }


def test_running_twice_changes_nothing(monkeypatch):
    """The second run finds every row in place and modifies none."""
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "a-demo-password-1234")
    loaddemo()
    first = snapshot()
    output, _ = loaddemo()
    assert snapshot() == first
    assert "0 created" in output


def test_loads_categories_and_french_articles():
    """At least 3 categories and 12 published articles, with a draft and a scheduled one."""
    loaddemo()
    assert Category.objects.count() >= 3
    published = Article.objects.published()
    assert published.count() >= 12
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 1
    assert Article.objects.scheduled().count() == 1
    for article in published:
        assert article.body.count("<p>") >= 3, article.slug
        assert article.author is not None
    assert published.filter(title__icontains="intelligence artificielle").exists()
    # Every category has something to show.
    for category in Category.objects.all():
        assert published.filter(category=category).exists(), category.slug


def test_demo_articles_do_not_claim_a_later_update():
    loaddemo()
    assert not any(article.was_updated() for article in Article.objects.all())


def test_demo_journalists_cannot_log_in():
    """The journalists who sign the articles are editors without a usable password."""
    loaddemo()
    for article in Article.objects.select_related("author"):
        assert not article.author.has_usable_password()
        assert article.author.groups.filter(name="Editors").exists()


def test_creates_an_admin_with_a_printed_password_when_none_exists(client, monkeypatch):
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    monkeypatch.setenv("DEMO_ADMIN_USERNAME", "redaction")
    output, _ = loaddemo()
    admin = get_user_model().objects.get(username="redaction")
    assert admin.is_superuser
    assert admin.is_staff
    password = output.split("password '")[1].split("'")[0]
    assert admin.check_password(password)
    assert "/admin/" in output


def test_uses_the_password_from_the_environment_without_printing_it(monkeypatch):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "secret-from-env-987")
    output, _ = loaddemo()
    admin = get_user_model().objects.get(username="admin")
    assert admin.check_password("secret-from-env-987")
    assert "secret-from-env-987" not in output
    assert "DEMO_ADMIN_PASSWORD" in output


def test_leaves_an_existing_superuser_alone():
    User = get_user_model()
    User.objects.create_superuser(username="chef", email="", password="x-long-password-1")
    output, _ = loaddemo()
    assert list(User.objects.filter(is_superuser=True).values_list("username", flat=True)) == [
        "chef"
    ]
    assert "chef" in output


def test_demo_pages_render(client):
    """The loaded demo renders its home, every category and every public article."""
    loaddemo()
    assert client.get("/").status_code == 200
    for category in Category.objects.all():
        assert client.get(category.get_absolute_url()).status_code == 200
    for article in Article.objects.published():
        assert client.get(article.get_absolute_url()).status_code == 200
    for article in Article.objects.exclude(pk__in=Article.objects.published()):
        assert client.get(article.get_absolute_url()).status_code == 404


def test_editors_group_survives_the_demo():
    loaddemo()
    assert Group.objects.get(name="Editors").permissions.count() == 8
