"""Moderation in the admin: the pending queue, its history, the blocklist.

The comment changelist opens on pending comments, newest first, with the count
of every state on the page. Every status change (bulk actions, the change
page's buttons, the keyboard queue) goes through ``comments.review`` so that
each records its history row and its side effects the same way. Comments come
from readers only: the admin never adds one.
"""

import ipaddress
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import admin_views, review
from .forms import BODY_MAX_LENGTH
from .models import BlocklistEntry, Comment, ModerationEvent
from .moderation import format_reasons


def excerpt(comment, length=80):
    # What the reader typed, as text: the admin escapes it when rendering.
    return Truncator(" ".join(comment.body.split())).chars(length)


class StatusFilter(admin.SimpleListFilter):
    """State filter whose default (no parameter) is the pending queue; "all" lifts it."""

    title = _("state")
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*Comment.Status.choices, (self.ALL, _("All"))]

    def value(self):
        value = super().value()
        if value in {*Comment.Status.values, self.ALL}:
            return value
        return Comment.Status.PENDING

    def queryset(self, request, queryset):
        value = self.value()
        return queryset if value == self.ALL else queryset.filter(status=value)

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class CommentAdminForm(forms.ModelForm):
    """Moderators edit what the reader typed; the model sanitises it again on save."""

    body = forms.CharField(
        label=capfirst(_("comment")),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        help_text=_("Plain text with a few inline tags; sanitised like the public form."),
    )

    class Meta:
        model = Comment
        fields = ["author_name", "author_email", "author_url", "body"]


