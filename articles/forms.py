from django import forms

from .models import Article


class ArticleAdminForm(forms.ModelForm):
    """The admin's article form: editors edit what they typed, not its sanitised rendering."""

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.body_source:
            self.initial["body"] = self.instance.body_source
