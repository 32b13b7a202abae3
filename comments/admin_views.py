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
* ``undo_view``: takes back the decision named by a signed token (``review.undo``);
  every decision's message carries its "Annuler" button, the queue's key is <kbd>u</kbd>.
* ``reply_view``: a newsroom member answers a reader (``services.comment_staff_reply``).
* ``feature_view``: marks an approved comment as an editors' pick, or unmarks it.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import review, selectors, services
from .forms import BODY_MAX_LENGTH
from .models import Comment

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


# One comment moved: the message names it, so the moderator knows which one it was.
ONE_DONE_MESSAGES = {
    Comment.Status.APPROVED: _("%(comment)s approved."),
    Comment.Status.REJECTED: _("%(comment)s rejected."),
    Comment.Status.SPAM: _("%(comment)s marked as spam."),
    Comment.Status.PENDING: _("%(comment)s sent back to pending."),
}


def status_done_message(to_status, count):
    """What the moderator is told after moving ``count`` comments to ``to_status``."""
    return STATUS_DONE_MESSAGES[to_status](count) % {"count": count}


def decision_message(to_status, changed):
    """The status line after a decision: the comment's name when there was one."""
    if len(changed) == 1:
        return str(ONE_DONE_MESSAGES[to_status]) % {"comment": changed[0].heading()}
    return status_done_message(to_status, len(changed))


def undo_url():
    return reverse("admin:comments_comment_undo")


def message_with_undo(request, model_admin, text, changed):
    """Tell the moderator what happened, with an "Annuler" button when something did.

    The message is rendered by a template (a small POST form, CSRF included) and
    kept by the messages framework as safe HTML until the next page shows it.
    """
    if not changed:
        model_admin.message_user(request, text, messages.INFO)
        return
    html = render_to_string(
        "admin/comments/comment/undo_message.html",
        {
            "text": text,
            "undo_url": undo_url(),
            "token": review.undo_token(changed),
            "next": request.get_full_path() if request.method == "GET" else _next_url(request),
            "undo_minutes": max(settings.COMMENTS_UNDO_SECONDS // 60, 1),
        },
        request=request,
    )
    model_admin.message_user(request, html, messages.SUCCESS)


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _next_url(request, default=""):
    """Where to go back to after a POST: ``next`` (form field or query), if it is ours.

    Without one, the page the POST came from (the comment list's one-click buttons
    submit the list's own form, which has no ``next``; Referrer-Policy is
    same-origin, so our own pages send it), else ``default``.
    """
    for target in (
        request.POST.get("next", ""),
        request.GET.get("next", ""),
        request.headers.get("Referer", ""),
    ):
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
    return default


def _redirect_back(request, comment):
    return HttpResponseRedirect(
        _next_url(request, reverse("admin:comments_comment_change", args=[comment.pk]))
    )


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
    if not changed:
        comment.refresh_from_db(fields=["status"])
    message = decision_message(to_status, changed or [comment])
    if _wants_json(request):
        return JsonResponse(
            {
                "id": comment.pk,
                "status": to_status,
                "changed": bool(changed),
                "message": message,
                "pending_count": Comment.objects.pending().count(),
                "undo": {"url": undo_url(), "token": review.undo_token(changed)}
                if changed
                else None,
            }
        )
    message_with_undo(request, model_admin, message, changed)
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


def undo_view(request, *, model_admin):
    """Take back a decision (its signed token in ``token``): POST only."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    try:
        restored = review.undo(token=request.POST.get("token", ""), actor=request.user)
    except review.UndoRefused:
        message, level, status = (
            gettext("This decision can no longer be undone: decide again instead."),
            messages.ERROR,
            400,
        )
    else:
        if restored:
            message = ngettext(
                "Decision undone: %(count)d comment is back to its previous state.",
                "Decision undone: %(count)d comments are back to their previous state.",
                len(restored),
            ) % {"count": len(restored)}
            level, status = messages.SUCCESS, 200
        else:
            message = gettext("Nothing to undo: the comment was moderated again since.")
            level, status = messages.WARNING, 200
    if _wants_json(request):
        return JsonResponse(
            {
                "message": message,
                "restored": [comment.pk for comment in restored] if status == 200 else [],
                "pending_count": Comment.objects.pending().count(),
            },
            status=status,
        )
    model_admin.message_user(request, message, level)
    return HttpResponseRedirect(_next_url(request, reverse("admin:comments_comment_changelist")))


def reply_view(request, object_id, *, model_admin):
    """A newsroom member answers a reader's comment, published at once: POST only."""
    comment, error = _posted_comment(
        request,
        object_id,
        model_admin,
        allowed=request.user.has_perm("comments.reply_as_staff"),
    )
    if error:
        return error
    body = request.POST.get("body", "").strip()
    if not body or len(body) > BODY_MAX_LENGTH:
        model_admin.message_user(
            request,
            gettext("Write a reply of at most %(max)d characters.") % {"max": BODY_MAX_LENGTH},
            messages.ERROR,
        )
        return _redirect_back(request, comment)
    try:
        reply = services.comment_staff_reply(parent=comment, author=request.user, body=body)
    except ValidationError as refusal:
        model_admin.message_user(request, " ".join(refusal.messages), messages.ERROR)
        return _redirect_back(request, comment)
    html = render_to_string(
        "admin/comments/comment/reply_message.html",
        {"parent": comment, "reply": reply},
        request=request,
    )
    model_admin.message_user(request, html, messages.SUCCESS)
    return _redirect_back(request, comment)


def feature_view(request, object_id, *, model_admin):
    """Mark an approved comment as an editors' pick (``featured=1``) or unmark it: POST only."""
    comment, error = _posted_comment(
        request, object_id, model_admin, allowed=model_admin.has_change_permission(request)
    )
    if error:
        return error
    featured = request.POST.get("featured") == "1"
    try:
        review.set_featured(comment=comment, featured=featured)
    except ValueError:
        model_admin.message_user(
            request, gettext("Only an approved comment can be an editors' pick."), messages.ERROR
        )
    else:
        if featured:
            message = gettext("%(comment)s is now an editors' pick.")
        else:
            message = gettext("%(comment)s is no longer an editors' pick.")
        model_admin.message_user(
            request, message % {"comment": comment.heading()}, messages.SUCCESS
        )
    return _redirect_back(request, comment)


def queue_view(request, *, model_admin):
    """Pending comments in full, oldest first, with what the moderator needs to decide."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    filters = selectors.QueueFilters.from_query(request.GET)
    queue = selectors.moderation_queue(filters=filters, limit=QUEUE_SIZE)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Moderation queue"),
        "queue": queue,
        "filters": filters,
        "queue_size": QUEUE_SIZE,
        "can_reply": request.user.has_perm("comments.reply_as_staff"),
        "changelist_url": reverse("admin:comments_comment_changelist"),
        "undo_seconds": settings.COMMENTS_UNDO_SECONDS,
    }
    return TemplateResponse(request, "admin/comments/comment/queue.html", context)
