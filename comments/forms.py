"""The public comment form: what a reader may type, and what the page needs to check it.

Besides the visible fields the form carries a honeypot (a field people never
see or reach, that robots fill in) and a signed token holding the article and
the time the form was shown, so the moderation rules can tell how fast it came
back and a form cannot be replayed onto another article.
"""

import secrets
import time
from urllib.parse import urlsplit

from captcha.fields import CaptchaField, CaptchaTextInput
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured, ValidationError
from django.core.validators import ProhibitNullCharactersValidator, URLValidator
from django.utils.translation import gettext_lazy as _

from . import moderation
from .models import Comment
from .text import (
    BIDI_AND_SEPARATORS,
    CONTROL_CHARS,
    CONTROL_CHARS_EXCEPT_WHITESPACE,
    HTTP_SCHEMES,
    has_visible_character,
)

# The body is a TextField: its limit is the form's (and the admin's, which imports it).
BODY_MAX_LENGTH = 5000
NAME_MAX_LENGTH = Comment._meta.get_field("author_name").max_length
EMAIL_MAX_LENGTH = Comment._meta.get_field("author_email").max_length
URL_MAX_LENGTH = Comment._meta.get_field("author_url").max_length
FORM_TOKEN_SALT = "comments.form-token"  # noqa: S105 (a namespace, not a secret)


def make_form_token(article, *, issued_at=None):
    """A signed, tamper-proof record of which article the form is for and when it was shown."""
    issued_at = int(time.time() if issued_at is None else issued_at)
    # The nonce makes each form's token unique: one token creates one comment at most.
    payload = {"a": article.pk, "t": issued_at, "n": secrets.token_urlsafe(9)}
    return signing.dumps(payload, salt=FORM_TOKEN_SALT, compress=True)


