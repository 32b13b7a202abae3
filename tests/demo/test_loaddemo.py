"""manage.py loaddemo: a realistic French newsroom, loaded once however often it runs."""

import ipaddress
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Category
from articles.sanitize import count_links
from comments.models import Comment, ModerationEvent
from comments.moderation import SPAM_REASONS, Blocklist, Reason
from demo import article_content as article_demo_content
from demo import comment_content as comment_demo_content

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
            {**model_to_dict(a), "updated_at": a.updated_at, "body_html": a.body_html}
            for a in Article.objects.order_by("pk")
        ],
        "users": list(User.objects.order_by("pk").values()),
        "memberships": list(User.groups.through.objects.order_by("pk").values()),
        "comments": list(Comment.objects.order_by("pk").values()),
        "history": list(ModerationEvent.objects.order_by("pk").values()),
    }


def test_running_twice_changes_nothing(monkeypatch):
    """The second run finds every row in place and modifies none."""
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "a-demo-password-1234")
    loaddemo()
    first = snapshot()
    output, _ = loaddemo()
    assert snapshot() == first
    assert first["comments"]
    assert first["history"]
    assert "Articles: 0 created" in output
    assert "Comments: 0 created" in output


def test_loads_categories_and_french_articles():
    """At least 3 categories and 12 published articles, with a draft and a scheduled one."""
    loaddemo()
    assert Category.objects.count() >= 3
    published = Article.objects.published()
    assert published.count() >= 12
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 1
    assert Article.objects.scheduled().count() == 1
    for article in published:
        assert article.body_html.count("<p>") >= 3, article.slug
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
    """The demo adds its people to the group; it never changes what the group may do."""
    granted = set(Group.objects.get(name="Editors").permissions.all())
    assert granted
    loaddemo()
    assert set(Group.objects.get(name="Editors").permissions.all()) == granted


# -- reader comments -------------------------------------------------------------------


def depth_of(comment, by_pk):
    depth = 1
    while comment.parent_id is not None:
        comment = by_pk[comment.parent_id]
        depth += 1
    return depth


def demo_comments():
    return list(Comment.objects.select_related("article").order_by("created_at", "pk"))


def test_demo_has_approved_threads_under_some_articles_and_a_moderation_queue():
    output, _ = loaddemo()
    comments = demo_comments()
    by_pk = {comment.pk: comment for comment in comments}
    approved = [c for c in comments if c.status == Comment.Status.APPROVED]
    pending = [c for c in comments if c.status == Comment.Status.PENDING]
    assert len(approved) >= 20
    assert sum(c.status == Comment.Status.SPAM for c in comments) >= 1
    assert len(pending) >= 3
    assert any(c.flag_reasons for c in pending)
    assert any(not c.flag_reasons for c in pending)
    # Threaded: approved replies, down to the default maximum depth.
    assert any(c.parent_id for c in approved)
    assert max(depth_of(c, by_pk) for c in approved) == 3
    # Several published articles have comments, not all of them.
    commented = {c.article_id for c in comments}
    published = set(Article.objects.published().values_list("pk", flat=True))
    assert commented <= published
    assert 3 <= len(commented) < len(published)
    assert f"Comments: {len(comments)} created" in output
    assert f"{len(pending)} pending" in output


@pytest.mark.parametrize("max_depth", [1, 2, 3])
def test_demo_replies_respect_the_maximum_depth(settings, max_depth):
    settings.COMMENTS_MAX_DEPTH = max_depth
    loaddemo()
    comments = demo_comments()
    by_pk = {comment.pk: comment for comment in comments}
    assert max(depth_of(c, by_pk) for c in comments) == max_depth


def test_demo_replies_answer_approved_comments_after_their_approval():
    loaddemo()
    for reply in Comment.objects.filter(parent__isnull=False).select_related("parent"):
        assert reply.parent.article_id == reply.article_id
        assert reply.parent.status == Comment.Status.APPROVED
        approval = reply.parent.moderation_events.get(to_status=Comment.Status.APPROVED)
        assert reply.created_at > approval.created_at, reply.pk


def test_demo_comments_are_dated_between_publication_and_now():
    loaddemo()
    now = timezone.now()
    for comment in demo_comments():
        assert comment.article.published_at < comment.created_at < now, comment.pk
        for event in comment.moderation_events.all():
            assert comment.created_at <= event.created_at <= now
    # Not all at the same minute: the conversation unfolds over hours and days.
    assert len({c.created_at for c in demo_comments()}) > 20


def test_every_demo_comment_has_the_history_the_moderation_workflow_records():
    """Born pending (or spam) by no one; any other state reached through a recorded decision."""
    loaddemo()
    for comment in demo_comments():
        events = list(comment.moderation_events.order_by("created_at", "pk"))
        birth = events[0]
        assert birth.from_status == ""
        assert birth.actor is None
        assert birth.to_status in {Comment.Status.PENDING, Comment.Status.SPAM}
        assert birth.note == ", ".join(comment.flag_reasons)
        assert events[-1].to_status == comment.status
        if comment.status in {Comment.Status.APPROVED, Comment.Status.REJECTED}:
            assert [(e.from_status, e.to_status) for e in events[1:]] == [
                (Comment.Status.PENDING, comment.status)
            ]
        else:
            assert len(events) == 1
    approved = Comment.objects.approved()
    assert approved.exists()
    assert not approved.exclude(moderation_events__to_status=Comment.Status.APPROVED).exists()


