"""Reads for the comment section: the thread of one article in one query, and the page context."""

from dataclasses import dataclass, field

from django.conf import settings

from . import moderation
from .cookies import pending_comment_ids, remembered_author
from .forms import CommentForm
from .models import Comment

# Public rendering never needs these: not loading them keeps the address out
# of reach of any template, by construction.
PRIVATE_FIELDS = ("author_email", "ip_address", "user_agent", "body_source", "flag_reasons")
REPLY_PARAMETER = "repondre"


@dataclass
class CommentNode:
    comment: Comment
    depth: int = 1
    children: list = field(default_factory=list)
    is_pending: bool = False
    can_reply: bool = False


@dataclass
class Thread:
    roots: list
    by_pk: dict
    approved_count: int


def article_thread(article, *, pending_ids=()):
    """Approved comments, oldest first, as a tree; plus the reader's own pending ones.

    One query whatever the number of comments: the tree is assembled in Python.
    A reply whose parent is not visible (rejected after the reply was approved)
    is shown at the top level rather than lost. Nodes deeper than
    COMMENTS_MAX_DEPTH are attached to their deepest allowed ancestor.
    """
    max_depth = settings.COMMENTS_MAX_DEPTH
    visible = Comment.objects.approved()
    if pending_ids:
        # Spam looks pending to its author: nothing tells a robot it was caught.
        visible |= Comment.objects.filter(
            pk__in=list(pending_ids),
            status__in=[Comment.Status.PENDING, Comment.Status.SPAM],
        )
    comments = list(
        visible.filter(article=article).defer(*PRIVATE_FIELDS).order_by("created_at", "pk")
    )
    by_pk = {}
    for comment in comments:
        by_pk[comment.pk] = CommentNode(
            comment=comment, is_pending=comment.status != Comment.Status.APPROVED
        )
    roots = []
    approved = 0
    for comment in comments:
        node = by_pk[comment.pk]
        approved += not node.is_pending
        parent = by_pk.get(comment.parent_id)
        if parent is None:
            roots.append(node)
            continue
        while parent.depth >= max_depth and parent.comment.parent_id in by_pk:
            parent = by_pk[parent.comment.parent_id]
        node.depth = min(parent.depth + 1, max_depth)
        parent.children.append(node)
    # Depths are final once every ancestor is placed (parents come first in time).
    for node in by_pk.values():
        node.can_reply = not node.is_pending and node.depth < max_depth
    return Thread(roots=roots, by_pk=by_pk, approved_count=approved)


def _requested_parent(request, thread):
    raw = request.GET.get(REPLY_PARAMETER, "")
    if not raw.isdigit():
        return None
    node = thread.by_pk.get(int(raw))
    return node if node is not None and node.can_reply else None


def comment_section_context(request, article, *, form=None):
    """Everything ``comments/section.html`` needs, under ``comment_*`` names."""
    thread = article_thread(article, pending_ids=pending_comment_ids(request))
    is_open = moderation.comments_are_open(article)
    reply_to = None
    if is_open and form is None:
        initial = remembered_author(request)
        initial["remember"] = bool(initial)
        reply_to = _requested_parent(request, thread)
        if reply_to is not None:
            initial["parent"] = reply_to.comment.pk
        form = CommentForm(article=article, initial=initial)
    elif form is not None:
        parent_id = form.data.get("parent", "")
        if isinstance(parent_id, str) and parent_id.isdigit():
            reply_to = thread.by_pk.get(int(parent_id))
    return {
        "comment_thread": thread.roots,
        "comment_count": thread.approved_count,
        "comments_are_open": is_open,
        "comment_form": form if is_open else None,
        "comment_reply_to": reply_to,
        "comment_max_depth": settings.COMMENTS_MAX_DEPTH,
    }
