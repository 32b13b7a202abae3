"""Posting a comment: a small function view around the form and ``comment_create``.

The article page shows the comment section through template tags
(``comments.templatetags.comments_tags``); a form with errors sends the reader
back to the article, whose form shows it again with everything they typed
(``cookies.keep_refused_form``).
"""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from articles.models import Article
from newsroom.client_ip import client_ip
from newsroom.pagination import CANONICAL_PAGE, PAGE_PARAMETER

from . import challenges, cookies, emails, moderation, notifications, privacy
from .forms import CommentForm, DataRequestForm, ErasureForm, UnsubscribeForm
from .models import Comment
from .selectors import REPLY_PARAMETER, WHOLE_FORM_PARAMETER
from .services import (
    CommentsClosed,
    FormTokenUsed,
    InvalidParent,
    TooManyComments,
    comment_create,
)
from .text import single_line

SENT_PARAMETER = "envoye"
ERASED_PARAMETER = "efface"


def require_POST_with_page(view):
    """Like ``require_POST``, but whoever lands here gets a page saying why, not a blank 405."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST":
            response = render(
                request,
                "comments/refused.html",
                {
                    "refusal_title": _("This address only receives comments"),
                    "refusal_message": _(
                        "Comments are sent from the form under each article. "
                        "Please go back to the article to write yours."
                    ),
                    "article": Article.objects.published().filter(slug=kwargs.get("slug")).first(),
                },
                status=405,
            )
            response["Allow"] = "POST"
            return response
        return view(request, *args, **kwargs)

    return wrapper


def _client_ip(request):
    # REMOTE_ADDR, or the address our trusted proxies saw (TRUSTED_PROXY_COUNT):
    # never what the client itself wrote in X-Forwarded-For, which would defeat
    # flood control.
    return client_ip(request)


def _refused(request, article, message, status, detail=""):
    return render(
        request,
        "comments/refused.html",
        {"refusal_title": message, "refusal_message": detail, "article": article},
        status=status,
    )


def _form_page(article, *, challenge, reply_to="", page=""):
    """The article's page with the whole form for this challenge (a GET that writes nothing)."""
    query = {}
    if page and CANONICAL_PAGE.fullmatch(page) and page != "1":
        query[PAGE_PARAMETER] = page
    if reply_to.isascii() and reply_to.isdigit() and len(reply_to) < 12:
        query[REPLY_PARAMETER] = reply_to
    query[WHOLE_FORM_PARAMETER] = challenge or "1"
    return f"{article.get_absolute_url()}?{urlencode(query)}#respond"


def _back_to_form(request, article, form):
    """Send the reader back to the article's form, which shows what they typed and the errors.

    A redirect, not a page: the address bar then holds the article's URL (a
    reload, a language switch or the back button shows the form again, from
    ``cookies.keep_refused_form``), never the posting URL that refuses a GET.
    The answer to the captcha is spent either way: the form comes back with a
    new challenge, made here (this is a POST) within the client's limit; past
    it, the page shows the form without one, as a shared page does.
    """
    try:
        challenge = challenges.issue_challenge(ip_address=_client_ip(request))
    except challenges.TooManyChallenges:
        challenge = None
    response = redirect(_form_page(article, challenge=challenge))
    cookies.keep_refused_form(
        response,
        article=article,
        data=request.POST,
        errors={
            # django-simple-captcha raises its "wrong answer" error without a code.
            name: [error.code or "invalid" for error in errors]
            for name, errors in form.errors.as_data().items()
            if name != NON_FIELD_ERRORS
        },
        non_field_errors=form.non_field_errors(),
    )
    return response


