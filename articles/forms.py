from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from .models import Article


class ArticleAdminForm(forms.ModelForm):
    """The admin's article form: staff authors only."""

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "author" in self.fields:
            # Newsroom staff sign articles; readers with accounts are never offered.
            # The current author stays selectable even if they have left the staff.
            self.fields["author"].queryset = get_user_model().objects.filter(
                Q(is_staff=True) | Q(pk=self.instance.author_id)
            )
