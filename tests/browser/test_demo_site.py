"""The demo newsroom (`loaddemo`) in Chromium: what a newcomer first sees fits and reads well.

Real French articles and threaded reader comments exercise the layout and accessibility
checks with text of real length, on a phone and on a desktop.
"""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from articles.models import Article
from comments.models import Comment
from tests.browser.support import axe_violations, horizontal_overflow, save_screenshot


@pytest.fixture
def demo_pages(live_site):
    call_command("loaddemo", stdout=io.StringIO())
    busiest = (
        Article.objects.published()
        .annotate(approved=Count("comments", filter=Q(comments__status=Comment.Status.APPROVED)))
        .order_by("-approved")
        .first()
    )
    assert busiest.approved > 0, "the demo should show reader comments"
    return {
        "home": "/",
        "category": busiest.category.get_absolute_url(),
        "article": busiest.get_absolute_url(),
    }


@pytest.mark.parametrize("width", [375, 1280])
def test_demo_pages_fit_the_screen_and_pass_axe(new_context, demo_pages, width):
    page = new_context(width=width, height=800).new_page()
    problems = {}
    for name, path in demo_pages.items():
        page.goto(path)
        save_screenshot(page, f"demo-{name}-{width}")
        if overflow := horizontal_overflow(page):
            problems[f"{name}: overflow"] = overflow
        if violations := axe_violations(page):
            problems[f"{name}: axe"] = violations
    assert problems == {}
