"""Roles: Moderators moderate and nothing else, Editors read comments but cannot moderate,
anonymous visitors go to login."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from comments.models import Comment
from tests.factories import make_article, make_category, make_comment, make_staff, make_user

pytestmark = pytest.mark.django_db

MODERATION_PAGES = [
    ("admin:comments_comment_changelist", False),
    ("admin:comments_comment_queue", False),
    ("admin:comments_comment_change", True),
    ("admin:comments_moderationevent_changelist", False),
    ("admin:comments_blocklistentry_changelist", False),
    ("admin:comments_blocklistentry_add", False),
]


def page_url(name, needs_comment):
    if needs_comment:
        return reverse(name, args=[make_comment().pk])
    return reverse(name)


def offered_actions(changelist_response):
    choices = changelist_response.context["action_form"].fields["action"].choices
    return [value for value, _label in choices]


@pytest.fixture
def editor(db):
    """A staff user in the Editors group created by the articles migration."""
    assert Group.objects.filter(name="Editors").exists()
    return make_staff(groups=["Editors"])


def test_moderators_group_holds_exactly_the_moderation_permissions():
    """The data migration grants comments view/change, history view, blocklist, article view."""
    group = Group.objects.get(name="Moderators")
    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }
    assert granted == {
        "comments.view_comment",
        "comments.change_comment",
        "comments.view_moderationevent",
        "comments.add_blocklistentry",
        "comments.change_blocklistentry",
        "comments.delete_blocklistentry",
        "comments.view_blocklistentry",
        "comments.reply_as_staff",
        "articles.view_article",
    }


@pytest.mark.parametrize(("name", "needs_comment"), MODERATION_PAGES)
def test_anonymous_visitors_are_sent_to_the_admin_login(client, name, needs_comment):
    """Every moderation page redirects an anonymous visitor to the admin login."""
    url = page_url(name, needs_comment)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    "name", ["admin:comments_comment_moderate", "admin:comments_comment_block"]
)
def test_anonymous_posts_to_moderation_endpoints_change_nothing(client, name):
    """A moderation POST without a session is sent to login and leaves the comment alone."""
    comment = make_comment()
    response = client.post(
        reverse(name, args=[comment.pk]), {"to_status": "approved", "by": "email"}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert not comment.moderation_events.exists()


# Editors read comments (to answer one in the newsroom's name), nothing else of moderation.
EDITOR_READABLE_PAGES = {"admin:comments_comment_changelist", "admin:comments_comment_change"}


@pytest.mark.parametrize(
    ("name", "needs_comment"),
    [page for page in MODERATION_PAGES if page[0] not in EDITOR_READABLE_PAGES],
)
def test_editors_cannot_reach_moderation_pages(client, editor, name, needs_comment):
    """An editor (staff, Editors group only) is refused every moderation page."""
    client.force_login(editor)
    response = client.get(page_url(name, needs_comment))
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("name", "needs_comment"),
    [page for page in MODERATION_PAGES if page[0] in EDITOR_READABLE_PAGES],
)
def test_editors_read_comments_without_the_commenters_addresses(
    client, editor, name, needs_comment
):
    """The list and the change page open for editors, read-only, without e-mail or IP."""
    comment = make_comment(
        author_email="lectrice.secrete@example.org",
        ip_address="203.0.113.77",
        user_agent="AgentSecret/1.0",
    )
    client.force_login(editor)
    url = reverse(name, args=[comment.pk]) if needs_comment else reverse(name) + "?status=all"
    page = client.get(url).text
    assert comment.author_name in page
    for private in ("lectrice.secrete", "203.0.113.77", "AgentSecret"):
        assert private not in page
    assert 'name="to_status"' not in page


def test_editors_cannot_find_a_commenter_by_address(client, editor):
    make_comment(author_name="Anonyme", author_email="lectrice.secrete@example.org")
    client.force_login(editor)
    page = client.get(
        reverse("admin:comments_comment_changelist") + "?status=all&q=lectrice.secrete"
    ).text
    assert "Anonyme" not in page


def test_editors_cannot_change_a_comment_status(client, editor):
    """The one-comment moderation endpoint refuses an editor and records nothing."""
    comment = make_comment()
    client.force_login(editor)
    response = client.post(
        reverse("admin:comments_comment_moderate", args=[comment.pk]), {"to_status": "approved"}
    )
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert not comment.moderation_events.exists()


def test_an_editor_who_is_also_a_moderator_can_moderate(client, editor):
    """Roles add up: membership of Moderators is what grants moderation."""
    editor.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(editor)
    assert client.get(reverse("admin:comments_comment_changelist")).status_code == 200
    assert client.get(reverse("admin:comments_comment_queue")).status_code == 200


@pytest.mark.parametrize(("name", "needs_comment"), MODERATION_PAGES)
def test_moderators_reach_every_moderation_page(moderator_client, name, needs_comment):
    """Changelist, queue, change page with history, history list and blocklist all open."""
    assert moderator_client.get(page_url(name, needs_comment)).status_code == 200


@pytest.mark.parametrize(
    "perm",
    [
        "articles.add_article",
        "articles.change_article",
        "articles.delete_article",
        "articles.add_category",
        "articles.change_category",
        "articles.delete_category",
        "auth.view_user",
        "auth.change_user",
        "auth.add_user",
        "auth.change_group",
        "comments.add_comment",
        "comments.delete_comment",
        "comments.add_moderationevent",
        "comments.change_moderationevent",
    ],
)
def test_moderators_lack_every_permission_outside_moderation(moderator, perm):
    """No articles, categories, users or groups to edit; no comments to add or delete."""
    assert not moderator.has_perm(perm)


@pytest.mark.parametrize(
    "name",
    [
        "admin:auth_user_changelist",
        "admin:auth_user_add",
        "admin:auth_group_changelist",
        "admin:comments_comment_add",
    ],
)
def test_moderators_are_refused_admin_pages_outside_moderation(moderator_client, name):
    """Users, groups and adding comments are off limits to a moderator."""
    assert moderator_client.get(reverse(name)).status_code == 403


def test_moderators_may_read_articles_but_not_edit_them(moderator_client):
    """View permission only: the page opens read-only and a save is refused."""
    article = make_article(title="Titre d'origine")
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    assert moderator_client.get(reverse("admin:articles_article_changelist")).status_code == 200
    page = moderator_client.get(change_url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    response = moderator_client.post(change_url, {"title": "Titre modifié"})
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Titre d'origine"
    assert moderator_client.get(reverse("admin:articles_article_add")).status_code == 403
    delete_url = reverse("admin:articles_article_delete", args=[article.pk])
    assert moderator_client.get(delete_url).status_code == 403


def test_moderators_cannot_reach_categories(moderator_client):
    category = make_category()
    for url in (
        reverse("admin:articles_category_changelist"),
        reverse("admin:articles_category_add"),
        reverse("admin:articles_category_change", args=[category.pk]),
    ):
        assert moderator_client.get(url).status_code == 403, url


def test_editors_keep_their_own_part(client, editor):
    """The split holds both ways: editors run articles and categories."""
    client.force_login(editor)
    assert client.get(reverse("admin:articles_article_add")).status_code == 200
    assert client.get(reverse("admin:articles_category_changelist")).status_code == 200


def test_moderators_cannot_edit_a_user(moderator_client):
    """A moderator cannot open (nor so save) another user's admin page."""
    user = make_user()
    response = moderator_client.get(reverse("admin:auth_user_change", args=[user.pk]))
    assert response.status_code == 403


def test_moderators_cannot_delete_comments(moderator_client):
    """Neither the delete page nor the bulk delete action is offered to a moderator."""
    comment = make_comment()
    response = moderator_client.get(reverse("admin:comments_comment_delete", args=[comment.pk]))
    assert response.status_code == 403
    changelist = moderator_client.get(reverse("admin:comments_comment_changelist"))
    actions = offered_actions(changelist)
    assert "delete_selected" not in actions
    assert "approve" in actions


def test_superusers_can_moderate_and_delete(client):
    """A superuser sees the moderation pages and keeps the delete action."""
    client.force_login(make_user(is_staff=True, is_superuser=True))
    comment = make_comment()
    for name, needs_comment in MODERATION_PAGES:
        assert client.get(page_url(name, needs_comment)).status_code == 200, name
    changelist = client.get(reverse("admin:comments_comment_changelist"))
    actions = offered_actions(changelist)
    assert "delete_selected" in actions
    response = client.post(
        reverse("admin:comments_comment_moderate", args=[comment.pk]), {"to_status": "approved"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