class ModerationEventInline(admin.TabularInline):
    model = ModerationEvent
    template = "admin/comments/comment/history_inline.html"
    fields = ["created_at", "actor", "from_status", "to_status", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("moderation history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    form = CommentAdminForm
    change_list_template = "admin/comments/comment/change_list.html"
    change_form_template = "admin/comments/comment/change_form.html"
    # Narrow enough for 1280 px without scrolling: the author's name, address and
    # website share a column, and the decisions sit on the row.
    list_display = [
        "body_excerpt",
        "author",
        "article_link",
        "created",
        "status",
        "reasons",
        "decisions",
    ]
    list_display_links = ["body_excerpt"]
    list_filter = [
        StatusFilter,
        ("article", admin.RelatedOnlyFieldListFilter),
        ("article__category", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    search_fields = ["author_name", "author_email", "ip_address", "body"]
    list_select_related = ["article"]
    ordering = ["-created_at", "-pk"]
    show_full_result_count = False
    actions = [
        "approve",
        "reject",
        "mark_spam",
        "back_to_pending",
        "block_email",
        "block_ip",
    ]
    readonly_fields = [
        "article_link",
        "parent_link",
        "status",
        "created_at",
        "reasons",
        "ip_address",
        "user_agent",
        "notify_on_approval",
        "body_preview",
    ]
    fieldsets = [
        (
            None,
            {"fields": ["article_link", "parent_link", "status", "created_at", "reasons"]},
        ),
        (
            _("Author"),
            {
                "fields": [
                    "author_name",
                    "author_email",
                    "author_url",
                    "ip_address",
                    "user_agent",
                    "notify_on_approval",
                ]
            },
        ),
        (_("Comment"), {"fields": ["body_preview", "body"]}),
    ]
    inlines = [ModerationEventInline]

    # Columns and read-only fields

    @admin.display(description=_("comment"))
    def body_excerpt(self, obj):
        return excerpt(obj)

    @admin.display(description=_("author"), ordering="author_name")
    def author(self, obj):
        return render_to_string("admin/comments/comment/list_author.html", {"comment": obj})

    @admin.display(description=_("created"), ordering="created_at")
    def created(self, obj):
        return date_format(timezone.localtime(obj.created_at), "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("decide"))
    def decisions(self, obj):
        return render_to_string("admin/comments/comment/list_decisions.html", {"comment": obj})

    @admin.display(description=_("article"), ordering="article__title")
    def article_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.article.get_absolute_url(), obj.article.title)

    @admin.display(description=_("in reply to"))
    def parent_link(self, obj):
        if obj.parent_id is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:comments_comment_change", args=[obj.parent_id]),
            excerpt(obj.parent, 60),
        )

    @admin.display(description=_("reasons flagged"))
    def reasons(self, obj):
        return format_reasons(obj.flag_reasons)

    @admin.display(description=_("as published"))
    def body_preview(self, obj):
        # ``body_html`` only ever holds the sanitiser's output: the same HTML
        # the public page shows.
        return mark_safe(obj.body_html)  # noqa: S308

    # Permissions

    def can_see_private(self, request):
        """Only moderators see commenters' e-mail and network addresses; editors who
        come to answer a reader (``comments.reply_as_staff``) see the public side."""
        return self.has_change_permission(request)

    def get_list_display(self, request):
        if self.can_see_private(request):
            return self.list_display
        return [
            "author_name" if name == "author" else name
            for name in self.list_display
            if name != "decisions"
        ]

    def get_search_fields(self, request):
        if self.can_see_private(request):
            return self.search_fields
        # Searching by address would tell an editor who wrote what.
        return ["author_name", "body"]

    def get_fieldsets(self, request, obj=None):
        if self.can_see_private(request):
            return self.fieldsets
        private = {"author_email", "ip_address", "user_agent"}
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in private]})
            for name, options in self.fieldsets
        ]

    def has_add_permission(self, request):
        return False

    def has_block_permission(self, request):
        return request.user.has_perm("comments.add_blocklistentry")

    # Bulk actions

    def _change_status(self, request, queryset, to_status):
        changed = review.change_status(comments=queryset, to_status=to_status, actor=request.user)
        admin_views.message_with_undo(
            request, self, admin_views.decision_message(to_status, changed), changed
        )

    @admin.action(description=_("Approve selected comments"), permissions=["change"])
    def approve(self, request, queryset):
        self._change_status(request, queryset, Comment.Status.APPROVED)

    @admin.action(description=_("Reject selected comments"), permissions=["change"])
    def reject(self, request, queryset):
        self._change_status(request, queryset, Comment.Status.REJECTED)

    @admin.action(description=_("Mark selected comments as spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        self._change_status(request, queryset, Comment.Status.SPAM)

    @admin.action(description=_("Send selected comments back to pending"), permissions=["change"])
    def back_to_pending(self, request, queryset):
        self._change_status(request, queryset, Comment.Status.PENDING)

    def _block(self, request, queryset, by):
        added = 0
        for comment in queryset:
            try:
                _entry, created = review.block_author(comment=comment, actor=request.user, by=by)
            except review.BlockError:
                continue
            added += created
        self.message_user(
            request,
            ngettext(
                "%(count)d address added to the blocklist.",
                "%(count)d addresses added to the blocklist.",
                added,
            )
            % {"count": added},
            messages.SUCCESS,
        )

    @admin.action(description=_("Block the authors' e-mail addresses"), permissions=["block"])
    def block_email(self, request, queryset):
        self._block(request, queryset, BlocklistEntry.Kind.EMAIL)

    @admin.action(description=_("Block the authors' IP addresses"), permissions=["block"])
    def block_ip(self, request, queryset):
        self._block(request, queryset, BlocklistEntry.Kind.IP)

    # Pages

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "queue/",
                wrap(partial(admin_views.queue_view, model_admin=self)),
                name="{}_{}_queue".format(*info),
            ),
            path(
                "<path:object_id>/moderate/",
                wrap(partial(admin_views.moderate_view, model_admin=self)),
                name="{}_{}_moderate".format(*info),
            ),
            path(
                "undo/",
                wrap(partial(admin_views.undo_view, model_admin=self)),
                name="{}_{}_undo".format(*info),
            ),
            path(
                "<path:object_id>/reply/",
                wrap(partial(admin_views.reply_view, model_admin=self)),
                name="{}_{}_reply".format(*info),
            ),
            path(
                "<path:object_id>/feature/",
                wrap(partial(admin_views.feature_view, model_admin=self)),
                name="{}_{}_feature".format(*info),
            ),
            path(
                "<path:object_id>/block/",
                wrap(partial(admin_views.block_view, model_admin=self)),
                name="{}_{}_block".format(*info),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        counts = dict(Comment.objects.values_list("status").annotate(n=Count("pk")).order_by())
        current = request.GET.get(StatusFilter.parameter_name)
        if current not in {*Comment.Status.values, StatusFilter.ALL}:
            current = Comment.Status.PENDING
        status_counts = [
            {
                "value": value,
                "label": label,
                "count": counts.get(value, 0),
                "url": f"?{StatusFilter.parameter_name}={value}",
                "is_current": value == current,
            }
            for value, label in Comment.Status.choices
        ]
        return super().changelist_view(
            request,
            {
                "status_counts": status_counts,
                "queue_url": reverse("admin:comments_comment_queue"),
                # The moderator's desk needs the width: at 1280 px the status, the
                # reasons and the decisions fit beside the filters without the menu.
                "is_nav_sidebar_enabled": False,
                "title": _("Comments to moderate")
                if current == Comment.Status.PENDING
                else capfirst(Comment._meta.verbose_name_plural),
                **(extra_context or {}),
            },
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            "status_buttons": [
                (Comment.Status.APPROVED, _("Approve")),
                (Comment.Status.REJECTED, _("Reject")),
                (Comment.Status.SPAM, _("Mark as spam")),
                (Comment.Status.PENDING, _("Back to pending")),
            ],
            "can_moderate": self.has_change_permission(request),
            "can_block": self.has_block_permission(request),
            "can_reply": request.user.has_perm("comments.reply_as_staff"),
            "reply_max_length": BODY_MAX_LENGTH,
            **(extra_context or {}),
        }
        comment = self.get_object(request, unquote(object_id))
        if comment is not None:
            # "Commentaire d'Océane Petit", on the article "…", rather than "Modifier commentaire".
            extra_context.setdefault("title", comment.heading())
            extra_context.setdefault("subtitle", comment.article.title)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(ModerationEvent)
class ModerationEventAdmin(admin.ModelAdmin):
    """The history, read-only: rows are written by comments.review alone."""

    list_display = ["created_at", "comment_link", "actor", "from_status", "to_status", "note_text"]
    list_filter = ["to_status", "created_at"]
    list_select_related = ["comment", "actor"]
    search_fields = ["comment__author_name", "actor__username", "note"]

    @admin.display(description=_("comment"))
    def comment_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:comments_comment_change", args=[obj.comment_id]),
            excerpt(obj.comment, 60),
        )

    @admin.display(description=_("note"), ordering="note")
    def note_text(self, obj):
        return review.history_note_text(obj.note)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BlocklistEntryForm(forms.ModelForm):
    class Meta:
        model = BlocklistEntry
        fields = ["kind", "value"]

    def clean_value(self):
        # Normalise before the unique check runs, as the model does on save:
        # otherwise "A@x.org" passes validation and then collides with "a@x.org".
        return self.cleaned_data["value"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        kind, value = cleaned.get("kind"), cleaned.get("value")
        if value and kind == BlocklistEntry.Kind.EMAIL:
            # The rules match a full address, or "@domain" for a whole domain.
            try:
                validate_email(f"x{value}" if value.startswith("@") else value)
            except ValidationError:
                self.add_error(
                    "value", _("Enter an e-mail address, or @domain to block a whole domain.")
                )
        elif value and kind == BlocklistEntry.Kind.IP:
            try:
                ipaddress.ip_network(value, strict=False)
            except ValueError:
                self.add_error(
                    "value", _("Enter an IP address, or a network such as 203.0.113.0/24.")
                )
        return cleaned


@admin.register(BlocklistEntry)
class BlocklistEntryAdmin(admin.ModelAdmin):
    form = BlocklistEntryForm
    list_display = ["value", "kind", "created_at", "created_by"]
    list_filter = ["kind"]
    search_fields = ["value"]
    list_select_related = ["created_by"]
    readonly_fields = ["created_at", "created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
