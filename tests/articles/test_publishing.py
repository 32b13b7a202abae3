"""Publishing in the admin: the three states, their filter, publication dates, the front page."""

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services import publication_date
from tests.factories import make_article, make_category, make_editor
from tests.helpers import parse_html

pytestmark = pytest.mark.django_db

NOW = timezone.now()
MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
MONTHS = MONTHS.split()


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor(first_name="Claire", last_name="Dumas"))
    return client


def form_data(**fields):
    """An add-form POST; the date fields are the form's as shown (``initial-`` = untouched)."""
    shown = timezone.localtime(NOW - timedelta(days=3))
    data = {
        "title": "Un nouvel article",
        "slug": "un-nouvel-article",
        "category": make_category().pk,
        "standfirst": "Chapô.",
        "body": "<p>Texte.</p>",
        "status": "draft",
        "published_at_0": shown.strftime("%d/%m/%Y"),
        "published_at_1": shown.strftime("%H:%M:%S"),
        "initial-published_at_0": shown.strftime("%d/%m/%Y"),
        "initial-published_at_1": shown.strftime("%H:%M:%S"),
        "comments_open": "on",
    }
    data.update(fields)
    return data


def change_data(article, **fields):
    shown = timezone.localtime(article.published_at)
    date, time = shown.strftime("%d/%m/%Y"), shown.strftime("%H:%M:%S")
    data = form_data(
        title=article.title,
        slug=article.slug,
        category=article.category_id,
        status=article.status,
        published_at_0=date,
        published_at_1=time,
    )
    # The form's hidden copy of the date as shown: what tells a date the editor changed.
    data["initial-published_at_0"], data["initial-published_at_1"] = date, time
    data.update(fields)
    return data


# -- the rule -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "date_was_set", "dated_now"),
    [
        (timedelta(days=-3), False, True),  # an old draft's date gives way to now
        (timedelta(days=-3), True, False),  # a date set on purpose in the past: backdated
        (timedelta(days=2), False, False),  # a future date stays: scheduled
        (timedelta(days=2), True, False),
    ],
)
def test_publication_date_rule(offset, date_was_set, dated_now):
    date = NOW + offset
    result = publication_date(published_at=date, date_was_set=date_was_set, now=NOW)
    assert result == (NOW if dated_now else date)


# -- states -----------------------------------------------------------------------


def test_the_three_states_read_status_and_date_together():
    assert make_article(status="draft").state == Article.State.DRAFT
    assert make_article(published_at=NOW + timedelta(hours=1)).state == Article.State.SCHEDULED
    assert make_article(published_at=NOW - timedelta(hours=1)).state == Article.State.PUBLISHED


@pytest.mark.parametrize(
    ("state", "expected"),
    [("draft", {"Brouillon"}), ("scheduled", {"Programmé"}), ("published", {"En ligne"})],
)
def test_the_state_filter_keeps_only_that_state(editor_client, state, expected):
    make_article(title="Brouillon", status="draft")
    make_article(title="Programmé", published_at=NOW + timedelta(days=1))
    make_article(title="En ligne", published_at=NOW - timedelta(days=1))
    response = editor_client.get(reverse("admin:articles_article_changelist"), {"state": state})
    assert {article.title for article in response.context["cl"].result_list} == expected


def test_the_list_shows_the_state_in_words_with_the_scheduled_date(editor_client):
    when = timezone.make_aware(datetime(NOW.year + 1, 12, 3, 8, 0))
    make_article(title="Programmé", published_at=when)
    make_article(title="Brouillon", status="draft")
    make_article(title="En ligne")
    response = editor_client.get(reverse("admin:articles_article_changelist"))
    cells = [
        " ".join("".join(cell.itertext()).split())
        for cell in parse_html(response.text).iterfind(".//td[@class='field-state_label']")
    ]
    assert f"Programmé pour le 3 décembre {when.year} à 8 h 00" in cells
    assert "Brouillon" in cells
    assert "Publié" in cells


