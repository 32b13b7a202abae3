"""comments.admin_views: the keyboard queue, and the one-comment moderation and block POSTs.

The queue shows pending comments in full, one POST per decision, and works without JS; the
change page's buttons post to the same endpoint.
"""

import html5lib
import pytest
from django.test import Client
from django.urls import reverse

from comments.models import BlocklistEntry, Comment, ModerationEvent
from tests.factories import make_article, make_comment
from tests.html import by_id, parse, text

pytestmark = pytest.mark.django_db

Status = Comment.Status
QUEUE = "admin:comments_comment_queue"


def moderate_url(comment):
    return reverse("admin:comments_comment_moderate", args=[comment.pk])


def test_the_queue_shows_pending_comments_in_full_oldest_first(moderator_client):
    article = make_article(title="La réforme des retraites")
    first = make_comment(article=article, body="Premier avis, <em>complet</em>.")
    second = make_comment(article=article, body="Second avis.")
    make_comment(article=article, status=Status.APPROVED, body="Déjà publié.")
    response = moderator_client.get(reverse(QUEUE))
    assert [item.comment for item in response.context["queue"].items] == [first, second]
    page = response.text
    assert "La réforme des retraites" in page
    assert "Premier avis, <em>complet</em>." in page
    assert "Déjà publié." not in page
    assert "Commentaires en attente de modération :" in page
    assert "<strong data-queue-count>2</strong>" in page


@pytest.mark.parametrize("count", [2, 30])
def test_the_queue_query_count_does_not_grow_with_comments(
    moderator_client, django_assert_max_num_queries, count
):
    parent = make_comment(status=Status.APPROVED)
    for n in range(count):
        if n % 2:
            make_comment(article=parent.article, parent=parent)
        else:
            make_comment(article=make_article())
    # Session, user, the comments with their articles and parents, their authors'
    # records, the articles for the filter, the pending count, the header's count.
    with django_assert_max_num_queries(9):
        response = moderator_client.get(reverse(QUEUE))
    assert len(response.context["queue"].items) == count


def test_each_decision_is_a_csrf_protected_post_form(moderator_client):
    comment = make_comment()
    document = html5lib.parse(
        moderator_client.get(reverse(QUEUE)).text, namespaceHTMLElements=False
    )
    (form,) = document.findall(".//form[@data-queue-form]")
    assert form.get("method") == "post"
    assert form.get("action") == moderate_url(comment)
    assert form.find(".//input[@name='csrfmiddlewaretoken']") is not None
    values = {b.get("value"): b.get("data-key") for b in form.findall(".//button")}
    assert values == {"approved": "a", "rejected": "r", "spam": "s"}


def test_the_queue_runs_no_inline_script(moderator_client):
    """CSP forbids inline scripts: every script on the page is a file."""
    make_comment()
    document = html5lib.parse(
        moderator_client.get(reverse(QUEUE)).text, namespaceHTMLElements=False
    )
    scripts = document.findall(".//script")
    assert scripts
    assert all(script.get("src") for script in scripts)
    assert any(script.get("src").endswith("js/moderation-queue.js") for script in scripts)
    assert not [
        element
        for element in document.iter()
        if any(name.lower().startswith("on") for name in element.attrib)
    ]


def test_without_javascript_a_decision_returns_to_the_queue(moderator_client, moderator):
    comment = make_comment()
    queue = reverse(QUEUE)
    response = moderator_client.post(
        moderate_url(comment), {"to_status": "approved", "next": queue}, follow=True
    )
    assert response.redirect_chain == [(queue, 302)]
    assert f"Commentaire de {comment.author_name} approuvé." in response.text
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert comment.moderation_events.get().actor == moderator


@pytest.mark.parametrize("to_status", [Status.APPROVED, Status.REJECTED, Status.SPAM])
def test_with_javascript_a_decision_answers_with_the_new_count(moderator_client, to_status):
    comment = make_comment()
    make_comment()
    response = moderator_client.post(
        moderate_url(comment), {"to_status": to_status}, headers={"accept": "application/json"}
    )
    assert response.status_code == 200
    payload = response.json()
    assert payload["id"] == comment.pk
    assert payload["status"] == to_status
    assert payload["changed"] is True
    assert payload["pending_count"] == 1
    comment.refresh_from_db()
    assert comment.status == to_status
    assert comment.moderation_events.count() == 1


