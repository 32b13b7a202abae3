import contextlib

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Concat, Lower, NullIf, Trim
from django.forms import Script
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_prose_editor.widgets import (
    AdminProseEditorWidget,
    prose_editor_admin_media,
    prose_editor_js,
)
from js_asset import Media

from .models import Article, public_name
from .sanitize import ARTICLE_EDITOR_EXTENSIONS, article_source_html
from .services import publication_date


class ArticleBodyWidget(AdminProseEditorWidget):
    """django-prose-editor with the newsroom's preset (static/js/article-editor.js).

    The preset builds the editor from the extensions in the config, like the
    package's own, but without injecting a <style> element (refused by the CSP):
    the base styles come from static/css/article-editor.css.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("preset", "newsroom")
        super().__init__(*args, **kwargs)

    @property
    def media(self):
        return prose_editor_admin_media + Media(
            css={"all": ["css/article-editor.css"]},
            js=[prose_editor_js, Script("js/article-editor.js", type="module")],
        )


def toolbar_labels():
    """The toolbar's names in the editor's language (the package's are English only)."""
    return {
        "paragraph": _("Paragraph"),
        "heading2": _("Heading"),
        "heading3": _("Subheading"),
        "bulletList": _("Bulleted list"),
        "orderedList": _("Numbered list"),
        "orderedListProperties": _("List properties"),
        "blockquote": _("Quotation"),
        "horizontalRule": _("Horizontal rule"),
        "figure": _("Photo from the library"),
        "bold": _("Bold"),
        "italic": _("Italic"),
        "link": _("Link"),
        "unlink": _("Remove the link"),
        "history:undo": _("Undo"),
        "history:redo": _("Redo"),
    }


def article_editor_config():
    """The editor's extensions, from the sanitising policy, and the photo picker's address."""
    config = {"extensions": dict(ARTICLE_EDITOR_EXTENSIONS), "labels": toolbar_labels()}
    # Without the photos app, the figure button asks for an image address instead.
    with contextlib.suppress(NoReverseMatch):
        config["photoPickerUrl"] = reverse("admin:photos_photo_picker")
    return config


def staff_label(user):
    """How the author menus name a member of staff: their public name, never a bare username."""
    name = public_name(user)
    if name:
        return name
    return _("%(username)s (no name yet: fill in the author profile)") % {
        "username": user.get_username()
    }


def signatories(*, keep=()):
    """Staff who may sign, by name; people who already sign stay offered if they left."""
    return (
        get_user_model()
        .objects.filter(Q(is_staff=True) | Q(pk__in=[pk for pk in keep if pk]))
        .select_related("author_profile")
        .annotate(
            sort_name=Lower(
                Coalesce(
                    NullIf("author_profile__display_name", Value("")),
                    NullIf(Trim(Concat("first_name", Value(" "), "last_name")), Value("")),
                )
            )
        )
        # In the order the menu shows them; people without a name yet last.
        .order_by(F("sort_name").asc(nulls_last=True), "username")
    )


class ArticleAdminForm(forms.ModelForm):
    """The admin's article form: staff authors only."""

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "body" in self.fields:
            self.fields["body"].widget = ArticleBodyWidget(config=article_editor_config())
            self.fields["body"].help_text = _(
                "Write with the toolbar; pasted text keeps its headings, lists, links and "
                "emphasis. Anything else is removed when the article is saved, and you are told."
            )
            # Bodies typed before the editor (text with blank lines) open with their paragraphs.
            self.initial["body"] = article_source_html(self.initial.get("body", self.instance.body))
        # Newsroom staff sign articles; readers with accounts are never offered.
        # Whoever signs already stays selectable even if they have left the staff.
        keep = [self.instance.author_id]
        if self.instance.pk:
            keep += [user.pk for user in self.instance.coauthors.all()]
        for name in ("author", "coauthors"):
            if name in self.fields:
                self.fields[name].queryset = signatories(keep=keep)
                self.fields[name].label_from_instance = staff_label
        if "coauthors" in self.fields:
            # A short list of colleagues: checkboxes, each with its label, beat Django's
            # two-box selector (whose help icons fail accessibility checks).
            self.fields["coauthors"].widget = forms.CheckboxSelectMultiple(
                choices=self.fields["coauthors"].choices
            )
            self.fields["coauthors"].help_text = _("Everyone else who signs the article.")
        if "published_at" in self.fields:
            self.fields["published_at"].help_text = self.publication_help()

    # Set by the admin for the "Publish now" button: publish, dated now.
    publish_now = False

    def publication_help(self):
        """Which date publishing will use, said in the form (it depends on the article's state)."""
        article = self.instance
        if article.pk and article.status == Article.Status.PUBLISHED:
            if article.state == Article.State.SCHEDULED:
                return _(
                    "Scheduled: readers will see the article from this date. "
                    "“Publish now” publishes it at once, dated now."
                )
            return _("The date readers see. Changing it moves the article in the listings.")
        return _(
            "Publishing dates the article at the moment you publish, unless you change this "
            "date: a date you set is kept, and a future date schedules the article."
        )

    def clean(self):
        cleaned_data = super().clean()
        # The instance still holds the stored values: the form's are copied in after clean().
        was_published = (
            self.instance.pk is not None and self.instance.status == Article.Status.PUBLISHED
        )
        if self.publish_now:
            cleaned_data["status"] = Article.Status.PUBLISHED
            cleaned_data["published_at"] = timezone.now()
        elif (
            cleaned_data.get("status") == Article.Status.PUBLISHED
            and not was_published
            and cleaned_data.get("published_at") is not None
        ):
            cleaned_data["published_at"] = publication_date(
                published_at=cleaned_data["published_at"],
                date_was_set="published_at" in self.changed_data,
            )
        author = cleaned_data.get("author")
        coauthors = cleaned_data.get("coauthors")
        if author is not None and coauthors is not None and author in coauthors:
            # The first author is named once, first.
            cleaned_data["coauthors"] = coauthors.exclude(pk=author.pk)
        return cleaned_data
