"""Request bodies: the comment form takes no file and no large body; the admin takes files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.factories import comment_form_data, make_article

pytestmark = pytest.mark.django_db


def post_url(article):
    return reverse("comments:post", kwargs={"slug": article.slug})


def test_a_file_sent_to_the_comment_form_is_refused_before_it_is_stored(tmp_path, settings):
    """400, nothing stored, and no temporary file written (the file is over the memory limit)."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10
    article = make_article()
    data = comment_form_data(article)
    data["attachment"] = SimpleUploadedFile("big.bin", b"x" * 100_000)
    response = Client(raise_request_exception=False).post(post_url(article), data)
    assert response.status_code == 400
    assert not Comment.objects.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_body_over_the_limit_is_413_before_it_is_read(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    article = make_article()
    data = comment_form_data(article, body="é" * 900)
    response = Client(raise_request_exception=False).post(post_url(article), data)
    assert response.status_code == 413
    assert not Comment.objects.exists()


def test_a_multipart_comment_without_files_is_still_accepted(client):
    """The test client posts multipart, as a script's FormData would: no file, no refusal."""
    article = make_article()
    response = client.post(post_url(article), comment_form_data(article))
    assert response.status_code == 302
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(("size", "refused"), [(500, False), (5000, True)])
def test_the_admin_takes_files_up_to_its_own_limit(admin_client, settings, size, refused):
    """The admin (photos) is the one place files are taken; over UPLOAD_MAX_BYTES it is 413."""
    settings.UPLOAD_MAX_BYTES = 2000
    upload = SimpleUploadedFile("photo.bin", b"x" * size)
    response = admin_client.post(reverse("admin:index"), {"f": upload})
    assert (response.status_code == 413) is refused
    assert response.status_code != 400
