from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelectMultiple, RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.i18n import JavaScriptCatalog
from reversion.admin import VersionAdmin
from taggit.models import Tag

from .forms import ArticleAdminForm
from .history import compare_versions, editor_name, versions_of
from .models import Article, AuthorProfile, Category, SitePage
from .sanitize import article_removals
from .services import RestoreError, article_restore, articles_publish, articles_unpublish

# The admin records changed fields by their English label ("Changed Title and
# Body.") and translates them only when the history is read, with gettext on the
# capitalised label: these entries give those labels their French.
CHANGE_MESSAGE_LABELS = [
    gettext_noop("Title"),
    gettext_noop("Slug"),
    gettext_noop("Category"),
    gettext_noop("Author"),
    gettext_noop("Co-authors"),
    gettext_noop("Standfirst"),
    gettext_noop("Body"),
    gettext_noop("Lead photo"),
    gettext_noop("Front-page position"),
    gettext_noop("Status"),
    gettext_noop("Publication date"),
    gettext_noop("Comments open"),
]

admin.site.site_header = settings.ADMIN_SITE_HEADER
admin.site.site_title = settings.ADMIN_SITE_HEADER
admin.site.index_title = _("Newsroom dashboard")


def when(value):
    """A moment as an editor says it: "3 décembre à 8 h 00" (the year only if not this one)."""
    local = timezone.localtime(value)
    # Translators: PHP date formats of a day without and with its year ("3 décembre").
    day_format = gettext("j F") if local.year == timezone.localdate().year else gettext("j F Y")
    return gettext("%(day)s at %(time)s") % {
        "day": formats.date_format(local, day_format),
        # Translators: a time of day in PHP date format; French "G \h i" gives "8 h 00".
        "time": formats.date_format(local, gettext("G:i")),
    }


