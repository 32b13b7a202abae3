"""Template tags for the admin: comment figures that pages outside the comments app show.

Articles never import comments; the admin index (and any admin header) loads
this library instead, as the article page pulls comments in through tags.
"""

from django import template

from comments.models import Comment

register = template.Library()


@register.simple_tag
def pending_comment_count():
    """How many comments wait for moderation."""
    return Comment.objects.pending().count()
