"""The comment admin: pending list first, counts, columns, filters, actions, blocklist."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from comments.models import BlocklistEntry, Comment, ModerationEvent
from tests.factories import make_article, make_category, make_comment
from tests.html import by_id, parse, text

pytestmark = pytest.mark.django_db

Status = Comment.Status
CHANGELIST = "admin:comments_comment_changelist"

REASON_TOO_FAST_FR = "Envoyé trop vite après l\u2019ouverture du formulaire"


def changelist(client, **params):
    return client.get(reverse(CHANGELIST), params)


def listed(response):
    return list(response.context["cl"].result_list)


def test_the_changelist_opens_on_pending_comments_newest_first(moderator_client):
    article = make_article()
    older = make_comment(article=article)
    newer = make_comment(article=article)
    make_comment(article=article, status=Status.APPROVED)
    make_comment(article=article, status=Status.SPAM)
    Comment.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(hours=2))
    response = changelist(moderator_client)
    assert listed(response) == [newer, older]


@pytest.mark.parametrize("status", [Status.APPROVED, Status.REJECTED, Status.SPAM, Status.PENDING])
def test_the_state_filter_shows_one_state(moderator_client, status):
    comments = {value: make_comment(status=value) for value in Status.values}
    assert listed(changelist(moderator_client, status=status)) == [comments[status]]


def test_the_all_filter_lifts_the_default(moderator_client):
    for value in Status.values:
        make_comment(status=value)
    assert len(listed(changelist(moderator_client, status="all"))) == 4


def test_the_count_of_every_state_is_on_the_page(moderator_client):
    for status, count in [(Status.PENDING, 3), (Status.APPROVED, 2), (Status.SPAM, 1)]:
        for _ in range(count):
            make_comment(status=status)
    response = changelist(moderator_client)
    counts = {state["value"]: state["count"] for state in response.context["status_counts"]}
    assert counts == {"pending": 3, "approved": 2, "rejected": 0, "spam": 1}
    page = response.text
    with translation.override("fr"):
        labels = {value: str(label) for value, label in Status.choices}
    assert labels["pending"] == "En attente"
    for value, count in counts.items():
        assert f'{labels[value]} <strong data-status-count="{value}">({count})</strong>' in page


def test_the_columns_show_the_author_the_article_and_the_reasons(moderator_client):
    article = make_article(title="Élections municipales")
    make_comment(
        article=article,
        author_name="Jeanne",
        author_email="jeanne@example.net",
        author_url="https://jeanne.example.net/",
        body="Un avis <b>tranché</b> sur la question.",
        flag_reasons=["too_many_links", "blocklist_word"],
    )
    page = changelist(moderator_client).text
    assert "Un avis &lt;b&gt;tranché&lt;/b&gt; sur la question." in page
    assert "Jeanne" in page
    assert "jeanne@example.net" in page
    assert 'href="https://jeanne.example.net/" rel="nofollow ugc noopener noreferrer"' in page
    assert f'<a href="{article.get_absolute_url()}">Élections municipales</a>' in page
    assert "Trop de liens, Contient un mot bloqué" in page


def test_a_website_that_is_not_http_is_never_a_link(moderator_client):
    make_comment(author_url="javascript:alert(1)")
    page = changelist(moderator_client).text
    assert 'href="javascript:' not in page


@pytest.mark.parametrize(
    ("query", "field", "value"),
    [
        ("Bérénice", "author_name", "Bérénice Dupont"),
        ("berenice@example", "author_email", "berenice@example.org"),
        ("198.51.100.23", "ip_address", "198.51.100.23"),
        ("ornithorynque", "body", "J'ai vu un ornithorynque au marché."),
    ],
)
def test_search_finds_by_name_email_ip_and_body(moderator_client, query, field, value):
    wanted = make_comment(**{field: value})
    make_comment(author_name="Autre", ip_address="192.0.2.1")
    assert listed(changelist(moderator_client, q=query)) == [wanted]


def test_filters_by_article_category_and_date(moderator_client):
    sport, culture = make_category(), make_category()
    match = make_article(category=sport)
    in_sport = make_comment(article=match)
    other_sport = make_comment(article=make_article(category=sport))
    in_culture = make_comment(article=make_article(category=culture))
    Comment.objects.filter(pk=in_culture.pk).update(created_at=timezone.now() - timedelta(days=40))

    assert listed(changelist(moderator_client, article__id__exact=match.pk)) == [in_sport]
    by_category = listed(changelist(moderator_client, article__category__id__exact=sport.pk))
    assert set(by_category) == {in_sport, other_sport}
    since = (timezone.now() - timedelta(days=7)).isoformat()
    recent = listed(changelist(moderator_client, created_at__gte=since))
    assert in_culture not in recent
    assert set(recent) == {in_sport, other_sport}


@pytest.mark.parametrize("count", [3, 40])
def test_the_changelist_query_count_does_not_grow_with_comments(
    moderator_client, django_assert_max_num_queries, count
):
    articles = [make_article() for _ in range(3)]
    for n in range(count):
        make_comment(article=articles[n % 3], flag_reasons=["fast"])
    # One more than the list needs: every admin header counts the pending comments.
    with django_assert_max_num_queries(10):
        response = changelist(moderator_client)
    assert len(listed(response)) == count


# Bulk actions


@pytest.mark.parametrize(
    ("action", "from_status", "to_status"),
    [
        ("approve", Status.PENDING, Status.APPROVED),
        ("reject", Status.PENDING, Status.REJECTED),
        ("mark_spam", Status.PENDING, Status.SPAM),
        ("back_to_pending", Status.APPROVED, Status.PENDING),
    ],
)
def test_each_bulk_action_moves_the_selection_and_records_history(
    moderator_client, moderator, action, from_status, to_status
):
    chosen = [make_comment(status=from_status) for _ in range(2)]
    untouched = make_comment(status=from_status)
    response = moderator_client.post(
        reverse(CHANGELIST) + f"?status={from_status}",
        {"action": action, "_selected_action": [c.pk for c in chosen]},
        follow=True,
    )
    assert response.status_code == 200
    for comment in chosen:
        comment.refresh_from_db()
        assert comment.status == to_status
        event = comment.moderation_events.get()
        assert (event.actor, event.from_status, event.to_status) == (
            moderator,
            from_status,
            to_status,
        )
    untouched.refresh_from_db()
    assert untouched.status == from_status
    assert not untouched.moderation_events.exists()
    assert "2 commentaires" in response.text


@pytest.mark.parametrize(
    ("action", "kind", "value"),
    [("block_email", "email", "bulk@example.net"), ("block_ip", "ip", "203.0.113.9")],
)
def test_block_actions_fill_the_blocklist(moderator_client, moderator, action, kind, value):
    comment = make_comment(author_email="Bulk@Example.net", ip_address="203.0.113.9")
    moderator_client.post(reverse(CHANGELIST), {"action": action, "_selected_action": [comment.pk]})
    entry = BlocklistEntry.objects.get()
    assert (entry.kind, entry.value, entry.created_by) == (kind, value, moderator)


# The change page


def change_url(comment):
    return reverse("admin:comments_comment_change", args=[comment.pk])


def test_the_change_page_shows_the_buttons_and_the_history(moderator_client, moderator):
    comment = make_comment(status=Status.SPAM)
    ModerationEvent.objects.create(
        comment=comment, actor=None, from_status="", to_status=Status.PENDING, note="too_fast"
    )
    ModerationEvent.objects.create(
        comment=comment, actor=moderator, from_status=Status.PENDING, to_status=Status.SPAM
    )
    page = moderator_client.get(change_url(comment)).text
    history = by_id(parse(page), "moderation_events-group")
    rows = [
        [" ".join(text(cell).split()) for cell in row.findall("td")]
        for row in history.iter("tr")
        if row.findall("td")
    ]
    assert [row[1:] for row in rows] == [
        [moderator.username, "En attente", "Indésirable", ""],
        # The rules' reason codes in words, never "too_fast".
        ["Règles automatiques", "—", "En attente", REASON_TOO_FAST_FR],
    ]
    moderate = reverse("admin:comments_comment_moderate", args=[comment.pk])
    assert f'action="{moderate}"' in page
    assert 'name="to_status" value="approved"' in page
    assert 'name="to_status" value="rejected"' in page
    assert 'name="to_status" value="spam"' not in page  # already spam
    assert "Historique de modération" in page


def change_form_data(client, comment, **overrides):
    """The change form's current values, as the browser would post them back."""
    response = client.get(change_url(comment))
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_a_body_edited_in_the_admin_goes_through_the_sanitiser(moderator_client):
    """A <script> typed in the admin is stored escaped, exactly as from the public form."""
    comment = make_comment(body="Texte d'origine.")
    data = change_form_data(
        moderator_client, comment, body='<script>alert("x")</script> <b>gras</b>'
    )
    response = moderator_client.post(change_url(comment), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    comment.refresh_from_db()
    assert "<script" not in comment.body_html
    assert "&lt;script&gt;" in comment.body_html
    assert "<b>gras</b>" in comment.body_html
    assert comment.body == '<script>alert("x")</script> <b>gras</b>'


def test_saving_the_change_form_unchanged_keeps_the_body(moderator_client):
    """The form edits what the reader typed, so a plain save never doubles line breaks."""
    comment = make_comment(body="Ligne un\nLigne deux <i>fin</i>")
    before = comment.body_html
    data = change_form_data(moderator_client, comment)
    assert data["body"] == "Ligne un\nLigne deux <i>fin</i>"
    moderator_client.post(change_url(comment), data)
    comment.refresh_from_db()
    assert comment.body == "Ligne un\nLigne deux <i>fin</i>"
    assert comment.body_html == before
    assert comment.body_html.count("<br>") == 1


def test_the_change_form_cannot_change_the_state(moderator_client):
    """The state only moves through the moderation buttons, which record history."""
    comment = make_comment()
    data = change_form_data(moderator_client, comment, status="approved")
    moderator_client.post(change_url(comment), data)
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


# The blocklist admin


def test_a_blocklist_entry_added_in_the_admin_records_who_added_it(moderator_client, moderator):
    response = moderator_client.post(
        reverse("admin:comments_blocklistentry_add"),
        {"kind": "email", "value": " Spam@Example.NET "},
    )
    assert response.status_code == 302
    entry = BlocklistEntry.objects.get()
    assert (entry.value, entry.created_by) == ("spam@example.net", moderator)


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("email", "not an address"),
        ("email", "@"),
        ("ip", "999.1.1.1"),
        ("ip", "example.net"),
        ("email", "SPAM@example.net"),
    ],
)
def test_a_bad_or_duplicate_blocklist_entry_is_a_form_error(moderator_client, kind, value):
    BlocklistEntry.objects.create(kind="email", value="spam@example.net")
    response = moderator_client.post(
        reverse("admin:comments_blocklistentry_add"), {"kind": kind, "value": value}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert BlocklistEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("kind", "value"),
    [("email", "@spam-domain.example"), ("ip", "203.0.113.0/24"), ("ip", "2001:db8::1")],
)
def test_domains_and_networks_can_be_blocked(moderator_client, kind, value):
    """The rules understand "@domain" and IP networks, so the form accepts them."""
    response = moderator_client.post(
        reverse("admin:comments_blocklistentry_add"), {"kind": kind, "value": value}
    )
    assert response.status_code == 302
    assert BlocklistEntry.objects.get().value == value


def test_admin_pages_speak_french(moderator_client):
    make_comment()
    page = changelist(moderator_client).text
    assert "Approuver les commentaires sélectionnés" in page
    assert "File au clavier" in page
    assert '<html lang="fr"' in page
