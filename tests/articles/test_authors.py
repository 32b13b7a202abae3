"""Authors: profiles, co-authors, bylines with public names, the admin's author menus."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, AuthorProfile, public_name
from tests.factories import make_article, make_category, make_editor, make_moderator, make_user
from tests.helpers import parse_html, parse_xml, text_of

pytestmark = pytest.mark.django_db


def staff(first, last, username=None, **fields):
    if username:
        fields["username"] = username
    return make_user(is_staff=True, first_name=first, last_name=last, **fields)


def test_public_name_prefers_the_profile_then_the_full_name_never_the_username():
    """The display name wins; then first and last name; an account with neither has none."""
    claire = staff("Claire", "Dumas", "cdumas")
    assert public_name(claire) == "Claire Dumas"
    AuthorProfile.objects.filter(user=claire).delete()
    AuthorProfile.objects.create(user=claire, display_name="Claire D.", slug="claire-d")
    claire.refresh_from_db()
    assert public_name(claire) == "Claire D."
    assert public_name(make_user(username="anonyme42")) == ""


def test_a_profile_gets_a_unique_slug_from_the_name_and_keeps_it():
    """Two people of the same name get distinct slugs; renaming does not move the page."""
    first = AuthorProfile.objects.ensure_for(staff("Inès", "Benali", "ib1"))
    second = AuthorProfile.objects.ensure_for(staff("Inès", "Benali", "ib2"))
    assert (first.slug, second.slug) == ("ines-benali", "ines-benali-2")
    first.display_name = "Inès Benali-Martin"
    first.save()
    first.refresh_from_db()
    assert first.slug == "ines-benali"


def test_an_account_without_a_name_gets_a_slug_from_its_id():
    profile = AuthorProfile.objects.ensure_for(make_user(username="x"))
    assert profile.slug == f"auteur-{profile.user_id}"


def test_by_author_finds_articles_signed_first_or_as_coauthor_once_each():
    claire, julien = staff("Claire", "Dumas"), staff("Julien", "Moreau")
    first = make_article(author=claire)
    second = make_article(author=julien)
    second.coauthors.add(claire)
    both = make_article(author=claire)
    both.coauthors.add(claire, julien)
    assert set(Article.objects.by_author(claire)) == {first, second, both}
    assert Article.objects.by_author(claire).count() == 3


@pytest.mark.parametrize(
    ("coauthors", "expected_fr", "expected_en"),
    [
        ([], "Claire Dumas", "Claire Dumas"),
        (["Julien Moreau"], "Claire Dumas et Julien Moreau", "Claire Dumas and Julien Moreau"),
        (
            ["Julien Moreau", "Inès Benali"],
            "Claire Dumas, Inès Benali et Julien Moreau",
            "Claire Dumas, Inès Benali and Julien Moreau",
        ),
    ],
)
def test_the_byline_names_the_first_author_then_every_coauthor(
    client, coauthors, expected_fr, expected_en
):
    """Article page and home card: full names joined the language's way, first author first."""
    article = make_article(author=staff("Claire", "Dumas", "cdumas"))
    for name in coauthors:
        first, last = name.split()
        article.coauthors.add(staff(first, last))
    for language, expected in [("fr", expected_fr), ("en", expected_en)]:
        client.cookies["django_language"] = language
        for url in [article.get_absolute_url(), "/"]:
            page = parse_html(client.get(url).text)
            byline = text_of(page.find(".//*[@class='article-meta__author']"))
            assert expected in byline, (language, url, byline)
            assert "cdumas" not in client.get(url).text


def test_a_coauthor_without_a_name_is_left_out_of_the_byline_not_shown_by_username(client):
    article = make_article(author=staff("Claire", "Dumas"))
    article.coauthors.add(make_user(is_staff=True, username="jmoreau77"))
    response = client.get(article.get_absolute_url())
    assert "jmoreau77" not in response.text
    assert "Claire Dumas" in response.text


def test_an_article_without_any_named_author_has_no_byline(client):
    article = make_article(author=make_user(username="robot"))
    page = client.get(article.get_absolute_url()).text
    assert "article-meta__author" not in page
    assert "robot" not in page


def test_the_feed_names_every_author_by_public_name(client):
    article = make_article(author=staff("Claire", "Dumas", "cdumas"))
    article.coauthors.add(staff("Julien", "Moreau", "jmoreau"))
    feed = parse_xml(client.get(reverse("articles:feed")).content)
    authors = [element.text for element in feed.iter() if element.tag.endswith("creator")]
    authors += [element.text for element in feed.iter() if element.tag == "author"]
    assert any(
        "Claire Dumas" in (text or "") and "Julien Moreau" in (text or "") for text in authors
    )
    assert b"cdumas" not in client.get(reverse("articles:feed")).content


@pytest.mark.parametrize("count", [1, 3])
def test_the_article_page_loads_coauthors_with_their_profiles_in_one_query(client, settings, count):
    """The byline (rendered, not from the cache) reads co-authors and profiles together."""
    settings.PAGE_CACHE_SECONDS = 0
    article = make_article(author=staff("Claire", "Dumas"))
    names = [("Julien", "Moreau"), ("Inès", "Benali"), ("Léa", "Martin")][:count]
    article.coauthors.add(*(staff(first, last) for first, last in names))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())
    people = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].split(" FROM ", 1)[1].startswith(('"auth_user"', '"articles_authorprofile"'))
    ]
    assert len(people) == 1
    assert all(f"{first} {last}" in response.text for first, last in names)


