from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .forms import ArticleAdminForm
from .models import Article, AuthorProfile, Category
from .services import articles_publish, articles_unpublish


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm

    list_display = ["title", "category", "status", "published_at", "signed_by"]
    list_filter = ["status", "category", "published_at", "comments_open"]
    list_select_related = ["category", "author__author_profile"]
    search_fields = ["title", "standfirst", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    ordering = ["-published_at", "-pk"]
    actions = ["publish", "unpublish"]
    readonly_fields = ["updated_at"]
    filter_horizontal = ["coauthors"]
    autocomplete_fields = ["lead_photo"]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "category", "author", "coauthors", "standfirst", "body"]},
        ),
        (_("Lead photo"), {"fields": ["lead_photo"]}),
        (
            _("Publication"),
            {"fields": ["status", "published_at", "updated_at", "comments_open"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("coauthors__author_profile")

    @admin.display(description=_("byline"), ordering="author__last_name")
    def signed_by(self, obj):
        return obj.byline

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Whoever signs gets a profile (and so an author page's slug).
        for user in form.instance.authors:
            AuthorProfile.objects.ensure_for(user)

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
class AuthorProfileAdmin(admin.ModelAdmin):
    """Editors edit every profile; any member of staff edits their own, and only that."""

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
