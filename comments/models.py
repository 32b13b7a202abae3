"""Reader comments and their moderation history.

A comment is born ``pending`` (or ``spam`` when a rule is sure) and only a
moderator can make it ``approved``; ``Comment.objects.approved()`` is the one
definition of what the public sees. The e-mail address is kept for moderators
and never rendered on a public page.
"""

import unicodedata

from django.conf import settings
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from articles.models import RenderedBodyModel
from articles.sanitize import clean_comment_html

# The staff group whose members moderate comments and get the moderation e-mail
# (created with its permissions by migration 0003, which keeps its own copy).
MODERATORS_GROUP = "Moderators"


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """What the public sees: comments a moderator approved."""
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)


class Comment(RenderedBodyModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("article"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    author_name = models.CharField(_("name"), max_length=100)
    author_email = models.EmailField(_("e-mail"), max_length=254)
    author_url = models.URLField(_("website"), max_length=500, blank=True)
    body = models.TextField(_("comment"))
    # Derived from ``body`` on every save: never edited, never trusted as input.
    body_html = models.TextField(_("comment as published"), blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=500, blank=True)
    flag_reasons = models.JSONField(_("reasons flagged"), default=list, blank=True)
    notify_on_approval = models.BooleanField(_("notify when published"), default=False)
    # SHA-256 of the signed form token the comment was posted with: one token,
    # one comment (comments.services.comment_create).
    form_token_digest = models.CharField(
        _("form token digest"), max_length=64, null=True, blank=True, unique=True, editable=False
    )
    # A reply written by a member of the newsroom from the admin: published at once,
    # signed with their name and a badge (``comments.services.comment_staff_reply``).
    staff_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_comments",
        verbose_name=_("newsroom member"),
    )
    is_featured = models.BooleanField(
        _("editors' pick"),
        default=False,
        help_text=_("Shown first, above the thread, with an “Editors' pick” badge."),
    )
    notify_on_reply = models.BooleanField(_("notify of replies"), default=False)
    # Reply notifications (comments.notifications): on a reply, when its parent's
    # author was told of it; on a parent, when its author was last told of replies.
    notified_parent_at = models.DateTimeField(
        _("parent's author notified"), null=True, blank=True, editable=False
    )
    replies_last_notified_at = models.DateTimeField(
        _("last told of replies"), null=True, blank=True, editable=False
    )
    # Set when the author erased their data (comments.privacy): name, e-mail,
    # website and network data are blank, the text too if they chose so.
    erased_at = models.DateTimeField(
        _("erased by its author"), null=True, blank=True, editable=False
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [("reply_as_staff", _("Can reply to readers in the newsroom's name"))]
        indexes = [
            models.Index(fields=["article", "status", "created_at"]),
            models.Index(fields=["author_email", "created_at"]),
            models.Index(fields=["ip_address", "created_at"]),
        ]

    def __str__(self):
        return _("Comment by %(name)s on %(article)s") % {
            "name": self.author_name,
            "article": self.article,
        }

    def get_absolute_url(self):
        page = self.page_number()
        query = f"?page={page}" if page > 1 else ""
        return f"{self.article.get_absolute_url()}{query}#{self.anchor}"

    def heading(self):
        """ "Commentaire d'Océane Petit": how the admin names a comment, by its author.

        French elides "de" before a vowel sound (names starting with a mute h
        included, as most French first names do); the elided form is its own
        message, so each language phrases both cases its own way.
        """
        name = self.author_name.strip()
        first = unicodedata.normalize("NFKD", name[:1]).casefold()[:1]
        if first and first in "aeiouyh":
            return pgettext("name starting with a vowel sound", "Comment by %(name)s") % {
                "name": name
            }
        return gettext("Comment by %(name)s") % {"name": name}

    @property
    def is_staff_reply(self):
        return self.staff_author_id is not None

    def render_body_html(self):
        """What the reader wrote, sanitised with the comment safelist."""
        return clean_comment_html(self.body)

    @property
    def anchor(self):
        return f"comment-{self.pk}"

    def page_number(self):
        """The comment page of the article that shows this comment (its thread's top).

        Counted among approved top-level comments, oldest first, as the article
        page paginates them by COMMENTS_PER_PAGE. A few queries: for links, not lists.
        """
        root = self
        while root.parent_id is not None:
            root = Comment.objects.only("pk", "parent_id", "created_at").get(pk=root.parent_id)
        earlier = (
            Comment.objects.approved()
            .filter(article_id=self.article_id, parent=None)
            .filter(
                models.Q(created_at__lt=root.created_at)
                | models.Q(created_at=root.created_at, pk__lt=root.pk)
            )
            .count()
        )
        return earlier // settings.COMMENTS_PER_PAGE + 1


class ModerationEvent(models.Model):
    """One change of a comment's status: who, when, from what, to what."""

    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        related_name="moderation_events",
        verbose_name=_("comment"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderator"),
    )
    from_status = models.CharField(
        _("from"), max_length=10, choices=Comment.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=10, choices=Comment.Status.choices)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation history")

    def __str__(self):
        return f"{self.from_status or '-'} → {self.to_status}"


class BlocklistEntry(models.Model):
    """A word, e-mail address or IP address whose comments go straight to spam."""

    class Kind(models.TextChoices):
        WORD = "word", _("Word or phrase")
        EMAIL = "email", _("E-mail address")
        IP = "ip", _("IP address")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=254)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )

    class Meta:
        ordering = ["kind", "value"]
        verbose_name = _("blocklist entry")
        verbose_name_plural = _("blocklist")
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="unique_blocklist_entry")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    def save(self, *args, **kwargs):
        self.value = self.value.strip().lower()
        super().save(*args, **kwargs)


class SentEmail(models.Model):
    """An e-mail about one comment: claimed before it is sent, marked once it is.

    The mail tasks look here first, so that a task run twice (a retry, a worker
    killed after sending) sends nothing twice; one digest to the moderators
    covers every comment it claims. A claim whose worker died before marking it
    sent lapses after ``comments.tasks.CLAIM_SECONDS``.
    """

    class Kind(models.TextChoices):
        MODERATOR = "moderator", _("Moderation notice")
        APPROVED = "approved", _("Approval notice")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="+", verbose_name=_("comment")
    )
    claim = models.UUIDField(_("claim"), db_index=True)
    claimed_at = models.DateTimeField(_("claimed"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("sent e-mail")
        verbose_name_plural = _("sent e-mails")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "comment"], name="one_email_per_kind_and_comment"
            )
        ]
        indexes = [models.Index(fields=["kind", "sent_at"])]

    def __str__(self):
        return f"{self.kind} #{self.comment_id}"


class MailOptOutQuerySet(models.QuerySet):
    def covers(self, email):
        """True when this address asked for no e-mail at all from the site."""
        return self.filter(address_digest=MailOptOut.digest(email)).exists()

    def add(self, email):
        return self.get_or_create(address_digest=MailOptOut.digest(email))[0]


class MailOptOut(models.Model):
    """An address that wants no e-mail from the site, kept as a keyed digest, never in clear.

    Survives the erasure of the address's comments: the reader stays unsubscribed,
    and nothing in the table gives the address back (the key is SECRET_KEY).
    """

    SALT = "comments.mail-opt-out"

    address_digest = models.CharField(_("address digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    objects = MailOptOutQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mail opt-out")
        verbose_name_plural = _("e-mail opt-outs")

    def __str__(self):
        return self.address_digest[:12]

    @classmethod
    def digest(cls, email):
        return salted_hmac(cls.SALT, email.strip().casefold(), algorithm="sha256").hexdigest()
