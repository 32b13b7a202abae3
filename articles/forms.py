from django import forms
from django.contrib.auth import get_user_model
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Concat, Lower, NullIf, Trim
from django.utils.translation import gettext as _

from .models import Article, public_name


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

    def clean(self):
        cleaned_data = super().clean()
        author = cleaned_data.get("author")
        coauthors = cleaned_data.get("coauthors")
        if author is not None and coauthors is not None and author in coauthors:
            # The first author is named once, first.
            cleaned_data["coauthors"] = coauthors.exclude(pk=author.pk)
        return cleaned_data
