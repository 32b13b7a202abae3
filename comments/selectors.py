"""Reads for the comment section: the thread of one article in one query, and the page context."""

from dataclasses import dataclass, field

from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.core.paginator import Paginator
from django.utils import timezone, translation
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from newsroom.dateformats import DateTimeFormatter
from newsroom.pagecache import is_shared_page

from . import moderation
from .cookies import pending_comment_ids, refused_form, remembered_author
from .forms import CommentForm
from .models import Comment
from .templatetags.comments_tags import avatar_variant, initials
from .text import http_url

# All public rendering reads of a comment: loading nothing else keeps the address
# and the other private fields out of reach of any template, by construction.
PUBLIC_FIELDS = ("pk", "author_name", "author_url", "body_html", "created_at")
REPLY_PARAMETER = "repondre"
PAGE_PARAMETER = "page"


@dataclass
class CommentNode:
    pk: int
    parent_id: int | None
    author_name: str = ""
    # Sanitised on save with the comment policy (articles/sanitize.py).
    body_html: str = ""
    depth: int = 1
    # How deep the comment really is, counting ancestors not shown (a reply
    # whose parent was removed is shown at the top level but is no less deep).
    real_depth: int = 1
    children: list = field(default_factory=list)
    is_pending: bool = False
    can_reply: bool = False
    initials: str = ""
    avatar_variant: int = 0
    website: str = ""
    created_iso: str = ""
    created_display: str = ""
    reply_label: str = ""
    # The author erased their data and the text with it (comments.privacy).
    is_removed: bool = False


@dataclass
class Thread:
    roots: list
    by_pk: dict
    approved_count: int

    def load(self, nodes):
        """Fill in these nodes and all their descendants from their rows: one query.

        Plain rows rather than Comment instances: building 50 model instances
        cost more than everything else the thread does with them.
        """
        wanted = {}
        stack = list(nodes)
        while stack:
            node = stack.pop()
            wanted[node.pk] = node
            stack.extend(node.children)
        # Looked up once for the page rather than once for each comment.
        format_datetime = DateTimeFormatter(get_format("DATETIME_FORMAT"))
        reply_label = _("Reply to %(name)s")
        anonymous = _("Anonymous")
        rows = Comment.objects.filter(pk__in=list(wanted)).values_list(*PUBLIC_FIELDS)
        for pk, author_name, author_url, body_html, created_at in rows:
            node = wanted[pk]
            # Only an erasure (comments.privacy) leaves a name or a text empty.
            author_name = author_name or anonymous
            node.author_name = author_name
            node.body_html = body_html
            node.is_removed = not body_html
            # What the thread shows besides the fields, worked out here once rather
            # than through filters and tags for each of hundreds of comments.
            node.initials = initials(author_name)
            node.avatar_variant = avatar_variant(author_name)
            node.website = http_url(author_url)
            created_at = timezone.localtime(created_at)
            node.created_iso = created_at.isoformat()
            # What |date:"DATETIME_FORMAT" does, minus the per-call format lookup
            # and parsing, and the month names resolved once per day.
            node.created_display = format_datetime(created_at)
            node.reply_label = reply_label % {"name": author_name}


