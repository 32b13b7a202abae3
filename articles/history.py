"""An article's saved versions (django-reversion), read for the admin: who, when, what changed.

Every save of an article through the admin, an admin action or a service keeps
a version. This module only reads them: the list for the history page and the
comparison of two versions, field by field and, for the body, block by block
with the words that changed marked. Data, not HTML: the admin templates render
it (and escape it). Restoring is a write: ``services.article_restore``.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from .models import Article, Category, public_name

# What the comparison shows besides the body, in the form's order.
COMPARED_FIELDS = [
    ("title", _("title")),
    ("slug", _("slug")),
    ("category_id", _("category")),
    ("author_id", _("author")),
    ("coauthors", _("co-authors")),
    ("standfirst", _("standfirst")),
    ("status", _("status")),
    ("published_at", _("publication date")),
    ("comments_open", _("comments open")),
]

# A new line of the diff starts after each closing block tag, so that the body
# compares paragraph by paragraph however it was typed.
_BLOCK_END = re.compile(r"(</(?:p|h2|h3|h4|li|ul|ol|blockquote|figure|pre|table)>|<hr\s*/?>)", re.I)
_WORDS = re.compile(r"\s+|[^\s<>]+|<[^>]*>")


def versions_of(article):
    """The article's versions, newest first, with their revision and its author."""
    return (
        Version.objects.get_for_object(article)
        .select_related("revision", "revision__user__author_profile")
        .order_by("-revision__date_created", "-pk")
    )


def editor_name(user):
    """Who saved a version, for the editors: their public name, else their username."""
    if user is None:
        return ""
    return public_name(user) or user.get_username()


def _blocks(html):
    marked = _BLOCK_END.sub(lambda match: match.group(1) + "\n", html or "")
    return [block.strip() for block in marked.split("\n") if block.strip()]


@dataclass
class DiffLine:
    """One block of the body: unchanged, removed, added, or changed with its words marked."""

    kind: str  # "equal", "delete", "insert" or "replace"
    segments: list = field(default_factory=list)  # [(kind, text)], kind as above


def _word_segments(old, new):
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    segments = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("equal", "".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("delete", "".join(old_words[i1:i2])))
        if j2 > j1:
            segments.append(("insert", "".join(new_words[j1:j2])))
    return segments


def body_diff(old, new):
    """The body's changes from ``old`` to ``new`` (HTML source), block by block."""
    old_blocks, new_blocks = _blocks(old), _blocks(new)
    lines = []
    matcher = difflib.SequenceMatcher(a=old_blocks, b=new_blocks, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            lines += [DiffLine("equal", [("equal", block)]) for block in old_blocks[i1:i2]]
        elif op == "replace" and i2 - i1 == j2 - j1:
            lines += [
                DiffLine("replace", _word_segments(old_block, new_block))
                for old_block, new_block in zip(old_blocks[i1:i2], new_blocks[j1:j2], strict=True)
            ]
        else:
            lines += [DiffLine("delete", [("delete", block)]) for block in old_blocks[i1:i2]]
            lines += [DiffLine("insert", [("insert", block)]) for block in new_blocks[j1:j2]]
    return lines


def _display(name, value, names):
    if name in ("category_id", "author_id"):
        return names.get((name, value), "—") if value else "—"
    if name == "coauthors":
        return ", ".join(names.get(("author_id", pk), "—") for pk in value or []) or "—"
    if name == "status":
        return Article.Status(value).label if value in Article.Status.values else value
    if name == "published_at":
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else "—"
    if name == "comments_open":
        return _("yes") if value else _("no")
    return value or "—"


def _names_for(*field_dicts):
    user_ids, category_ids = set(), set()
    for fields in field_dicts:
        user_ids.add(fields.get("author_id"))
        user_ids.update(fields.get("coauthors") or [])
        category_ids.add(fields.get("category_id"))
    names = {
        ("author_id", user.pk): editor_name(user)
        for user in get_user_model()
        .objects.filter(pk__in=user_ids - {None})
        .select_related("author_profile")
    }
    names |= {
        ("category_id", pk): name
        for pk, name in Category.objects.filter(pk__in=category_ids - {None}).values_list(
            "pk", "name"
        )
    }
    return names


def compare_versions(old, new):
    """What changed from version ``old`` to version ``new``: fields, then the body."""
    old_fields, new_fields = old.field_dict, new.field_dict
    names = _names_for(old_fields, new_fields)
    changes = []
    for name, label in COMPARED_FIELDS:
        before, after = old_fields.get(name), new_fields.get(name)
        if name == "coauthors":
            before, after = sorted(before or []), sorted(after or [])
        if before != after:
            changes.append(
                {
                    "label": label,
                    "before": _display(name, before, names),
                    "after": _display(name, after, names),
                }
            )
    return {
        "changes": changes,
        "body": body_diff(old_fields.get("body", ""), new_fields.get("body", "")),
        "body_changed": old_fields.get("body") != new_fields.get("body"),
    }
