"""The photo library: one row a photo, reusable by any number of articles.

A photo's file never changes once stored (the admin shows it read-only after
upload): its renditions, made once by django-pictures' task, stay valid, and
``renditions_ready`` only ever goes from False to True. Alt text, caption and
credit may be edited at any time.
"""

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from pictures.models import PictureField, PictureFieldFile

# The aspect ratios renditions are cut to: the photo's own (article lead and body
# figures), 3:2 (cards) and 1200:630 (social cards, og:image).
CARD_RATIO = "3/2"
SOCIAL_RATIO = "40/21"
ASPECT_RATIOS = [None, CARD_RATIO, SOCIAL_RATIO]


SOCIAL_WIDTH = 1200


class PhotoFieldFile(PictureFieldFile):
    """django-pictures' file, minus renditions no page uses.

    The social cut (1200x630) is only ever sent as one JPEG, 1200 px wide (or the
    widest the photo allows): its other widths and formats would cost a third of
    the rendering time for nothing.
    """

    @staticmethod
    def get_picture_files(**kwargs):
        files = PictureFieldFile.get_picture_files(**kwargs)
        social = files.get(SOCIAL_RATIO, {}).get("JPEG", {})
        if social:
            width = max(w for w in social if w <= SOCIAL_WIDTH)
            files[SOCIAL_RATIO] = {"JPEG": {width: social[width]}}
        return files


class PhotoField(PictureField):
    attr_class = PhotoFieldFile


class PhotoQuerySet(models.QuerySet):
    def search(self, query):
        """Photos whose alt text, caption or credit contain every word of ``query``."""
        for word in (query or "").split():
            self = self.filter(
                models.Q(alt__icontains=word)
                | models.Q(caption__icontains=word)
                | models.Q(credit__icontains=word)
            )
        return self


class Photo(models.Model):
    file = PhotoField(
        _("file"),
        upload_to="photos/%Y/%m/",
        width_field="width",
        height_field="height",
        aspect_ratios=ASPECT_RATIOS,
        file_types=["AVIF", "WEBP", "JPEG"],
        container_width=1200,
        grid_columns=6,
        max_length=255,
    )
    alt = models.CharField(
        _("alternative text"),
        max_length=250,
        help_text=_(
            "What the photo shows, for readers who cannot see it, in one sentence: "
            "who, doing what, where. Not the caption again, and no “photo of”."
        ),
    )
    caption = models.TextField(
        _("caption"),
        max_length=500,
        blank=True,
        help_text=_("Shown under the photo: context the image alone does not give."),
    )
    credit = models.CharField(
        _("credit"),
        max_length=120,
        blank=True,
        help_text=_("Photographer or agency, shown as “Photo : credit”."),
    )
    width = models.PositiveIntegerField(_("width"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height"), editable=False, default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True, db_index=True)
    renditions_ready = models.BooleanField(
        _("renditions ready"),
        default=False,
        editable=False,
        help_text=_("Until then pages show the original file at its displayed size."),
    )

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.alt

    def delete(self, *args, **kwargs):
        file = self.file
        result = super().delete(*args, **kwargs)
        if file:
            # The file and its renditions go once the row is surely gone.
            transaction.on_commit(lambda: file.delete(save=False), robust=True)
        return result