@csrf_protect
@require_POST_with_page
def post_comment(request, slug):
    """Validate, store as pending or spam, then redirect to the comment's anchor (PRG)."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    if not moderation.comments_are_open(article):
        return _refused(request, article, _("Comments are closed."), status=403)
    form = CommentForm(request.POST, article=article)
    if not form.is_valid():
        return _back_to_form(request, article, form)
    data = form.cleaned_data
    try:
        comment = comment_create(
            article=article,
            parent=data.get("parent_comment"),
            author_name=data["author_name"],
            author_email=data["author_email"],
            author_url=data["author_url"],
            body=data["body"],
            notify_on_approval=data["notify_on_approval"],
            notify_on_reply=data["notify_on_reply"],
            ip_address=_client_ip(request),
            user_agent=single_line(request.headers.get("User-Agent", ""), 500),
            honeypot=data["subject"],
            seconds_to_submit=form.seconds_to_submit,
            form_token=data["token"],
        )
    except CommentsClosed:
        return _refused(request, article, _("Comments are closed."), status=403)
    except TooManyComments:
        response = _refused(
            request, article, _("Too many comments"), status=429, detail=TooManyComments.message
        )
        response["Retry-After"] = "3600"
        return response
    except FormTokenUsed as error:
        # Shown again with a fresh token (the kept fields leave the used one out).
        form.add_error(None, error)
        return _back_to_form(request, article, form)
    except InvalidParent as error:
        form.add_error(None, error)
        return _back_to_form(request, article, form)
    response = redirect(comment.get_absolute_url())
    cookies.remember_pending_comment(request, response, comment.pk)
    cookies.forget_refused_form(request, response)
    if data["remember"]:
        cookies.remember_author(
            response,
            author_name=data["author_name"],
            author_email=data["author_email"],
            author_url=data["author_url"],
        )
    else:
        cookies.forget_author(response)
    return response


def _too_many_challenges(request, article):
    response = _refused(
        request,
        article,
        _("Too many security codes"),
        status=429,
        detail=challenges.TooManyChallenges.message,
    )
    response["Retry-After"] = str(challenges.WINDOW_SECONDS)
    return response


# Exempt from CSRF because a page from the shared cache, where the reader
# starts, carries no token (it would be someone else's): this POST is how the
# reader gets one. A forged cross-site POST changes nothing of the reader's: it
# makes a captcha challenge (counted against the address's limit) whose answer
# the other site cannot read, and sets a CSRF cookie, as any page of ours does.
# Browsers that say so (Sec-Fetch-Site) are refused all the same.
@csrf_exempt
@never_cache
@require_POST_with_page
def comment_form_fresh(request, slug):
    """Make a captcha challenge (comments.challenges) and give the reader the form.

    With ``fragment=1`` (comments.js, when a reader starts typing in the form of
    a shared page): the parts that page cannot carry, CSRF token, form token
    and captcha. Otherwise (the "Write a comment" and "Reply" buttons without
    JavaScript): a redirect to the article's page with the whole form
    (``?commenter=<key>``; ``repondre`` and ``page`` kept). Past the client's
    COMMENTS_CHALLENGES_PER_HOUR: 429, nothing made. Expired challenges are
    deleted by ``manage.py captcha_clean`` (a systemd timer, every 15 minutes).
    """
    article = get_object_or_404(Article.objects.published(), slug=slug)
    if not moderation.comments_are_open(article):
        return _refused(request, article, _("Comments are closed."), status=403)
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return _refused(
            request, article, _("This form can only be opened from this site."), status=403
        )
    try:
        challenge = challenges.issue_challenge(ip_address=_client_ip(request))
    except challenges.TooManyChallenges:
        return _too_many_challenges(request, article)
    if request.POST.get("fragment") == "1":
        form = CommentForm(article=article, challenge=challenge)
        response = render(request, "comments/form_fresh.html", {"form": form})
        response["X-Robots-Tag"] = "noindex"
        return response
    location = _form_page(
        article,
        challenge=challenge,
        reply_to=request.POST.get(REPLY_PARAMETER, ""),
        page=request.POST.get(PAGE_PARAMETER, ""),
    )
    response = HttpResponseRedirect(location)
    # 303: the browser follows with a GET, and its back button never re-posts.
    response.status_code = 303
    return response


@csrf_protect
@require_POST
def captcha_refresh(request):
    """ "Show another code": a new challenge as JSON, within the client's limit (POST only).

    Shadows django-simple-captcha's /captcha/refresh/, which makes one on a GET.
    """
    try:
        challenge = challenges.issue_challenge(ip_address=_client_ip(request))
    except challenges.TooManyChallenges:
        response = JsonResponse({"error": str(challenges.TooManyChallenges.message)}, status=429)
        response["Retry-After"] = str(challenges.WINDOW_SECONDS)
        return response
    response = JsonResponse(
        {
            "key": challenge,
            # As the library's view answers; comments.js shows the @2 rendering.
            "image_url": reverse("captcha-image", kwargs={"key": challenge}),
            "audio_url": (
                reverse("captcha-audio", kwargs={"key": challenge})
                if settings.CAPTCHA_FLITE_PATH
                else None
            ),
        }
    )
    add_never_cache_headers(response)
    return response


# The mail client's RFC 8058 one-click POST carries no CSRF token: the signed
# token is the credential, and all it can do is switch e-mails off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """A GET shows the choice and a button; only a POST unsubscribes (mail scanners open links).

    The mail client's one-click POST (``List-Unsubscribe=One-Click``) stops the
    e-mails about this comment; the page's form lets the reader choose that or
    every e-mail from the site to their address.
    """
    try:
        comment_id = emails.read_unsubscribe_token(token)
    except emails.UnsubscribeLinkExpired:
        return _private_page(
            render(request, "comments/unsubscribe.html", {"state": "expired"}, status=400)
        )
    comment = Comment.objects.filter(pk=comment_id).first() if comment_id else None
    if comment is None:
        return _private_page(
            render(request, "comments/unsubscribe.html", {"state": "invalid"}, status=400)
        )
    one_click = request.POST.get("List-Unsubscribe") == "One-Click"
    data = {"scope": notifications.Scope.COMMENT} if one_click else request.POST
    form = UnsubscribeForm(data if request.method == "POST" else None)
    if form.is_valid():
        notifications.unsubscribe(comment=comment, scope=form.cleaned_data["scope"])
        context = {"state": "done", "scope": form.cleaned_data["scope"]}
        return _private_page(render(request, "comments/unsubscribe.html", context))
    context = {"state": "choose", "form": form, "article": comment.article}
    status = 400 if form.is_bound else 200
    return _private_page(render(request, "comments/unsubscribe.html", context, status=status))


def csrf_failure(request, reason=""):
    """The 403 page for a missing or wrong CSRF token, in the site's look (CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", status=403)


