"""The moderation pages the admin adds to the comment admin: the keyboard queue and its POSTs.

``CommentAdmin.get_urls`` wires these views under the admin site (login, staff
and permission checks included: ``admin_site.admin_view``); each receives the
``CommentAdmin`` as ``model_admin`` for the object lookup, the permissions and
the admin's messages. Every status change goes through ``comments.review``.

* ``queue_view``: pending comments in full, oldest first; <kbd>j</kbd>/<kbd>k</kbd>
  to move, <kbd>a</kbd>/<kbd>r</kbd>/<kbd>s</kbd> to decide (``static/js/moderation-queue.js``).
* ``moderate_view``: one comment to one state (the queue's buttons and the change
  page's), a CSRF-protected POST answered in JSON for the queue's script, with a
  redirect otherwise, so the buttons work as plain forms without JavaScript.
* ``block_view``: the change page's "block this author" (e-mail or IP address).
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import review
from .models import Comment
from .moderation import format_reasons

QUEUE_SIZE = 50

STATUS_DONE_MESSAGES = {
    Comment.Status.APPROVED: lambda n: ngettext(
        "%(count)d comment approved.", "%(count)d comments approved.", n
    ),
    Comment.Status.REJECTED: lambda n: ngettext(
        "%(count)d comment rejected.", "%(count)d comments rejected.", n
    ),
    Comment.Status.SPAM: lambda n: ngettext(
        "%(count)d comment marked as spam.", "%(count)d comments marked as spam.", n
    ),
    Comment.Status.PENDING: lambda n: ngettext(
        "%(count)d comment sent back to pending.", "%(count)d comments sent back to pending.", n
    ),
}


def status_done_message(to_status, count):
    """What the moderator is told after moving ``count`` comments to ``to_status``."""
    return STATUS_DONE_MESSAGES[to_status](count) % {"count": count}


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _redirect_back(request, comment):
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:comments_comment_change", args=[comment.pk])
    return HttpResponseRedirect(target)


def _posted_comment(request, object_id, model_admin, *, allowed):
    """The comment a one-comment POST is about, or the response that refuses the request.

    Returns ``(comment, None)`` or ``(None, response)``: 405 for anything but a
    POST, 403 when ``allowed`` is false, and when the comment is gone a JSON 404
    for the queue's script or the admin's usual redirect with a message.
    """
    if request.method != "POST":
        return None, HttpResponseNotAllowed(["POST"])
    if not allowed:
        raise PermissionDenied
    comment = model_admin.get_object(request, unquote(object_id))
    if comment is None:
        if _wants_json(request):
            return None, JsonResponse(
                {"error": gettext("This comment no longer exists.")}, status=404
            )
        return None, model_admin._get_obj_does_not_exist_redirect(
            request, model_admin.opts, object_id
        )
    return comment, None


def moderate_view(request, object_id, *, model_admin):
    """One comment to one state (change page buttons, keyboard queue): POST only."""
    comment, error = _posted_comment(
        request, object_id, model_admin, allowed=model_admin.has_change_permission(request)
    )
    if error:
        return error
    to_status = request.POST.get("to_status", "")
    if to_status not in Comment.Status.values:
        message = gettext("Unknown state: choose approve, reject, spam or pending.")
        if _wants_json(request):
            return JsonResponse({"error": message}, status=400)
        model_admin.message_user(request, message, messages.ERROR)
        return _redirect_back(request, comment)
    changed = review.change_status(comments=[comment.pk], to_status=to_status, actor=request.user)
    message = status_done_message(to_status, len(changed))
    if _wants_json(request):
        return JsonResponse(
            {
                "id": comment.pk,
                "status": to_status,
                "changed": bool(changed),
                "message": message,
                "pending_count": Comment.objects.pending().count(),
            }
        )
    model_admin.message_user(request, message, messages.SUCCESS)
    return _redirect_back(request, comment)


def block_view(request, object_id, *, model_admin):
    """Put one comment's e-mail or IP address on the blocklist: POST only."""
    comment, error = _posted_comment(
        request, object_id, model_admin, allowed=model_admin.has_block_permission(request)
    )
    if error:
        return error
    by = request.POST.get("by", "")
    try:
        entry, created = review.block_author(comment=comment, actor=request.user, by=by)
    except review.BlockError:
        model_admin.message_user(
            request, gettext("This comment has no address of that kind."), messages.ERROR
        )
    except ValueError:
        model_admin.message_user(request, gettext("Choose e-mail or IP address."), messages.ERROR)
    else:
        if created:
            message = gettext("“%(value)s” is now on the blocklist.")
        else:
            message = gettext("“%(value)s” was already on the blocklist.")
        model_admin.message_user(request, message % {"value": entry.value}, messages.SUCCESS)
    return _redirect_back(request, comment)


def queue_view(request, *, model_admin):
    """Pending comments in full, oldest first, for moderation one by one."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    pending = Comment.objects.pending()
    comments = list(
        pending.select_related("article", "parent").order_by("created_at", "pk")[:QUEUE_SIZE]
    )
    for comment in comments:
        comment.reasons_text = format_reasons(comment.flag_reasons)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Moderation queue"),
        "comments": comments,
        "pending_count": pending.count(),
        "queue_size": QUEUE_SIZE,
        "changelist_url": reverse("admin:comments_comment_changelist"),
    }
    return TemplateResponse(request, "admin/comments/comment/queue.html", context)
