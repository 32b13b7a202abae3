"""The moderation rules for reader comments, in one place.

The model follows django-contrib-comments' split:

* **allow** rules refuse a comment outright, before anything is stored: the
  article is not public, its comments are closed (``comments_open`` is off, or
  it is older than ``COMMENTS_CLOSE_AFTER_DAYS``), a reply would nest deeper
  than ``COMMENTS_MAX_DEPTH``, or the sender (IP address or e-mail) already
  stored ``COMMENTS_MAX_PER_HOUR`` comments in the last hour.
* **moderate** rules never refuse: they only decide whether a new comment is
  born ``pending`` or ``spam`` and which reasons the moderator will see. Every
  comment is held for a human anyway; the reasons help the human decide fast.

Spam (sure signs, the comment skips the pending queue): the honeypot field was
filled, or the text, e-mail or IP address matches the blocklist. Words are
compared in ``text.matching_form`` (NFKC, case folded, invisible characters
removed, entities decoded, tags stripped, look-alike letters folded), so the
usual disguises of a blocked word still match it. Reasons only
(the comment stays pending): the form came back faster than
``COMMENTS_MIN_SUBMIT_SECONDS``, the same IP or e-mail posted within
``COMMENTS_FLOOD_SECONDS``, the same author already left the same text on the
article, or the text carries more than ``COMMENTS_MAX_LINKS`` links.

Flood and duplicate checks read the database, which every server process
shares, and also claim a short-lived key in the cache with ``cache.add`` (atomic
in Redis, per process in local memory). What keeps two simultaneous posts from
one sender in two processes from both slipping through, whatever the cache, is
the database: ``services.comment_create`` runs these rules inside its
transaction after ``services.lock_sender`` (PostgreSQL advisory locks; SQLite's
IMMEDIATE transactions already run one at a time).
"""

import ipaddress
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from articles.sanitize import count_links

from .models import BlocklistEntry, Comment
from .text import matching_form


class Reason:
    """Codes stored in ``Comment.flag_reasons``; stable, language-independent."""

    HONEYPOT = "honeypot"
    TOO_FAST = "too_fast"
    FLOOD_IP = "flood_ip"
    FLOOD_EMAIL = "flood_email"
    DUPLICATE = "duplicate"
    TOO_MANY_LINKS = "too_many_links"
    BLOCKLIST_WORD = "blocklist_word"
    BLOCKLIST_EMAIL = "blocklist_email"
    BLOCKLIST_IP = "blocklist_ip"


REASON_LABELS = {
    Reason.HONEYPOT: _("Hidden anti-robot field filled in"),
    Reason.TOO_FAST: _("Form sent too fast after it was displayed"),
    Reason.FLOOD_IP: _("Several comments from the same IP address in a short time"),
    Reason.FLOOD_EMAIL: _("Several comments from the same e-mail address in a short time"),
    Reason.DUPLICATE: _("Same text already posted by this author on this article"),
    Reason.TOO_MANY_LINKS: _("Too many links"),
    Reason.BLOCKLIST_WORD: _("Contains a blocked word"),
    Reason.BLOCKLIST_EMAIL: _("Blocked e-mail address"),
    Reason.BLOCKLIST_IP: _("Blocked IP address"),
}

SPAM_REASONS = frozenset(
    {Reason.HONEYPOT, Reason.BLOCKLIST_WORD, Reason.BLOCKLIST_EMAIL, Reason.BLOCKLIST_IP}
)


def reason_label(code):
    """The moderator-facing label of a stored reason code (unknown codes shown as is)."""
    return REASON_LABELS.get(code, code)


def format_reasons(reasons):
    """The rules' reason codes as one line of labels in the moderator's language."""
    if not reasons:
        return ""
    if isinstance(reasons, str):
        reasons = [reasons]
    return ", ".join(str(reason_label(reason)) for reason in reasons)


# -- allow: refuse outright ------------------------------------------------------------


def comments_are_open(article, *, now=None):
    """True when the public may comment on the article right now."""
    if not article.comments_open or not article.is_public:
        return False
    closes_at = article.comments_close_at()
    return closes_at is None or (now or timezone.now()) <= closes_at


def comment_depth(comment):
    """1 for a top-level comment, 2 for a reply, and so on (one query per level)."""
    depth = 1
    parent_id = comment.parent_id
    while parent_id is not None and depth <= settings.COMMENTS_MAX_DEPTH:
        depth += 1
        parent_id = Comment.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
    return depth


def can_reply_to(parent):
    """A reply is allowed under an approved comment that is not already at the maximum depth."""
    return (
        parent.status == Comment.Status.APPROVED
        and comment_depth(parent) < settings.COMMENTS_MAX_DEPTH
    )


def sender_over_hourly_cap(*, ip_address, author_email, now=None):
    """True when this IP address or e-mail already stored COMMENTS_MAX_PER_HOUR comments this hour.

    Read from the database (every process shares it), under the sender's lock
    (``services.lock_sender``), so simultaneous posts cannot all slip under the cap.
    """
    cap = settings.COMMENTS_MAX_PER_HOUR
    if not cap or cap <= 0:
        return False
    since = (now or timezone.now()) - timedelta(hours=1)
    recent = Comment.objects.filter(created_at__gte=since)
    if ip_address and recent.filter(ip_address=ip_address).count() >= cap:
        return True
    email = author_email.strip()
    return bool(email) and recent.filter(author_email__iexact=email).count() >= cap


# -- moderate: pending or spam, with reasons -------------------------------------------


@dataclass(frozen=True)
class Submission:
    """What the moderation rules look at; nothing here is trusted."""

    article_id: int
    author_name: str
    author_email: str
    body: str
    author_url: str = ""
    ip_address: str | None = None
    honeypot: str = ""
    seconds_to_submit: float | None = None