def read_form_token(token, article):
    """Seconds since the form was shown; ValidationError when forged, foreign or too old."""
    try:
        payload = signing.loads(token or "", salt=FORM_TOKEN_SALT)
        article_id, issued_at = int(payload["a"]), int(payload["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise ValidationError(
            _("This form could not be verified. Please check your comment and send it again."),
            code="bad_token",
        ) from exc
    if article_id != article.pk:
        raise ValidationError(
            _("This form belongs to another article. Please send your comment again."),
            code="foreign_token",
        )
    age = time.time() - issued_at
    if age > settings.COMMENTS_FORM_MAX_AGE_SECONDS:
        raise ValidationError(
            _("This form has expired. Please check your comment and send it again."),
            code="expired_token",
        )
    return max(age, 0.0)


def reject_control_characters(value):
    if CONTROL_CHARS.search(value):
        raise ValidationError(
            _("Control characters (such as NUL or line breaks) are not allowed here."),
            code="control_characters",
        )


def reject_control_characters_in_text(value):
    if CONTROL_CHARS_EXCEPT_WHITESPACE.search(value):
        raise ValidationError(
            _("Your comment contains control characters (such as NUL) that are not allowed."),
            code="control_characters",
        )


def reject_bidi_controls(value):
    if BIDI_AND_SEPARATORS.search(value):
        raise ValidationError(
            _("Invisible text-direction or line-separator characters are not allowed here."),
            code="bidi_characters",
        )


def reject_invisible_characters(value):
    # Zero-width, bidi and other format characters make an address look like another.
    if value and not value.isprintable():
        raise ValidationError(
            _("Invisible or control characters are not allowed in a website address."),
            code="invisible_characters",
        )


def require_visible_characters(value):
    if value and not has_visible_character(value):
        raise ValidationError(_("Please type at least one visible character."), code="invisible")


def reject_credentials_in_url(value):
    # "https://trusted.example@evil.example" reads as one site and goes to another.
    try:
        netloc = urlsplit(value).netloc if value else ""
    except ValueError:
        # Unparseable: URLValidator, which runs too, reports it as invalid.
        return
    if "@" in netloc:
        raise ValidationError(_("A website address cannot contain a user name."), code="userinfo")


class PlainTextField(forms.CharField):
    """A CharField whose own control-character validators replace Django's NUL-only one."""

    def __init__(self, *, extra_validators=(), **kwargs):
        super().__init__(**kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]
        self.validators = [*extra_validators, *self.validators]


class WebsiteField(forms.URLField):
    """An http(s) address only: no javascript:, data:, ftp: or anything else."""

    default_validators = [URLValidator(schemes=list(HTTP_SCHEMES))]
    default_error_messages = {
        "invalid": _("Enter a website address starting with http:// or https://."),
    }

    def to_python(self, value):
        # Reject control characters before URLField's normalisation can strip
        # or split around them.
        if value and CONTROL_CHARS.search(value):
            reject_control_characters(value)
        return super().to_python(value)


class CommentCaptchaInput(CaptchaTextInput):
    """The captcha answer tied to its help text and errors, as Django does for simple fields.

    Django leaves ``aria-describedby`` off multi-widgets (it expects a fieldset),
    so it is added here from the ``aria-invalid`` flag Django does set.

    It shows the challenge it is given (``challenge_key``, made by a POST through
    ``comments.challenges.issue_challenge``) and never makes one itself, as the
    library's widget does on every render: rendering a page must not write.
    """

    template_name = "comments/widgets/captcha.html"
    challenge_key = None

    def fetch_captcha_store(self, name, value, attrs=None, generator=None):
        if not self.challenge_key:
            raise ImproperlyConfigured(
                "The comment form's captcha needs a challenge made by a POST "
                "(comments.challenges.issue_challenge): a GET must not create one."
            )
        self._key = self.challenge_key
        self._value = [self._key, ""]
        self.id_ = self.build_attrs(attrs).get("id", None)

    def get_context(self, name, value, attrs):
        attrs = dict(attrs or {})
        base_id = attrs.get("id", "")
        described_by = [f"{base_id}_helptext"]
        if attrs.get("aria-invalid"):
            described_by.append(f"{base_id}_error")
            attrs["class"] = "form-control is-invalid"
        attrs["aria-describedby"] = " ".join(described_by)
        return super().get_context(name, value, attrs)


class CommentForm(forms.Form):
    body = PlainTextField(
        label=_("Comment"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 45}),
        extra_validators=[reject_control_characters_in_text, require_visible_characters],
        error_messages={
            "required": _("Please write your comment."),
            "max_length": _(
                "Your comment is too long: %(limit_value)d characters at most "
                "(it has %(show_value)d)."
            ),
        },
    )
    author_name = PlainTextField(
        label=_("Name"),
        max_length=NAME_MAX_LENGTH,
        extra_validators=[
            reject_control_characters,
            reject_bidi_controls,
            require_visible_characters,
        ],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": _("Please give your name."),
            "max_length": _(
                "Your name is too long: %(limit_value)d characters at most (it has %(show_value)d)."
            ),
        },
    )
    author_email = forms.EmailField(
        label=_("E-mail"),
        max_length=EMAIL_MAX_LENGTH,
        validators=[reject_control_characters],
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Please give your e-mail address (it will not be published)."),
            "invalid": _("Enter a valid e-mail address, such as name@example.com."),
            "max_length": _(
                "Your e-mail address is too long: %(limit_value)d characters at most "
                "(it has %(show_value)d)."
            ),
        },
    )
    author_url = WebsiteField(
        label=_("Website"),
        required=False,
        max_length=URL_MAX_LENGTH,
        assume_scheme="https",
        validators=[reject_invisible_characters, reject_credentials_in_url],
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
        error_messages={
            "max_length": _(
                "The website address is too long: %(limit_value)d characters at most "
                "(it has %(show_value)d)."
            ),
        },
    )
    remember = forms.BooleanField(
        label=_("Save my name, e-mail and website in this browser for the next time I comment."),
        required=False,
    )
    notify_on_approval = forms.BooleanField(
        label=_("Notify me when my comment is published"),
        required=False,
    )
    notify_on_reply = forms.BooleanField(
        label=_("Notify me of replies to my comment"),
        required=False,
    )
    captcha = CaptchaField(
        label=_("Security code"),
        help_text=_("Type the letters shown in the image."),
        widget=CommentCaptchaInput(),
        error_messages={
            "required": _("Please type the security code shown in the image."),
            "invalid": _("The security code is wrong or has expired. Please type the new one."),
        },
    )
    # The honeypot: hidden from people (visually and from assistive technology),
    # out of the tab order, never autofilled. Only robots fill it in.
    subject = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, article, challenge=None, **kwargs):
        """``challenge``: the key of the captcha challenge shown (see CommentCaptchaInput)."""
        self.article = article
        super().__init__(*args, **kwargs)
        self.fields["captcha"].widget.challenge_key = challenge
        self.fields["token"].initial = make_form_token(article)
        self.seconds_to_submit = None
        self.parent_comment = None
        for name, field in self.fields.items():
            if field.required and not field.widget.is_hidden and name != "captcha":
                field.widget.attrs["aria-required"] = "true"
        self.fields["captcha"].widget.attrs.update(
            {"aria-required": "true", "class": "form-control"}
        )
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field("body"),
            Field("author_name"),
            Field("author_email"),
            Field("author_url"),
            Field("remember"),
            Field("notify_on_approval"),
            Field("notify_on_reply"),
        )

    @classmethod
    def refused(cls, kept, *, article, challenge=None):
        """The form a reader was sent back with (``cookies.keep_refused_form``), shown again.

        Their values, the errors they had (worded in today's language: the page
        may have switched), a fresh form token and a new captcha. Fields that
        were fine are not marked wrong because the captcha answer is not kept.
        """
        form = cls(
            {**kept["data"], "token": make_form_token(article)},
            article=article,
            challenge=challenge,
        )
        form.full_clean()
        errors = kept["errors"]
        for name in list(form.errors):
            if name != NON_FIELD_ERRORS and name not in errors:
                del form.errors[name]
        form.errors.pop(NON_FIELD_ERRORS, None)
        # The captcha's answer is not kept, so its error cannot be worked out
        # again: it is rebuilt from the codes it had ("wrong", "missing").
        messages = form.fields["captcha"].error_messages
        codes = [code for code in errors.get("captcha", []) if code in messages]
        if codes:
            form.errors["captcha"] = form.error_class([messages[code] for code in codes])
        for message in kept["non_field_errors"]:
            form.add_error(None, message)
        return form

    def clean(self):
        cleaned = super().clean()
        try:
            self.seconds_to_submit = read_form_token(cleaned.get("token"), self.article)
        except ValidationError as error:
            self.add_error(None, error)
            # Shown again, the form must carry a token that will pass next time.
            self.data = self.data.copy()
            self.data["token"] = make_form_token(self.article)
        parent_id = cleaned.get("parent")
        if parent_id:
            parent = Comment.objects.approved().filter(pk=parent_id, article=self.article).first()
            if parent is None:
                self.add_error(
                    None,
                    ValidationError(
                        _(
                            "The comment you are replying to does not exist on this article "
                            "or is not published."
                        ),
                        code="invalid_parent",
                    ),
                )
            elif not moderation.can_reply_to(parent):
                self.add_error(
                    None,
                    ValidationError(
                        _("Replies cannot be nested any deeper here."), code="too_deep"
                    ),
                )
            else:
                self.parent_comment = parent
                cleaned["parent_comment"] = parent
        return cleaned


