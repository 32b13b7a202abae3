"""Reads for the comment section and the moderation queue: data; templates make the HTML.

``comment_section(request, article)`` is what the article page's template tags
(``comments_tags``) and the posting view's error page work from: the thread's
tree (ids only, one query), the page of it shown, the count, whether comments
are open, and the form the reader gets. The rows of the comments shown are
loaded only when a template asks for them (``CommentSection.nodes``), so a page
whose thread comes from the fragment cache runs a single query for comments.
"""

from dataclasses import dataclass, field, fields
from functools import cached_property

from django.conf import settings
from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.sanitize import count_links
from newsroom.pagecache import article_data, is_shared_page
from newsroom.pagination import page_number

from . import moderation
from .challenges import TooManyChallenges, existing_challenge
from .cookies import pending_comment_ids, refused_form, remembered_author
from .forms import CommentForm
from .models import Comment

# All public rendering reads of a comment: loading nothing else keeps the address
# and the other private fields out of reach of any template, by construction.
PUBLIC_FIELDS = (
    "pk",
    "author_name",
    "author_url",
    "body_html",
    "created_at",
    "is_featured",
    "staff_author_id",
)
REPLY_PARAMETER = "repondre"
# The page with the whole form: ``?commenter=<challenge key>``, where the form
# endpoint (a POST, comments.challenges) sends a reader without JavaScript.
WHOLE_FORM_PARAMETER = "commenter"


def asks_for_the_whole_form(request) -> bool:
    """True when the reader asked for the page with a reply or the whole form, never shared."""
    return REPLY_PARAMETER in request.GET or WHOLE_FORM_PARAMETER in request.GET


@dataclass
class CommentNode:
    """One comment of the thread: its public fields, its place in the tree, its replies."""

    pk: int
    parent_id: int | None
    author_name: str = ""
    author_url: str = ""
    # Sanitised on save with the comment policy (articles/sanitize.py).
    body_html: str = ""
    created_at: object = None
    depth: int = 1
    # How deep the comment really is, counting ancestors not shown (a reply
    # whose parent was removed is shown at the top level but is no less deep).
    real_depth: int = 1
    children: list = field(default_factory=list)
    is_pending: bool = False
    can_reply: bool = False
    # The author erased their data and the text with it (comments.privacy).
    is_removed: bool = False
    # An editors' pick, and a reply signed by the newsroom (comments.review, services).
    is_featured: bool = False
    is_staff_reply: bool = False

    def shown_values(self):
        """Every value of the comment that its markup may show, its replies left out.

        Read from the dataclass's fields, so a field added later is part of the
        rendered comment's cache key without anyone remembering to add it
        (comments_tags.CommentFragments).
        """
        return [getattr(self, name) for name in SHOWN_NODE_FIELDS]

    def fill(self, row):
        """Take the public fields of one ``PUBLIC_FIELDS`` row."""
        _pk, author_name, author_url, body_html, created_at, is_featured, staff_author_id = row
        self.author_name = author_name
        self.author_url = author_url
        self.body_html = body_html
        # In the site's time zone, as the page shows it: the template's ISO date
        # is then one method call rather than a second date format a comment.
        self.created_at = timezone.localtime(created_at)
        # Only an erasure (comments.privacy) leaves a text (or a name) empty.
        self.is_removed = not body_html
        self.is_featured = is_featured
        self.is_staff_reply = staff_author_id is not None


SHOWN_NODE_FIELDS = tuple(item.name for item in fields(CommentNode) if item.name != "children")


def walk(nodes):
    """These nodes and all their descendants, each once."""
    stack = list(nodes)
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.children)


@dataclass
class Thread:
    roots: list
    by_pk: dict
    approved_count: int
    # The editors' picks among the approved comments, oldest first.
    featured_pks: list = field(default_factory=list)

    @property
    def has_pending(self):
        """True when the reader's own pending comments are part of it (then it is theirs alone)."""
        return len(self.by_pk) > self.approved_count

    def load(self, nodes):
        """Fill in these nodes and all their descendants from their rows: one query.

        Plain rows rather than Comment instances: building 50 model instances
        cost more than everything else the thread does with them. A comment may
        be shown twice (an editors' pick is also in its place in the thread):
        each of its nodes is filled.
        """
        wanted = {}
        for node in walk(nodes):
            wanted.setdefault(node.pk, []).append(node)
        if not wanted:
            return
        rows = Comment.objects.filter(pk__in=list(wanted)).values_list(*PUBLIC_FIELDS)
        for row in rows:
            for node in wanted[row[0]]:
                node.fill(row)


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
        .values_list("pk", "parent_id", "status", "is_featured")
    )
    by_pk = {}
    featured_pks = []
    for pk, parent_id, status, is_featured in rows:
        is_pending = status != Comment.Status.APPROVED
        by_pk[pk] = CommentNode(pk=pk, parent_id=parent_id, is_pending=is_pending)
        if is_featured and not is_pending:
            featured_pks.append(pk)
    roots = []
    approved = 0
    all_parents = None
    for pk, *_values in rows:
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
    return Thread(roots=roots, by_pk=by_pk, approved_count=approved, featured_pks=featured_pks)


