"""Journey 6: the public XSS corpus, posted and approved, runs nothing in Chromium.

Every payload of tests/data/xss_public.txt goes through the public form's validation
as a comment body, an author name and a website, and what the form accepts is
stored by the same service the site uses. Chromium renders the moderators' queue
and changelist while the comments are pending, and the article pages once they are
approved, with the site's Content-Security-Policy lifted, so the sanitiser and the
templates' escaping must hold on their own (the CSP is a second net, checked in
test_harness.py).

A payload that ran would show as a dialog (most call alert, prompt or confirm), a
call caught by the trap installed before any page script, a disturbed sentinel, a
navigation away, or a dangerous element or attribute in the DOM Chromium built.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments.forms import CommentForm
from comments.models import Comment
from comments.review import change_status
from comments.services import comment_create
from tests import corpus
from tests.browser.support import (
    DOCUMENT_REPORT,
    INERT_REPORT,
    SCRIPT_TRAP,
    STAFF_PASSWORD,
    log_in_to_admin,
)
from tests.factories import (
    comment_form_data,
    make_article,
    make_category,
    make_moderator,
)

SAFE_VALUES = {"body": "(refusé)", "author_name": "Anonyme", "author_url": ""}


def post_through_the_form(article, payload):
    """Store `payload` in every field the form accepts it for; the others get a safe value."""
    values = {"body": payload, "author_name": payload[:100], "author_url": payload}
    form = CommentForm(comment_form_data(article, **values), article=article)
    if not form.is_valid():
        values.update({name: SAFE_VALUES[name] for name in form.errors if name in SAFE_VALUES})
        form = CommentForm(comment_form_data(article, **values), article=article)
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    return comment_create(
        article=article,
        parent=None,
        author_name=data["author_name"],
        author_email=data["author_email"],
        author_url=data["author_url"],
        body=data["body"],
        ip_address="203.0.113.7",
        seconds_to_submit=form.seconds_to_submit,
    )


@pytest.fixture
def hostile_articles(settings):
    """Articles whose approved comments are the corpus, {article: [comment ids]}."""
    # The corpus stands for many senders: the hourly cap per sender is not under test here.
    settings.COMMENTS_MAX_PER_HOUR = 100_000
    payloads = corpus.load_text("xss_public.txt")
    category = make_category(name="Débats", slug="debats")
    articles = {}
    per_article = settings.COMMENTS_PER_PAGE  # every comment on its article's first page
    for start in range(0, len(payloads), per_article):
        article = make_article(
            category=category,
            title=f"Tribune {start // per_article + 1}",
            published_at=timezone.now() - timedelta(hours=1),  # comments still open
        )
        comments = [
            post_through_the_form(article, payload)
            for payload in payloads[start : start + per_article]
        ]
        articles[article] = [comment.pk for comment in comments]
    stored = Comment.objects.exclude(body=SAFE_VALUES["body"]).count()
    assert stored > 0.9 * len(payloads), "most payloads should reach the page as bodies"
    return articles


def trapped_page(new_context):
    """A page with the CSP lifted, the trap set, and a record of its top-level navigations."""
    context = new_context(bypass_csp=True)
    context.add_init_script(SCRIPT_TRAP)
    page = context.new_page()
    page.navigations = []
    page.on(
        "framenavigated",
        lambda frame: frame == page.main_frame and page.navigations.append(frame.url),
    )
    return page


def assert_nothing_ran(page, browser_events, url):
    assert browser_events.problems() == {}, url
    assert page.evaluate("() => window.__scriptTrapHits") == [], url
    assert page.evaluate("() => window.__sentinel") == "intact", url
    assert page.navigations == [url], "a payload navigated"
    assert page.evaluate(DOCUMENT_REPORT) == [], url


def test_xss_corpus_runs_nothing_for_moderators_then_for_readers(
    new_context, browser_events, hostile_articles
):
    """Moderators read every comment first (queue, changelist); readers once approved."""
    moderator = trapped_page(new_context)
    moderator_user = make_moderator(password=STAFF_PASSWORD)
    log_in_to_admin(moderator, moderator_user)
    last_page = Comment.objects.count() // 100 + 1  # the changelist shows 100 a page
    admin_pages = ["/admin/comments/comment/queue/"]
    admin_pages += [f"/admin/comments/comment/?p={n}" for n in range(1, last_page + 1)]
    for path in admin_pages:
        moderator.navigations.clear()
        url = moderator.goto(path).url
        assert_nothing_ran(moderator, browser_events, url)
        assert moderator.get_by_role("heading", level=1).count() == 1, url

    change_status(
        comments=Comment.objects.all(), to_status=Comment.Status.APPROVED, actor=moderator_user
    )
    reader = trapped_page(new_context)
    for article, comment_ids in hostile_articles.items():
        reader.navigations.clear()
        url = reader.goto(article.get_absolute_url()).url
        assert_nothing_ran(reader, browser_events, url)
        assert reader.get_by_role("heading", level=1).inner_text() == article.title, url
        missing = reader.evaluate(
            "ids => ids.filter(id => !document.getElementById(`comment-${id}`))", comment_ids
        )
        assert missing == [], f"comments not rendered on {url}"
        assert reader.locator("#comments > ol").evaluate(INERT_REPORT) == [], url
