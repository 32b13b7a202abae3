from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsroom import pagecache

from .forms import ArticleAdminForm
from .models import Article, Category
from .services import articles_publish, articles_unpublish


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def delete_queryset(self, request, queryset):
        # "Delete selected" deletes in bulk, without Category.delete().
        super().delete_queryset(request, queryset)
        pagecache.site_changed()


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm

    def delete_queryset(self, request, queryset):
        # "Delete selected" deletes in bulk, without Article.delete().
        super().delete_queryset(request, queryset)
        pagecache.site_changed()

    list_display = ["title", "category", "status", "published_at", "author"]
    list_filter = ["status", "category", "published_at", "comments_open"]
    list_select_related = ["category", "author"]
    search_fields = ["title", "standfirst", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    ordering = ["-published_at", "-pk"]
    actions = ["publish", "unpublish"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "author", "standfirst", "body"]}),
        (_("Lead image"), {"fields": ["image", "image_alt"]}),
        (
            _("Publication"),
            {"fields": ["status", "published_at", "updated_at", "comments_open"]},
        ),
    ]

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
