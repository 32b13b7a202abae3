"""Request bodies: how large, and where files may be sent at all.

Only the admin takes files (article photos). Anywhere else, such as the public
comment form, a body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is refused with
413 before a byte of it is read, and a file part in a multipart body is refused
with 400 as soon as its headers arrive: Django's own upload handlers would
otherwise stream it to a temporary file first (CSRF checking reads the body
before any view runs). In the admin, a body larger than ``UPLOAD_MAX_BYTES`` is
refused with 413.
"""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpResponse

UPLOAD_NAMESPACES = {"admin"}


class FileNotAccepted(SuspiciousOperation):
    """A file was sent to an address that takes none (answered 400)."""


class RefuseFiles(FileUploadHandler):
    """An upload handler that stops the request at the first file part."""

    def new_file(self, *args, **kwargs):
        raise FileNotAccepted("This address does not accept files.")

    def receive_data_chunk(self, raw_data, start):
        return None

    def file_complete(self, file_size):
        return None


def _content_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class UploadLimitsMiddleware:
    """Place it before CsrfViewMiddleware: its ``process_view`` must run first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        takes_files = bool(UPLOAD_NAMESPACES & set(request.resolver_match.namespaces))
        limit = settings.UPLOAD_MAX_BYTES if takes_files else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and _content_length(request) > limit:
            response = HttpResponse(
                "Request body too large.", status=413, content_type="text/plain"
            )
            response["Connection"] = "close"
            return response
        if not takes_files:
            request.upload_handlers = [RefuseFiles(request)]
        return None