def test_the_listing_loads_coauthors_in_one_query_however_many(
    client, django_assert_max_num_queries
):
    """Cards with co-authors: one query for every card's co-authors (and their profiles)."""
    category = make_category()
    for _ in range(8):
        article = make_article(category=category, author=staff("Claire", "Dumas"))
        article.coauthors.add(staff("Julien", "Moreau"), staff("Inès", "Benali"))
    with django_assert_max_num_queries(1 + 6):
        response = client.get(category.get_absolute_url())
    assert response.text.count("Claire Dumas, Inès Benali et Julien Moreau") == 8


# -- the admin ----------------------------------------------------------------------


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor(first_name="Éva", last_name="Rédac"))
    return client


def test_the_author_menus_list_staff_by_full_name_never_readers(editor_client):
    """Both menus: staff by public name, in that order; readers with accounts are not offered."""
    staff("Julien", "Moreau", "jmoreau")
    staff("Claire", "Dumas", "cdumas")
    make_user(first_name="Lecteur", last_name="Lambda", username="lecteur")
    response = editor_client.get(reverse("admin:articles_article_add"))
    form = response.context["adminform"].form
    for name in ("author", "coauthors"):
        labels = [label for value, label in form.fields[name].choices if value]
        assert (
            labels.index("Claire Dumas") < labels.index("Julien Moreau") < labels.index("Éva Rédac")
        )
        assert "Lecteur Lambda" not in labels
        assert not any(label in {"jmoreau", "cdumas"} for label in labels)


def test_staff_without_a_name_are_offered_with_a_hint_to_fill_the_profile(editor_client):
    make_user(is_staff=True, username="sansnom")
    form = editor_client.get(reverse("admin:articles_article_add")).context["adminform"].form
    labels = [label for value, label in form.fields["author"].choices if value]
    assert any(label.startswith("sansnom (") for label in labels)


def article_post(**fields):
    data = {
        "title": "Un article à plusieurs mains",
        "slug": "plusieurs-mains",
        "category": make_category().pk,
        "standfirst": "Chapô.",
        "body": "<p>Texte.</p>",
        "status": "draft",
        "published_at_0": "2026-11-30",
        "published_at_1": "08:00:00",
        "comments_open": "on",
    }
    data.update(fields)
    return data


def test_an_editor_saves_an_article_with_coauthors_and_they_get_profiles(editor_client):
    claire, julien, ines = (
        staff("Claire", "Dumas"),
        staff("Julien", "Moreau"),
        staff("Inès", "Benali"),
    )
    AuthorProfile.objects.filter(user__in=[claire, julien, ines]).delete()
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        article_post(author=claire.pk, coauthors=[julien.pk, ines.pk, claire.pk]),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="plusieurs-mains")
    assert article.author == claire
    # The first author is named once, first, not again among the co-authors.
    assert set(article.coauthors.all()) == {julien, ines}
    assert article.byline == "Claire Dumas, Inès Benali et Julien Moreau"
    assert set(AuthorProfile.objects.values_list("slug", flat=True)) >= {
        "claire-dumas",
        "julien-moreau",
        "ines-benali",
    }


def test_an_editor_edits_anyones_profile(editor_client):
    profile = AuthorProfile.objects.ensure_for(staff("Claire", "Dumas"))
    url = reverse("admin:articles_authorprofile_change", args=[profile.pk])
    response = editor_client.post(
        url,
        {"display_name": "Claire Dumas-Roy", "slug": "claire-dumas", "bio": "Cheffe d'édition."},
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.display_name, profile.bio) == ("Claire Dumas-Roy", "Cheffe d'édition.")


def test_a_staff_member_edits_their_own_profile_and_nobody_elses(client):
    """A moderator (no profile permission) is sent to their own profile and may change it only."""
    moderator = make_moderator(first_name="Marc", last_name="Modo")
    other = AuthorProfile.objects.ensure_for(staff("Claire", "Dumas"))
    client.force_login(moderator)
    response = client.get(reverse("admin:articles_authorprofile_changelist"))
    own = AuthorProfile.objects.get(user=moderator)
    assert response.status_code == 302
    assert response.url == reverse("admin:articles_authorprofile_change", args=[own.pk])
    response = client.post(
        response.url, {"display_name": "Marc Modo", "slug": own.slug, "bio": "Modérateur."}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.bio == "Modérateur."
    other_url = reverse("admin:articles_authorprofile_change", args=[other.pk])
    assert client.get(other_url).status_code in {302, 403}
    client.post(other_url, {"display_name": "Piraté", "slug": other.slug, "bio": ""})
    other.refresh_from_db()
    assert other.display_name != "Piraté"


def test_a_reader_account_never_reaches_profiles(client):
    client.force_login(make_user())
    response = client.get(reverse("admin:articles_authorprofile_changelist"))
    assert response.status_code == 302
    assert AuthorProfile.objects.count() == 0
