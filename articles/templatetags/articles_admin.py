"""Data for the editors' dashboard on the admin index: drafts and scheduled articles."""

from django import template

from articles.models import Article

register = template.Library()

DASHBOARD_DRAFTS = 8


@register.simple_tag
def editorial_dashboard():
    """The latest drafts and every scheduled article (soonest first), with their counts."""
    drafts = Article.objects.drafts().order_by("-updated_at").only("title", "updated_at")
    scheduled = Article.objects.scheduled().order_by("published_at").only("title", "published_at")
    return {
        "drafts": list(drafts[:DASHBOARD_DRAFTS]),
        "draft_count": drafts.count(),
        "scheduled": list(scheduled),
    }