class DataRequestForm(forms.Form):
    """The address whose comments a reader wants to see, export or erase."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=EMAIL_MAX_LENGTH,
        validators=[reject_control_characters],
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Please give the e-mail address you comment with."),
            "invalid": _("Enter a valid e-mail address, such as name@example.com."),
        },
    )


class ErasureForm(forms.Form):
    """What becomes of the text when a reader erases their comments."""

    KEEP = "keep"
    REMOVE = "remove"
    text = forms.ChoiceField(
        label=_("Your comments' text"),
        choices=[
            (REMOVE, _("Remove it: “comment deleted by its author” is shown instead")),
            (KEEP, _("Keep it, without my name")),
        ],
        initial=REMOVE,
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(
        label=_("I understand that this cannot be undone."),
        error_messages={"required": _("Please tick the box to confirm.")},
    )

    @property
    def keep_text(self):
        return self.cleaned_data["text"] == self.KEEP


class UnsubscribeForm(forms.Form):
    """What an unsubscribe link switches off (``comments.notifications.unsubscribe``)."""

    scope = forms.ChoiceField(
        label=_("Stop"),
        choices=[
            ("comment", _("the e-mails about this comment")),
            ("all", _("every e-mail from this site to my address")),
        ],
        initial="comment",
        widget=forms.RadioSelect,
    )