def _real_depth(pk, parents, max_depth):
    """1 for a top-level comment, 2 for a reply...: counted on every ancestor, visible or not."""
    depth = 1
    parent_id = parents.get(pk)
    while parent_id is not None and depth < max_depth:
        depth += 1
        parent_id = parents.get(parent_id)
    return depth


@dataclass
class CommentSection:
    """What the comment section of one article page shows, for one reader.

    ``form`` is None when comments are closed, and on a page every anonymous
    reader shares: that page shows the blank form's markup (``blank_form()``,
    cached by language). A GET never creates a captcha challenge
    (``comments.challenges``), so unless the URL names a live one
    (``?commenter=<key>``) the form is ``form_deferred``: shown without CSRF
    token, form token and captcha, which comments.js fetches from the form
    endpoint (a POST) when the reader starts typing; without JavaScript, a
    "Write a comment" button posts to that endpoint, which makes a challenge
    and sends the reader to ``?commenter=<key>#respond``.
    """

    article: object
    thread: Thread
    page: Page
    is_open: bool
    form_deferred: bool = False
    form: CommentForm | None = None
    reply_to: CommentNode | None = None

    @property
    def count(self):
        """The number of approved comments (the reader's own pending ones not counted)."""
        return self.thread.approved_count

    @property
    def max_depth(self):
        return settings.COMMENTS_MAX_DEPTH

    @cached_property
    def _shown(self):
        # One query loads the page's comments and, on the first page, the picks.
        nodes = list(self.page.object_list)
        featured = []
        if self.page.number == 1:
            featured = [CommentNode(pk=pk, parent_id=None) for pk in self.thread.featured_pks]
        self.thread.load([*nodes, *featured])
        return nodes, featured

    @property
    def nodes(self):
        """The page's top-level comments with all their replies, their rows loaded."""
        return self._shown[0]

    @property
    def featured(self):
        """The editors' picks, shown above the first page of comments (none on the others)."""
        return self._shown[1]

    @property
    def challenge_limit_message(self):
        """What comments.js shows when the form endpoint answers 429 (comments.challenges)."""
        return TooManyChallenges.message

    def blank_form(self):
        """A blank form whose markup (fields, hidden parent, honeypot) is the same for everyone."""
        return CommentForm(article=self.article)


def _requested_parent(request, thread):
    raw = request.GET.get(REPLY_PARAMETER, "")
    # ASCII digits only: "²".isdigit() is true, and int("²") raises.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        return None
    node = thread.by_pk.get(int(raw))
    return node if node is not None and node.can_reply else None


def comment_section(request, article, *, form=None):
    """The comment section of ``article`` for this request; ``form``: a posted form with errors.

    Top-level comments are paginated by ``COMMENTS_PER_PAGE`` (``?page=N``), each
    with all its replies; a page that does not exist is Http404 (never a copy
    of the last one: each would be one more cache entry). A reader asking to
    reply (``?repondre=<id>``) gets a form whose hidden parent field names that comment.
    """
    number = page_number(request.GET)
    pending_ids = pending_comment_ids(request)
    if pending_ids:
        thread = article_thread(article, pending_ids=pending_ids)
    else:
        # The approved comments' tree (ids, depths, no text) is the same for every
        # reader until they change: kept with the article's tokens, as the page is.
        thread = article_data(
            article.slug,
            "comment-tree",
            lambda: article_thread(article),
            timeout=settings.SITE_DATA_SECONDS,
        )
    try:
        page = Paginator(thread.roots, settings.COMMENTS_PER_PAGE).page(number)
    except InvalidPage as error:
        raise Http404(_("No such page.")) from error
    is_open = moderation.comments_are_open(article)
    section = CommentSection(article=article, thread=thread, page=page, is_open=is_open)
    if not is_open:
        return section
    if is_shared_page(request):
        # Only the blank form's markup is shown: no form of this reader's to build
        # (its fields' deep copies and its signed token were a tenth of the page).
        section.form_deferred = True
    else:
        challenge = existing_challenge(request.GET.get(WHOLE_FORM_PARAMETER))
        section.form_deferred = challenge is None
        kept = refused_form(request, article) if form is None else None
        if kept is not None:
            form = CommentForm.refused(kept, article=article, challenge=challenge)
        if form is not None:
            parent_id = form.data.get("parent", "")
            if isinstance(parent_id, str) and parent_id.isdigit():
                section.reply_to = thread.by_pk.get(int(parent_id))
        else:
            initial = remembered_author(request)
            initial["remember"] = bool(initial)
            section.reply_to = _requested_parent(request, thread)
            if section.reply_to is not None:
                initial["parent"] = section.reply_to.pk
            form = CommentForm(article=article, initial=initial, challenge=challenge)
        section.form = form
    if section.reply_to is not None:
        thread.load([section.reply_to])
    return section