# -- the commenter's own data (comments.privacy) ---------------------------------------


def _private_page(response):
    """The data pages carry a personal link: never cached or indexed.

    The site's ``Referrer-Policy: same-origin`` already keeps the link from other
    sites; "no-referrer" would make the browser send ``Origin: null`` with the
    page's own forms, which CSRF protection rightly refuses.
    """
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


@csrf_protect
@require_http_methods(["GET", "POST"])
def my_data_request(request):
    """Ask for a link to one's comments; the answer never says whether the address commented."""
    form = DataRequestForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        privacy.request_data_link(email=form.cleaned_data["email"])
        return redirect(f"{reverse('comments:my_data_request')}?{SENT_PARAMETER}=1")
    context = {
        "form": form,
        "sent": request.GET.get(SENT_PARAMETER) == "1",
        "erased": request.GET.get(ERASED_PARAMETER) == "1",
        "hours": privacy.DATA_LINK_MAX_AGE // 3600,
    }
    status = 400 if form.is_bound else 200
    return _private_page(render(request, "comments/my_data_request.html", context, status=status))


def _address_or_refusal(request, token):
    try:
        return privacy.address_for_token(token), None
    except privacy.DataLinkError as error:
        response = render(
            request, "comments/my_data_link_refused.html", {"expired": error.expired}, status=400
        )
        return None, _private_page(response)


@csrf_protect
@require_http_methods(["GET", "POST"])
def my_data(request, token):
    """The reader's comments in any state, with the JSON export and the erasure form."""
    email, refusal = _address_or_refusal(request, token)
    if refusal:
        return refusal
    form = ErasureForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        privacy.erase_author_data(email=email, keep_text=form.keep_text)
        return redirect(f"{reverse('comments:my_data_request')}?{ERASED_PARAMETER}=1")
    context = {
        "comments": privacy.comments_of(email),
        "form": form,
        "token": token,
    }
    status = 400 if form.is_bound else 200
    return _private_page(render(request, "comments/my_data.html", context, status=status))


@require_safe
def my_data_export(request, token):
    """Everything about the reader's comments as a JSON file."""
    email, refusal = _address_or_refusal(request, token)
    if refusal:
        return refusal
    response = JsonResponse(
        privacy.export_data(email), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="mes-commentaires.json"'
    return _private_page(response)