def test_a_bad_decision_in_json_is_a_400_with_a_message(moderator_client):
    comment = make_comment()
    response = moderator_client.post(
        moderate_url(comment), {"to_status": "nope"}, headers={"accept": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["error"].startswith("État inconnu")


def test_a_comment_gone_meanwhile_is_a_404_in_json(moderator_client):
    comment = make_comment()
    url = moderate_url(comment)
    comment.delete()
    response = moderator_client.post(
        url, {"to_status": "approved"}, headers={"accept": "application/json"}
    )
    assert response.status_code == 404
    assert "n’existe plus" in response.json()["error"]  # noqa: RUF001


def test_a_post_without_csrf_token_is_refused(moderator):
    comment = make_comment()
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    response = client.post(moderate_url(comment), {"to_status": "approved"})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_the_admin_index_links_to_the_queue_for_moderators(moderator_client):
    page = moderator_client.get(reverse("admin:index")).text
    assert f'href="{reverse(QUEUE)}"' in page


def test_the_changelist_links_to_the_queue(moderator_client):
    page = moderator_client.get(reverse("admin:comments_comment_changelist")).text
    assert f'href="{reverse(QUEUE)}"' in page


def test_an_empty_queue_says_so(moderator_client):
    response = moderator_client.get(reverse(QUEUE))
    assert "Aucun commentaire n’attend de modération." in response.text  # noqa: RUF001


# One comment at a time: the change page's buttons


def change_url(comment):
    return reverse("admin:comments_comment_change", args=[comment.pk])


@pytest.mark.parametrize("to_status", [Status.APPROVED, Status.REJECTED, Status.SPAM])
def test_a_change_page_button_moves_the_comment_and_records_history(
    moderator_client, moderator, to_status
):
    comment = make_comment()
    response = moderator_client.post(
        reverse("admin:comments_comment_moderate", args=[comment.pk]), {"to_status": to_status}
    )
    assert response.status_code == 302
    assert response.url == change_url(comment)
    comment.refresh_from_db()
    assert comment.status == to_status
    event = comment.moderation_events.get()
    assert (event.actor, event.from_status, event.to_status) == (
        moderator,
        Status.PENDING,
        to_status,
    )


def test_the_moderation_endpoint_refuses_get(moderator_client):
    comment = make_comment()
    response = moderator_client.get(reverse("admin:comments_comment_moderate", args=[comment.pk]))
    assert response.status_code == 405
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_an_unknown_state_is_a_clear_message_and_no_change(moderator_client):
    comment = make_comment()
    response = moderator_client.post(
        reverse("admin:comments_comment_moderate", args=[comment.pk]),
        {"to_status": "published"},
        follow=True,
    )
    assert response.status_code == 200
    assert "État inconnu" in response.text
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    assert not comment.moderation_events.exists()


@pytest.mark.parametrize("object_id", ["999999", "not-a-number"])
def test_moderating_a_missing_comment_is_not_an_error_page(moderator_client, object_id):
    response = moderator_client.post(
        reverse("admin:comments_comment_moderate", args=[object_id]),
        {"to_status": "approved"},
        follow=True,
    )
    assert response.status_code == 200
    assert not ModerationEvent.objects.exists()


def test_next_never_leaves_the_site(moderator_client):
    comment = make_comment()
    response = moderator_client.post(
        reverse("admin:comments_comment_moderate", args=[comment.pk]),
        {"to_status": "approved", "next": "https://evil.example.com/"},
    )
    assert response.url == change_url(comment)


@pytest.mark.parametrize(("by", "value"), [("email", "troll@example.net"), ("ip", "203.0.113.50")])
def test_block_this_author_button_adds_the_address(moderator_client, moderator, by, value):
    comment = make_comment(author_email="troll@example.net", ip_address="203.0.113.50")
    response = moderator_client.post(
        reverse("admin:comments_comment_block", args=[comment.pk]), {"by": by}, follow=True
    )
    assert response.status_code == 200
    entry = BlocklistEntry.objects.get()
    assert (entry.kind, entry.value, entry.created_by) == (by, value, moderator)
    assert "est maintenant sur la liste de blocage" in response.text


def test_block_by_ip_without_an_ip_is_a_message(moderator_client):
    comment = make_comment(ip_address=None)
    response = moderator_client.post(
        reverse("admin:comments_comment_block", args=[comment.pk]), {"by": "ip"}, follow=True
    )
    assert "adresse de ce type" in response.text
    assert not BlocklistEntry.objects.exists()


def test_each_queue_item_shows_what_the_moderator_needs_to_decide(moderator_client):
    """Reasons in words (with the number of links), the parent's text, the article, the
    commenter's record and the time since posting."""
    article = make_article(title="Le budget de la ville")
    parent = make_comment(
        article=article, status=Status.APPROVED, body="Le texte du commentaire parent."
    )
    for status in (Status.APPROVED, Status.APPROVED, Status.REJECTED, Status.SPAM):
        make_comment(author_email="Habitue@Example.net", status=status)
    reply = make_comment(
        article=article,
        parent=parent,
        author_email="habitue@example.net",
        body="Voir https://a.example.org https://b.example.org https://c.example.org",
        flag_reasons=["too_fast", "too_many_links"],
    )
    newcomer = make_comment(author_email="nouvelle@example.net")
    page = moderator_client.get(reverse(QUEUE)).text
    document = parse(page)
    item = by_id(document, f"queue-{reply.pk}")
    words = " ".join(text(item).split())
    assert "Envoyé trop vite après l\u2019ouverture du formulaire" in words
    assert "3 liens" in words
    assert "too_fast" not in words
    assert "En réponse à" in words
    assert "Le texte du commentaire parent." in words
    assert item.find(".//h2/a").get("href") == article.get_absolute_url()
    assert "2 approuvés · 1 refusé · 1 indésirable" in words
    assert "Premier commentaire" not in words
    assert "il y a" in words
    assert "Premier commentaire" in " ".join(text(by_id(document, f"queue-{newcomer.pk}")).split())


def test_the_queue_filters_by_article_reason_and_first_timers(moderator_client):
    article = make_article()
    on_article = make_comment(article=article, author_email="regular@example.net")
    make_comment(author_email="regular@example.net", status=Status.APPROVED)
    too_fast = make_comment(flag_reasons=["too_fast"], author_email="regular@example.net")
    first_timer = make_comment(author_email="first@example.net")

    def shown(**query):
        response = moderator_client.get(reverse(QUEUE), query)
        return [item.comment for item in response.context["queue"].items]

    assert shown(article=article.pk) == [on_article]
    assert shown(reason="too_fast") == [too_fast]
    assert shown(first="1") == [first_timer]
    # Nonsense filters are ignored, never an error.
    assert len(shown(article="abc", reason="'; DROP TABLE", first="yes")) == 3


def test_every_admin_page_header_links_the_pending_count_to_the_queue(moderator_client):
    make_comment()
    make_comment()
    for url in (reverse("admin:index"), reverse("admin:comments_blocklistentry_changelist")):
        header = by_id(parse(moderator_client.get(url).text), "header")
        (link,) = [a for a in header.iter("a") if "pending-comments" in (a.get("class") or "")]
        assert link.get("href") == reverse(QUEUE)
        assert " ".join(text(link).split()) == "2 commentaires en attente de modération"


def test_the_change_page_title_names_the_commenter_in_good_french(moderator_client):
    for name, title in [
        ("Océane Petit", "Commentaire d\u2019Océane Petit"),
        ("Hugo Martin", "Commentaire d\u2019Hugo Martin"),
        ("Claire Dumas", "Commentaire de Claire Dumas"),
    ]:
        comment = make_comment(author_name=name)
        page = parse(moderator_client.get(change_url(comment)).text)
        assert " ".join(text(page.find(".//h1")).split()) == title
