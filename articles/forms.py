from django import forms
from django.contrib.auth import get_user_model
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Concat, Lower, NullIf, Trim
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Article, public_name
from .services import publication_date


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
        # Newsroom staff sign articles; readers with accounts are never offered.
        # Whoever signs already stays selectable even if they have left the staff.
        keep = [self.instance.author_id]
        if self.instance.pk:
            keep += [user.pk for user in self.instance.coauthors.all()]
        for name in ("author", "coauthors"):
            if name in self.fields:
                self.fields[name].queryset = signatories(keep=keep)
                self.fields[name].label_from_instance = staff_label
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
