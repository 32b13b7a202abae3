from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.csp import CSP
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from .forms import PhotoAdminForm
from .models import Photo
from .picker import picker_page


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    form = PhotoAdminForm
    list_display = ["thumbnail", "alt", "credit", "dimensions", "uploaded_at", "uploaded_by"]
    list_display_links = ["thumbnail", "alt"]
    list_select_related = ["uploaded_by"]
    list_filter = ["uploaded_at", "renditions_ready"]
    search_fields = ["alt", "caption", "credit"]
    date_hierarchy = "uploaded_at"
    list_per_page = 40

    class Media:
        css = {"all": ["css/photos-admin.css"]}

    readonly_fields = ["preview", "dimensions", "uploaded_by", "uploaded_at", "renditions_ready"]

    def get_fieldsets(self, request, obj=None):
        file_fields = ["preview", "dimensions"] if obj else ["file"]
        about = ["uploaded_by", "uploaded_at", "renditions_ready"] if obj else []
        fieldsets = [
            (None, {"fields": [*file_fields, "alt", "caption", "credit"]}),
        ]
        if about:
            fieldsets.append((_("Upload"), {"fields": about}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        # A stored file never changes: its renditions stay right (see photos.models).
        return self.readonly_fields if obj else []

    @admin.display(description=_("photo"))
    def thumbnail(self, obj):
        return render_to_string(
            "photos/admin/thumbnail.html", {"photo": obj, "slot": "thumbnail", "size": "small"}
        )

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return render_to_string(
            "photos/admin/thumbnail.html", {"photo": obj, "slot": "lead", "size": "large"}
        )

    @admin.display(description=_("size"))
    def dimensions(self, obj):
        return f"{obj.width} × {obj.height}"  # noqa: RUF001

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request, queryset):
        # "Delete selected" deletes in bulk: go through Photo.delete() for the files.
        for photo in queryset:
            photo.delete()

    # ---- The photo picker (the rich-text editor's figure button opens it) ----

    def get_urls(self):
        wrap = self.admin_site.admin_view
        framable = csp_override({**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]})
        return [
            path(
                "picker/",
                wrap(framable(xframe_options_sameorigin(self.picker_view))),
                name="photos_photo_picker",
            ),
            path("picker.json", wrap(self.picker_json_view), name="photos_photo_picker_json"),
            *super().get_urls(),
        ]

    def _picker_request(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return picker_page(
            query=request.GET.get("q", "").strip(), page_number=request.GET.get("page")
        )

    @method_decorator(require_safe)
    def picker_view(self, request):
        """The photo picker page: ``GET /admin/photos/photo/picker/?q=<words>&page=<n>``.

        URL name ``admin:photos_photo_picker``. Staff with the ``photos.view_photo``
        permission (others: the admin login, or 403). Made to be opened by the
        rich-text editor in a popup window (``window.open``) or a same-origin
        ``<iframe>`` (the page allows same-origin framing). It lists the library,
        newest first, 24 a page, searchable on alt text, caption and credit, with
        a link to upload a new photo.

        Choosing a photo posts a message to the page that opened the picker
        (``window.opener``, else ``window.parent``), restricted to this origin::

            {"type": "newsroom:photo-picked",
             "photo": {"id": 12, "url": "/media/photos/2026/11/3f9c….jpg",
                       "thumbnail_url": "…", "alt": "…", "caption": "…",
                       "credit": "AFP", "credit_line": "Photo : AFP",
                       "width": 1600, "height": 1067}}

        and fires the same ``photo`` as a ``photo-picked`` CustomEvent on the
        picker's own document; a popup then closes itself.

        The figure the editor inserts in the body (kept by the article safelist in
        ``articles/sanitize.py``)::

            <figure>
              <img src="{url}" alt="{alt}" width="{width}" height="{height}" data-photo-id="{id}">
              <figcaption>{caption} {credit_line}</figcaption>
            </figure>

        On the public page each ``<img data-photo-id>`` is replaced by the photo's
        responsive markup (``photo_figures`` filter): AVIF/WebP/JPEG renditions,
        ``srcset`` and ``sizes`` for the article column, lazy loading.
        """
        page, items = self._picker_request(request)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Choose a photo"),
            "opts": self.model._meta,
            "is_popup": True,
            "query": request.GET.get("q", "").strip(),
            "page_obj": page,
            "items": items,
            "add_url": reverse("admin:photos_photo_add"),
        }
        return TemplateResponse(request, "admin/photos/photo/picker.html", context)

    @method_decorator(require_safe)
    def picker_json_view(self, request):
        """The picker's data as JSON: ``GET /admin/photos/photo/picker.json?q=&page=``.

        URL name ``admin:photos_photo_picker_json``; same permission as the page.
        Answers ``{"results": [photo, …], "page": n, "num_pages": n, "count": n,
        "next": url|null, "previous": url|null}``, each photo as in the
        ``newsroom:photo-picked`` message (see ``picker_view``).
        """
        page, items = self._picker_request(request)
        query = request.GET.get("q", "").strip()

        def link(number):
            return f"{request.path}?{urlencode({'q': query, 'page': number})}"

        return JsonResponse(
            {
                "results": items,
                "page": page.number,
                "num_pages": page.paginator.num_pages,
                "count": page.paginator.count,
                "next": link(page.next_page_number()) if page.has_next() else None,
                "previous": link(page.previous_page_number()) if page.has_previous() else None,
            }
        )