@dataclass(frozen=True)
class Verdict:
    status: str
    reasons: list[str] = field(default_factory=list)

    @property
    def is_spam(self):
        return self.status == Comment.Status.SPAM


def moderate(submission):
    """Run every rule; the comment is spam if any sure sign fired, pending otherwise."""
    reasons = []
    for rule in (
        _honeypot,
        _too_fast,
        _flood,
        _duplicate,
        _too_many_links,
        _blocklist,
    ):
        reasons.extend(rule(submission))
    status = Comment.Status.SPAM if SPAM_REASONS & set(reasons) else Comment.Status.PENDING
    return Verdict(status=status, reasons=reasons)


def _honeypot(submission):
    return [Reason.HONEYPOT] if submission.honeypot.strip() else []


def _too_fast(submission):
    seconds = submission.seconds_to_submit
    if seconds is not None and seconds < settings.COMMENTS_MIN_SUBMIT_SECONDS:
        return [Reason.TOO_FAST]
    return []


def _digest(*parts):
    # Cache keys must not carry the address itself (it may end up in a shared
    # cache's monitoring), nor a plain hash of it, which anyone can compute
    # from a list of addresses: a keyed hash (HMAC with SECRET_KEY) compares
    # just as well and reveals nothing without the key.
    return salted_hmac(
        "comments.moderation.cache-key", "\x1f".join(parts), algorithm="sha256"
    ).hexdigest()


def _claim(key, seconds):
    """Atomically claim a cache key; False only when someone already holds it.

    A cache that fails (Redis down: django-redis answers None instead of raising)
    claims nothing and refuses nothing: the database queries beside each claim,
    run under the sender's lock, are the rules' real guard.
    """
    return cache.add(f"comments:{key}", 1, timeout=seconds) is not False


def _flood(submission):
    seconds = settings.COMMENTS_FLOOD_SECONDS
    if not seconds or seconds <= 0:
        return []
    since = timezone.now() - timedelta(seconds=seconds)
    reasons = []
    email = submission.author_email.strip().lower()
    if submission.ip_address:
        recent = Comment.objects.filter(ip_address=submission.ip_address, created_at__gte=since)
        claimed = _claim(f"flood:ip:{_digest(submission.ip_address)}", seconds)
        if recent.exists() or not claimed:
            reasons.append(Reason.FLOOD_IP)
    if email:
        recent = Comment.objects.filter(author_email__iexact=email, created_at__gte=since)
        claimed = _claim(f"flood:email:{_digest(email)}", seconds)
        if recent.exists() or not claimed:
            reasons.append(Reason.FLOOD_EMAIL)
    return reasons


def _normalise_text(text):
    return " ".join(text.split())


def _duplicate(submission):
    email = submission.author_email.strip().lower()
    text = _normalise_text(submission.body)
    earlier = Comment.objects.filter(
        article_id=submission.article_id, author_email__iexact=email
    ).values_list("body", flat=True)
    duplicate = any(_normalise_text(source) == text for source in earlier)
    # A double click sends the same text twice at once: the cache key closes
    # the window between the check and the insert of the first one.
    claimed = _claim(f"dup:{_digest(str(submission.article_id), email, text)}", 60)
    return [Reason.DUPLICATE] if duplicate or not claimed else []


def _too_many_links(submission):
    if count_links(submission.body) > settings.COMMENTS_MAX_LINKS:
        return [Reason.TOO_MANY_LINKS]
    return []


@dataclass(frozen=True)
class Blocklist:
    words: frozenset[str]
    emails: frozenset[str]
    networks: tuple

    @classmethod
    def load(cls):
        """The settings' entries plus the rows moderators added (one query)."""
        words, emails, networks = set(), set(), []
        entries = [(None, value) for value in settings.COMMENTS_BLOCKLIST]
        entries += list(BlocklistEntry.objects.values_list("kind", "value"))
        for kind, raw in entries:
            value = raw.strip().lower()
            if not value:
                continue
            if kind == BlocklistEntry.Kind.IP or kind is None:
                try:
                    networks.append(ipaddress.ip_network(value, strict=False))
                    continue
                except ValueError:
                    if kind == BlocklistEntry.Kind.IP:
                        continue
            if kind == BlocklistEntry.Kind.EMAIL or (kind is None and "@" in value):
                emails.add(value)
            elif word := matching_form(value):
                words.add(word)
        return cls(frozenset(words), frozenset(emails), tuple(networks))

    def matches_text(self, *texts):
        """A word matches what the texts look like, not their code points (``matching_form``).

        Fullwidth letters, ``via\u200bgra``, ``vi&#97;gra``, ``via<b></b>gra`` and
        Cyrillic look-alikes all match "viagra" (tests/data/blocklist_variants.txt).
        """
        haystack = matching_form(" ".join(texts))
        return any(word in haystack for word in self.words)

    def matches_email(self, email):
        """An entry is a full address, or ``@domain`` for a whole domain."""
        email = email.strip().lower()
        domain = "@" + email.rpartition("@")[2]
        return email in self.emails or domain in self.emails

    def matches_ip(self, ip):
        if not ip:
            return False
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            return False
        return any(address in network for network in self.networks)


def _blocklist(submission):
    blocklist = Blocklist.load()
    reasons = []
    if blocklist.matches_text(submission.body, submission.author_name, submission.author_url):
        reasons.append(Reason.BLOCKLIST_WORD)
    if blocklist.matches_email(submission.author_email):
        reasons.append(Reason.BLOCKLIST_EMAIL)
    if blocklist.matches_ip(submission.ip_address):
        reasons.append(Reason.BLOCKLIST_IP)
    return reasons