def article_thread(article, *, pending_ids=()):
    """Approved comments, oldest first, as a tree; plus the reader's own pending ones.

    The tree is built from ids alone (one light query, whatever the number of
    comments); ``Thread.load`` then fetches the rows of the part shown (one more
    query), so a page of 50 threads costs the same on an article with 5,000.
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
    rows = list(
        visible.filter(article=article)
        .order_by("created_at", "pk")
        .values_list("pk", "parent_id", "status")
    )
    by_pk = {}
    for pk, parent_id, status in rows:
        by_pk[pk] = CommentNode(
            pk=pk, parent_id=parent_id, is_pending=status != Comment.Status.APPROVED
        )
    roots = []
    approved = 0
    all_parents = None
    for pk, _parent_id, _status in rows:
        node = by_pk[pk]
        approved += not node.is_pending
        parent = by_pk.get(node.parent_id)
        if parent is None:
            if node.parent_id is not None:
                # Shown at the top level, but as deep as it really is: a reply
                # under it is refused past COMMENTS_MAX_DEPTH, so no reply link
                # may be offered there. One query, only when there is an orphan.
                if all_parents is None:
                    all_parents = dict(
                        Comment.objects.filter(article=article).values_list("pk", "parent_id")
                    )
                node.real_depth = _real_depth(node.pk, all_parents, max_depth)
            roots.append(node)
            continue
        node.real_depth = min(parent.real_depth + 1, max_depth)
        while parent.depth >= max_depth and parent.parent_id in by_pk:
            parent = by_pk[parent.parent_id]
        node.depth = min(parent.depth + 1, max_depth)
        parent.children.append(node)
    # Depths are final once every ancestor is placed (parents come first in time).
    for node in by_pk.values():
        node.can_reply = not node.is_pending and node.real_depth < max_depth
    return Thread(roots=roots, by_pk=by_pk, approved_count=approved)


def _real_depth(pk, parents, max_depth):
    """1 for a top-level comment, 2 for a reply...: counted on every ancestor, visible or not."""
    depth = 1
    parent_id = parents.get(pk)
    while parent_id is not None and depth < max_depth:
        depth += 1
        parent_id = parents.get(parent_id)
    return depth


def _requested_parent(request, thread):
    raw = request.GET.get(REPLY_PARAMETER, "")
    if not raw.isdigit():
        return None
    node = thread.by_pk.get(int(raw))
    return node if node is not None and node.can_reply else None


# The markup of a blank form on a shared page is the same for every article and
# reader (no token, no captcha, no prefill, no error): its crispy fields, hidden
# parent field and honeypot, rendered once per language and process, cost nothing
# after the first page.
_BLANK_FORMS = {}


def blank_form_markup(article):
    language = translation.get_language()
    markup = _BLANK_FORMS.get(language)
    if markup is None:
        form = CommentForm(article=article)
        subject = form["subject"]
        markup = _BLANK_FORMS[language] = {
            "parent": str(form["parent"]),
            "fields": render_crispy_form(form),
            # Laid out as comments/form.html lays out the honeypot of other forms.
            "honeypot": format_html(
                '<label for="{}">{}</label>\n        {}',
                subject.id_for_label,
                subject.label,
                subject,
            ),
        }
    return markup


def comment_section_context(request, article, *, form=None):
    """Everything ``comments/section.html`` needs, under ``comment_*`` names.

    Top-level comments are paginated by ``COMMENTS_PER_PAGE`` (``?page=N``), each
    with all its replies. On a page every anonymous reader shares (the page
    cache, ``newsroom.pagecache``) the form is rendered without CSRF token,
    form token and captcha: ``comments/form.html`` fetches those when the
    reader starts typing, and links to an uncached copy of the page for readers
    without JavaScript.
    """
    thread = article_thread(article, pending_ids=pending_comment_ids(request))
    page = Paginator(thread.roots, settings.COMMENTS_PER_PAGE).get_page(
        request.GET.get(PAGE_PARAMETER)
    )
    is_open = moderation.comments_are_open(article)
    if is_open and form is None:
        kept = refused_form(request, article)
        if kept is not None:
            form = CommentForm.refused(kept, article=article)
    deferred = is_open and form is None and is_shared_page(request)
    reply_to = None
    blank_form = None
    if deferred:
        # Only the blank form's markup is shown: no form of this reader's to build
        # (its fields' deep copies and its signed token were a tenth of the page).
        blank_form = blank_form_markup(article)
    elif is_open and form is None:
        initial = remembered_author(request)
        initial["remember"] = bool(initial)
        reply_to = _requested_parent(request, thread)
        if reply_to is not None:
            initial["parent"] = reply_to.pk
        form = CommentForm(article=article, initial=initial)
    elif form is not None:
        parent_id = form.data.get("parent", "")
        if isinstance(parent_id, str) and parent_id.isdigit():
            reply_to = thread.by_pk.get(int(parent_id))
    shown = list(page.object_list)
    if reply_to is not None:
        shown.append(reply_to)
    thread.load(shown)
    return {
        "comment_thread": page.object_list,
        "comment_page_obj": page,
        "comment_form_deferred": deferred,
        "comment_form_blank": blank_form,
        "comment_count": thread.approved_count,
        "comments_are_open": is_open,
        "comment_form": form if is_open else None,
        "comment_reply_to": reply_to,
        "comment_max_depth": settings.COMMENTS_MAX_DEPTH,
    }