def test_the_state_filter_is_offered_with_the_three_states(editor_client):
    response = editor_client.get(reverse("admin:articles_article_changelist"))
    page = response.text
    for label in ("Brouillon", "Programmé", "Publié"):
        assert f">{label}</a>" in page


# -- saving and publishing through the form ------------------------------------------


def test_saving_a_scheduled_article_says_when_in_french(editor_client):
    when = timezone.localtime(NOW + timedelta(days=1)).replace(
        hour=8, minute=0, second=0, microsecond=0
    )
    data = form_data(
        status="published",
        published_at_0=when.strftime("%d/%m/%Y"),
        published_at_1="08:00:00",
    )
    response = editor_client.post(reverse("admin:articles_article_add"), data, follow=True)
    article = Article.objects.get(slug="un-nouvel-article")
    assert article.state == Article.State.SCHEDULED
    assert article.published_at == when
    messages = [str(message) for message in response.context["messages"]]
    day = f"{when.day} {MONTHS[when.month - 1]}"
    if when.year != timezone.localdate().year:
        day += f" {when.year}"
    assert f"Programmé pour le {day} à 8 h 00." in messages


def test_the_scheduled_message_in_english(editor_client):
    when = timezone.make_aware(datetime(NOW.year + 1, 12, 3, 8, 0))
    editor_client.cookies["django_language"] = "en"
    data = form_data(status="published", published_at_0=when.strftime("%d/%m/%Y"))
    data["published_at_0"] = when.strftime("%Y-%m-%d")
    data["published_at_1"] = "08:00"
    response = editor_client.post(reverse("admin:articles_article_add"), data, follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert f"Scheduled for December 3, {when.year} at 8:00." in messages


def test_publishing_a_new_article_with_the_untouched_date_dates_it_now(editor_client):
    before = timezone.now()
    editor_client.post(reverse("admin:articles_article_add"), form_data(status="published"))
    article = Article.objects.get(slug="un-nouvel-article")
    assert article.published_at >= before.replace(microsecond=0)
    assert article.state == Article.State.PUBLISHED


def test_a_date_set_on_purpose_is_kept_when_publishing(editor_client):
    """Backdating: the editor changed the date field, so it is theirs."""
    chosen = timezone.localtime(NOW - timedelta(days=10)).replace(microsecond=0)
    data = form_data(
        status="published",
        published_at_0=chosen.strftime("%d/%m/%Y"),
        published_at_1=chosen.strftime("%H:%M:%S"),
    )
    editor_client.post(reverse("admin:articles_article_add"), data)
    assert Article.objects.get(slug="un-nouvel-article").published_at == chosen


def test_a_draft_published_through_the_status_menu_is_dated_now_and_leads_the_home_page(
    editor_client, client
):
    """The WordPress habit: an old draft switched to "Publié" comes first, not 7th."""
    for _ in range(7):
        make_article(published_at=NOW - timedelta(hours=1))
    draft = make_article(status="draft", published_at=NOW - timedelta(days=5), title="Le scoop")
    response = editor_client.post(
        reverse("admin:articles_article_change", args=[draft.pk]),
        change_data(draft, status="published"),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.published_at > NOW - timedelta(minutes=1)
    home = client.get("/")
    assert home.context["articles"][0] == draft


def test_publish_now_publishes_a_scheduled_article_at_once(editor_client):
    article = make_article(published_at=NOW + timedelta(days=3))
    data = change_data(article, _publish_now="1")
    editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    article.refresh_from_db()
    assert article.state == Article.State.PUBLISHED
    assert article.published_at <= timezone.now()


def test_publish_now_on_a_new_article(editor_client):
    editor_client.post(
        reverse("admin:articles_article_add"), form_data(status="draft", _publish_now="1")
    )
    assert Article.objects.get(slug="un-nouvel-article").is_public


def test_the_form_says_which_date_publishing_will_use(editor_client):
    page = editor_client.get(reverse("admin:articles_article_add")).text
    assert "daté de l’instant où vous publiez, sauf si vous changez cette date" in page  # noqa: RUF001
    scheduled = make_article(published_at=NOW + timedelta(days=1))
    url = reverse("admin:articles_article_change", args=[scheduled.pk])
    assert "Programmé : les lecteurs verront l’article à partir de cette date" in (  # noqa: RUF001
        editor_client.get(url).text
    )


def test_the_change_page_offers_publish_now_and_a_preview_for_an_unpublished_article(
    editor_client,
):
    draft = make_article(status="draft")
    page = parse_html(
        editor_client.get(reverse("admin:articles_article_change", args=[draft.pk])).text
    )
    assert page.find(".//button[@name='_publish_now']") is not None
    preview = page.find(".//a[@id='preview-link']")
    assert preview.get("href") == draft.get_absolute_url()
    published = make_article()
    page = parse_html(
        editor_client.get(reverse("admin:articles_article_change", args=[published.pk])).text
    )
    assert page.find(".//button[@name='_publish_now']") is None


def test_the_preview_shows_the_current_version_of_a_draft_to_staff_only(editor_client):
    draft = make_article(status="draft", body="<p>Version du matin.</p>")
    draft.body = "<p>Version de midi.</p>"
    draft.save()
    response = editor_client.get(draft.get_absolute_url())
    assert "Version de midi." in response.text
    assert "no-cache" in response["Cache-Control"]
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_the_publish_action_dates_old_drafts_now_and_keeps_future_dates(editor_client):
    old = make_article(status="draft", published_at=NOW - timedelta(days=5))
    future = make_article(status="draft", published_at=NOW + timedelta(days=5))
    editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [old.pk, future.pk]},
    )
    old.refresh_from_db()
    future.refresh_from_db()
    assert old.published_at > NOW - timedelta(minutes=1)
    assert future.state == Article.State.SCHEDULED