class FrenchWordingMixin:
    """Page titles and the add button in whole French phrases ("Ajouter un article").

    Django's generic ones glue the model's name into a phrase ("Ajout de
    article"), which French grammar does not allow; each model admin names its
    own.
    """

    add_title = None
    change_title = None
    changelist_title = None

    def add_view(self, request, form_url="", extra_context=None):
        context = {"title": self.add_title, **(extra_context or {})}
        return super().add_view(request, form_url, context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = {**(extra_context or {})}
        if self.has_change_permission(request):
            context.setdefault("title", self.change_title)
        return super().change_view(request, object_id, form_url, context)

    def changelist_view(self, request, extra_context=None):
        context = {
            "title": self.changelist_title,
            "add_label": self.add_title,
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)


@admin.register(Category)
class CategoryAdmin(FrenchWordingMixin, admin.ModelAdmin):
    add_title = _("Add a category")
    change_title = _("Edit the category")
    changelist_title = _("Categories")

    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


class StateFilter(admin.SimpleListFilter):
    """Draft, scheduled or published: the status and the date read together."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Article.State.choices

    def queryset(self, request, queryset):
        if self.value() in Article.State.values:
            return queryset.in_state(self.value())
        return queryset


@admin.register(Article)
class ArticleAdmin(FrenchWordingMixin, VersionAdmin):
    """Articles, with every save kept as a version (django-reversion).

    The history page lists who saved what and when, compares any two versions
    (fields and body) and restores one in a single step, as a new version.
    """

    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    add_title = _("Add an article")
    change_title = _("Edit the article")
    changelist_title = _("Articles")
    object_history_template = "admin/articles/article/object_history.html"
    history_latest_first = True

    list_display = [
        "title",
        "state_label",
        "published_at",
        "front_position",
        "category",
        "signed_by",
    ]
    list_editable = ["front_position"]
    list_filter = [StateFilter, "category", "published_at", "comments_open"]
    list_select_related = ["category", "author__author_profile"]
    search_fields = ["title", "standfirst", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    ordering = ["-published_at", "-pk"]
    actions = ["publish", "unpublish"]
    readonly_fields = ["updated_at"]
    autocomplete_fields = ["lead_photo"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "category",
                    "tags",
                    "author",
                    "coauthors",
                    "standfirst",
                    "body",
                ]
            },
        ),
        (_("Lead photo"), {"fields": ["lead_photo"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "front_position",
                    "updated_at",
                    "comments_open",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("coauthors__author_profile")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            return self.topics_field(db_field, request)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def topics_field(self, db_field, request):
        """Topics picked from the existing ones by autocomplete, "+" to create one.

        taggit's own field is a comma-separated text box, where a typo makes a new
        topic; the admin's autocomplete (taggit's Tag admin searches names) shows
        what exists. The chosen Tags go to ``TaggableManager.save_form_data``.
        """
        widget = AutocompleteSelectMultiple(db_field, self.admin_site)
        tag_admin = self.admin_site.get_model_admin(Tag)
        widget = RelatedFieldWidgetWrapper(
            widget,
            db_field.remote_field,
            self.admin_site,
            can_add_related=tag_admin.has_add_permission(request),
            can_change_related=False,
            can_delete_related=False,
            can_view_related=False,
        )
        return forms.ModelMultipleChoiceField(
            queryset=Tag.objects.order_by("name"),
            widget=widget,
            required=False,
            label=db_field.verbose_name.capitalize(),
            help_text=db_field.help_text,
        )

    @admin.display(description=_("state"), ordering="status")
    def state_label(self, obj):
        if obj.state == Article.State.SCHEDULED:
            return gettext("Scheduled for %(when)s") % {"when": when(obj.published_at)}
        return obj.get_state_display()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        publish_now = request.method == "POST" and "_publish_now" in request.POST
        return type(form.__name__, (form,), {"publish_now": publish_now})

    def publication_message(self, request, article):
        """After a save, say in words what readers will see, and when."""
        state = article.state
        if state == Article.State.SCHEDULED:
            text = gettext("Scheduled for %(when)s.") % {"when": when(article.published_at)}
        elif state == Article.State.PUBLISHED:
            text = gettext("Published: readers see it since %(when)s.") % {
                "when": when(article.published_at)
            }
        else:
            text = gettext("Draft: readers do not see it.")
        self.message_user(request, text, messages.INFO)

    def removal_message(self, request, article):
        """Nothing is dropped silently: name what the sanitiser removed from the body."""
        tags, attributes = article_removals(article.body)
        if not tags and not attributes:
            return
        names = [
            gettext("HTML comment") if tag == "!--" else gettext("tag %(name)s") % {"name": tag}
            for tag in tags
        ]
        names += [gettext("attribute %(name)s") % {"name": name} for name in attributes]
        self.message_user(
            request,
            gettext("Removed: %(items)s") % {"items": ", ".join(names)},
            messages.WARNING,
        )

    def response_add(self, request, obj, post_url_continue=None):
        self.removal_message(request, obj)
        self.publication_message(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self.removal_message(request, obj)
        self.publication_message(request, obj)
        return super().response_change(request, obj)

    @admin.display(description=_("byline"), ordering="author__last_name")
    def signed_by(self, obj):
        return obj.byline

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Whoever signs gets a profile (and so an author page's slug).
        for user in form.instance.authors:
            AuthorProfile.objects.ensure_for(user)

    # -- history: compare and restore -----------------------------------------------

    def get_urls(self):
        return [
            path(
                "editor-i18n/",
                self.admin_site.admin_view(
                    JavaScriptCatalog.as_view(packages=["django_prose_editor"])
                ),
                name="articles_article_editor_i18n",
            ),
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="articles_article_compare",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                self.admin_site.admin_view(require_POST(self.restore_view)),
                name="articles_article_restore",
            ),
            *super().get_urls(),
        ]

    def _article_and_versions(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article, versions_of(article)

    def history_view(self, request, object_id, extra_context=None):
        article, versions = self._article_and_versions(request, object_id)
        rows = [
            {"version": version, "who": editor_name(version.revision.user)} for version in versions
        ]
        context = {
            "version_rows": rows,
            "can_restore": self.has_change_permission(request, article),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id):
        article, versions = self._article_and_versions(request, object_id)
        try:
            old = versions.get(pk=int(request.GET.get("from", "")))
            new = versions.get(pk=int(request.GET.get("to", "")))
        except (ValueError, versions.model.DoesNotExist):
            messages.error(request, _("Choose two versions of this article to compare."))
            return redirect("admin:articles_article_history", article.pk)
        if old.revision.date_created > new.revision.date_created:
            old, new = new, old
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Compare two versions of “%(title)s”") % {"title": article.title},
            "old": {"version": old, "who": editor_name(old.revision.user)},
            "new": {"version": new, "who": editor_name(new.revision.user)},
            "comparison": compare_versions(old, new),
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def restore_view(self, request, object_id, version_id):
        article, versions = self._article_and_versions(request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        version = get_object_or_404(versions, pk=version_id)
        try:
            article = article_restore(article=article, version=version, user=request.user)
        except RestoreError as error:
            messages.error(
                request,
                _("This version cannot be restored: %(reason)s") % {"reason": error},
            )
            return redirect("admin:articles_article_history", article.pk)
        self.log_change(request, article, _("Restored an earlier version."))
        messages.success(
            request,
            _("The earlier version is back. It is saved as a new version: nothing was lost."),
        )
        return redirect("admin:articles_article_change", article.pk)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("author", request.user.pk)
        return initial

    @admin.action(description=_("Publish the selected articles"), permissions=["change"])
    def publish(self, request, queryset):
        count = articles_publish(articles=queryset)
        self.message_user(
            request,
            ngettext("%(count)d article published.", "%(count)d articles published.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish the selected articles"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = articles_unpublish(articles=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d article returned to draft.",
                "%(count)d articles returned to draft.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(AuthorProfile)
class AuthorProfileAdmin(FrenchWordingMixin, admin.ModelAdmin):
    """Editors edit every profile; any member of staff edits their own, and only that."""

    add_title = _("Add an author profile")
    change_title = _("Edit the author profile")
    changelist_title = _("Author profiles")

    list_display = ["__str__", "slug", "user"]
    search_fields = ["display_name", "slug", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    fields = ["user", "display_name", "slug", "bio"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            # A profile belongs to one account for good.
            return ["user"]
        return []

    def _is_own(self, request, obj):
        return obj is not None and obj.user_id == request.user.pk

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return (
            super().has_view_permission(request, obj)
            or self._is_own(request, obj)
            or (obj is None and request.user.is_staff)
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or self._is_own(request, obj)

    def get_queryset(self, request):
        profiles = super().get_queryset(request)
        if request.user.has_perm("articles.view_authorprofile") or request.user.has_perm(
            "articles.change_authorprofile"
        ):
            return profiles
        return profiles.filter(user=request.user)

    def changelist_view(self, request, extra_context=None):
        if not (
            request.user.has_perm("articles.view_authorprofile")
            or request.user.has_perm("articles.change_authorprofile")
        ):
            # Someone who may only edit their own profile goes straight to it.
            profile = AuthorProfile.objects.ensure_for(request.user)
            return redirect("admin:articles_authorprofile_change", profile.pk)
        return super().changelist_view(request, extra_context)


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    """Legal notice, privacy policy, contact: editors edit them; the set is fixed."""

    list_display = ["title", "key", "updated_at"]
    fields = ["key", "title", "body"]
    readonly_fields = ["key"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
