from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.core.files.uploadedfile import UploadedFile

from . import images
from .models import Photo

ACCEPT = "image/jpeg,image/png,image/webp,image/avif"


class PhotoAdminForm(forms.ModelForm):
    """The library's upload form: the file goes through the upload policy (``photos.images``).

    A plain file field, not Django's image field: the policy decodes the file
    itself and says precisely why it refuses one (too big, not a photo, damaged).
    """

    class Meta:
        model = Photo
        fields = ["file", "alt", "caption", "credit"]
        field_classes = {"file": forms.FileField}
        widgets = {
            "file": AdminFileWidget(attrs={"accept": ACCEPT}),
            "caption": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            return images.clean_upload(file).content
        return file