# -- the front page ("À la une") -------------------------------------------------------


def home_titles(client):
    return [article.title for article in client.get("/").context["articles"]]


def test_without_choices_the_front_page_is_newest_first(client):
    for n in range(3):
        make_article(title=f"A{n}", published_at=NOW - timedelta(hours=n))
    assert home_titles(client) == ["A0", "A1", "A2"]


def test_editors_choose_the_lead_and_the_next_few(client):
    newest = make_article(title="Récent", published_at=NOW - timedelta(minutes=1))
    make_article(title="Vieux", published_at=NOW - timedelta(days=3), front_position=1)
    make_article(title="Deuxième", published_at=NOW - timedelta(days=2), front_position=2)
    make_article(title="Troisième", published_at=NOW - timedelta(days=4), front_position=3)
    assert home_titles(client) == ["Vieux", "Deuxième", "Troisième", newest.title]


def test_an_unpublished_chosen_lead_gives_way_to_the_newest(client):
    make_article(title="Brouillon choisi", status="draft", front_position=1)
    make_article(title="Programmé choisi", published_at=NOW + timedelta(hours=2))
    make_article(title="Ancien", published_at=NOW - timedelta(days=2))
    make_article(title="Deuxième", published_at=NOW - timedelta(days=3), front_position=2)
    make_article(title="Récent", published_at=NOW - timedelta(minutes=5))
    assert home_titles(client) == ["Récent", "Deuxième", "Ancien"]


def test_editors_set_positions_from_the_list(editor_client):
    article = make_article()
    response = editor_client.get(reverse("admin:articles_article_changelist"))
    assert 'name="form-0-front_position"' in response.text
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": article.pk,
        "form-0-front_position": "1",
        "_save": "Enregistrer",
    }
    editor_client.post(reverse("admin:articles_article_changelist"), data)
    article.refresh_from_db()
    assert article.front_position == 1