def test_demo_flag_reasons_are_the_ones_the_rules_give(settings):
    loaddemo()
    blocklist = Blocklist.load()
    comments = demo_comments()
    for comment in comments:
        reasons = set(comment.flag_reasons)
        too_many = count_links(comment.body) > settings.COMMENTS_MAX_LINKS
        assert (Reason.TOO_MANY_LINKS in reasons) == too_many, comment.pk
        blocked = blocklist.matches_text(comment.body, comment.author_name, comment.author_url)
        assert (Reason.BLOCKLIST_WORD in reasons) == blocked, comment.pk
        born_spam = comment.moderation_events.get(from_status="").to_status == "spam"
        assert born_spam == bool(reasons & SPAM_REASONS), comment.pk
    assert any(Reason.TOO_MANY_LINKS in c.flag_reasons for c in comments)


def test_demo_readers_are_fictional():
    """Reserved domains for addresses and websites, documentation ranges for IP addresses."""
    loaddemo()
    reserved = ("example.org", "example.net")
    documentation = [
        ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")
    ]
    for comment in demo_comments():
        assert comment.author_email.rpartition("@")[2].endswith(reserved)
        if comment.author_url:
            assert urlsplit(comment.author_url).hostname.endswith(reserved)
        address = ipaddress.ip_address(comment.ip_address)
        assert any(address in network for network in documentation)


def test_loading_the_demo_sends_no_email(
    settings, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    settings.COMMENTS_MODERATOR_EMAILS = ["redaction@example.org"]
    # The commit also renders the demo photos: no e-mail there, and a minute of CPU.
    settings.PICTURES = {**settings.PICTURES, "PROCESSOR": "pictures.tasks.noop"}
    with django_capture_on_commit_callbacks(execute=True):
        loaddemo()
    assert Comment.objects.pending().exists()
    assert mailoutbox == []


def test_demo_article_pages_show_approved_comments_only(client):
    loaddemo()
    comments = demo_comments()
    articles = {comment.article for comment in comments}
    for article in articles:
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        content = response.content.decode()
        for comment in comments:
            if comment.article_id != article.pk:
                continue
            assert comment.author_email not in content
            if comment.status == Comment.Status.APPROVED:
                assert f'id="comment-{comment.pk}"' in content
                assert comment.body_html in content
            else:
                assert f'id="comment-{comment.pk}"' not in content
                assert comment.body_html not in content
        approved = Comment.objects.approved().filter(article=article).count()
        assert response.context["section"].count == approved


def test_admin_opens_on_the_demo_pending_queue(admin_client):
    loaddemo()
    pending = list(Comment.objects.pending())
    assert pending
    changelist = admin_client.get(reverse("admin:comments_comment_changelist"))
    assert changelist.status_code == 200
    assert list(changelist.context["cl"].result_list.order_by("pk")) == sorted(
        pending, key=lambda c: c.pk
    )
    queue = admin_client.get(reverse("admin:comments_comment_queue"))
    assert queue.status_code == 200
    assert {item.comment.pk for item in queue.context["queue"].items} == {c.pk for c in pending}


def test_demo_comment_data_names_known_articles_and_readers():
    """A typo in the data would silently drop a thread; catch it here."""
    slugs = {data["slug"] for data in article_demo_content.ARTICLES}
    assert set(comment_demo_content.COMMENTS) <= slugs

    def walk(entries):
        for entry in entries:
            yield entry
            yield from walk(entry.get("replies", ()))

    for entries in comment_demo_content.COMMENTS.values():
        for entry in walk(entries):
            assert entry["reader"] in comment_demo_content.READERS
            assert entry["status"] in Comment.Status.values


def test_most_published_articles_get_a_described_photo():
    """Photos drawn locally, each with alt text, caption and credit, as lead photos."""
    from demo import photo_content

    loaddemo()
    published = Article.objects.published()
    with_photo = published.exclude(lead_photo=None).select_related("lead_photo")
    assert with_photo.count() == len(photo_content.PHOTOS)
    assert with_photo.count() > published.count() / 2
    for article in with_photo:
        photo = article.lead_photo
        assert len(photo.alt) > 40
        assert photo.caption
        assert photo.credit
        assert (photo.width, photo.height) == (1600, 1067)
        assert photo.file.name.endswith(".jpg")
    assert len({article.lead_photo.alt for article in with_photo}) == with_photo.count()


def test_a_second_run_adds_no_photo_and_keeps_an_editors_choice():
    from photos.models import Photo

    loaddemo()
    article = Article.objects.exclude(lead_photo=None).first()
    Article.objects.filter(pk=article.pk).update(lead_photo=None)
    loaddemo()
    assert Photo.objects.count() == Article.objects.exclude(lead_photo=None).count() + 1
    assert Article.objects.get(pk=article.pk).lead_photo is None