# -- The moderation queue (admin) -------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    """What the moderator narrowed the queue to: an article, a reason, first-timers only."""

    article_id: int | None = None
    reason: str = ""
    first_time_only: bool = False

    @classmethod
    def from_query(cls, query):
        """Read from the queue's GET parameters; anything unknown is ignored, never an error."""
        article = query.get("article", "")
        reason = query.get("reason", "")
        return cls(
            article_id=int(article) if article.isdigit() and len(article) < 12 else None,
            reason=reason if reason in moderation.REASON_LABELS else "",
            first_time_only=query.get("first") == "1",
        )

    @property
    def is_active(self):
        return bool(self.article_id or self.reason or self.first_time_only)


@dataclass
class CommenterRecord:
    """What became of every comment sent with one e-mail address (moderators only)."""

    approved: int = 0
    rejected: int = 0
    spam: int = 0
    pending: int = 0

    @property
    def is_first_comment(self):
        """This address never sent anything before the comment being moderated."""
        return self.approved + self.rejected + self.spam + self.pending <= 1


@dataclass
class QueueItem:
    comment: Comment
    reasons: list
    record: CommenterRecord


@dataclass
class ModerationQueue:
    items: list
    pending_count: int
    matching_count: int
    articles: list
    reasons: list


def _reason_labels(comment):
    """The rules' reasons in words; the link rule says how many links there are."""
    labels = []
    for code in comment.flag_reasons or []:
        if code == moderation.Reason.TOO_MANY_LINKS:
            count = count_links(comment.body)
            labels.append(ngettext("%(count)d link", "%(count)d links", count) % {"count": count})
        else:
            labels.append(str(moderation.reason_label(code)))
    return labels


def _commenter_records(emails):
    """Each address's comments counted by state, in one query (addresses compared lower-case)."""
    records = {email: CommenterRecord() for email in emails}
    rows = (
        Comment.objects.annotate(email=Lower("author_email"))
        .filter(email__in=list(records))
        .values_list("email", "status")
        .annotate(total=Count("pk"))
        .order_by()
    )
    for email, status, total in rows:
        setattr(records[email], status, total)
    return records


def moderation_queue(*, filters: QueueFilters, limit: int) -> ModerationQueue:
    """Pending comments, oldest first, each with its reasons, its parent and its author's record.

    A constant number of queries whatever the number of comments shown.
    """
    pending = Comment.objects.pending()
    matching = pending
    if filters.article_id:
        matching = matching.filter(article_id=filters.article_id)
    if filters.reason:
        # The reasons are a JSON list of codes; matching the quoted code in its text
        # works on every database (JSON containment is not available on SQLite).
        matching = matching.filter(flag_reasons__icontains=f'"{filters.reason}"')
    if filters.first_time_only:
        earlier = Comment.objects.filter(author_email__iexact=OuterRef("author_email")).exclude(
            pk=OuterRef("pk")
        )
        matching = matching.exclude(Exists(earlier))
    comments = list(
        matching.select_related("article", "parent").order_by("created_at", "pk")[:limit]
    )
    records = _commenter_records({comment.author_email.lower() for comment in comments})
    articles = list(
        pending.values_list("article_id", "article__title")
        .annotate(total=Count("pk"))
        .order_by("article__title")
    )
    return ModerationQueue(
        items=[
            QueueItem(
                comment=comment,
                reasons=_reason_labels(comment),
                record=records[comment.author_email.lower()],
            )
            for comment in comments
        ],
        pending_count=pending.count(),
        matching_count=matching.count() if filters.is_active else None,
        articles=articles,
        reasons=[(code, str(label)) for code, label in moderation.REASON_LABELS.items()],
    )
