"""manage.py photos_renditions: the remedy for photos whose renditions were never made."""

from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from photos.models import Photo
from tests.factories import make_photo

pytestmark = pytest.mark.django_db


def test_photos_without_renditions_get_them(django_capture_on_commit_callbacks):
    waiting = make_photo(size=(420, 280))  # its upload's task never ran
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("photos_renditions", stdout=out)
    assert "1 photo" in out.getvalue()
    waiting.refresh_from_db()
    assert waiting.renditions_ready
    assert default_storage.exists(waiting.file.aspect_ratios["3/2"]["AVIF"][400].name)


def test_ready_photos_are_left_alone_unless_all_is_asked():
    make_photo(size=(420, 280))
    Photo.objects.update(renditions_ready=True)
    out = StringIO()
    call_command("photos_renditions", stdout=out)
    assert "0 photo" in out.getvalue()
    call_command("photos_renditions", "--all", stdout=out)
    assert "1 photo" in out.getvalue()
