"""Template tags that bring comments into the article pages, as django-contrib-comments does.

``articles`` knows nothing of comments: its templates load these tags.

* ``{% get_comment_section article as section %}``: the comment section of the
  article for this request (``comments.selectors.comment_section``), so that the
  article's header can show ``section.count`` before the section is rendered.
* ``{% render_comment_section section %}``: the section (``comments/section.html``).
* ``{% comment_thread section %}``: the page of comments (``comments/thread.html``),
  kept in the cache as rendered HTML until the article or its comments change
  (``newsroom.pagecache.article_data``), per page, language and open state. A
  reader whose own pending comments are in the thread gets it rendered for them.
  When the thread is rendered, each comment's markup that a render made before
  for the same values is reused (``{% comment_fragment %}``,
  ``newsroom.fragments``): the first render after a change renders only the
  comments it changed.
* ``{% get_comment_blank_form section as blank %}``: the blank form's markup on a
  shared page, rendered once per language and process.
* ``{% get_comment_counts articles as counts %}`` and ``counts|comment_count_of:article``:
  the approved comment counts of a page of articles, in one query.

And filters for what a comment shows: ``initials``, ``avatar_variant``, ``http_url``;
for the admin's moderation history: ``history_note``.
"""

import re
import unicodedata
import zlib

from django import template
from django.conf import settings
from django.core.cache import caches
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from articles.context_processors import content_language
from comments import text
from comments.models import Comment
from comments.review import history_note_text
from comments.selectors import comment_section, walk
from comments.text import BLANK_LETTERS
from newsroom.fragments import FRAGMENT_CACHE, FragmentBatch, FragmentKeys
from newsroom.pagecache import article_data
from newsroom.templatetags.fragment_tags import FragmentNode, quoted_name

register = template.Library()

AVATAR_VARIANTS = 8


# An aside in brackets is not part of the name: "Claire Dumas (rédaction)".
BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")


def _first_letter(word):
    for char in word:
        if char.isalpha() and char not in BLANK_LETTERS:
            return char
    return ""


@register.filter
def initials(name):
    """The first letters of the name's first and last words, letters only: "CD" for
    "Claire Dumas (rédaction)"; "?" when the name has no letter. No e-mail hash."""
    name = unicodedata.normalize("NFKC", str(name))
    letters = []
    for candidate in (BRACKETED.sub(" ", name), name):
        letters = [letter for word in candidate.split() if (letter := _first_letter(word))]
        if letters:
            break
    if not letters:
        return "?"
    picked = letters[0] + (letters[-1] if len(letters) > 1 else "")
    return picked.upper()


@register.filter
def avatar_variant(name):
    """A stable colour slot (0-7) for the name, so one author keeps one colour."""
    return zlib.crc32(str(name).casefold().encode()) % AVATAR_VARIANTS


# The website shown as a link only when it is an http(s) URL.
register.filter("http_url", text.http_url)


@register.simple_tag(takes_context=True)
def get_comment_section(context, article):
    """The comment section of ``article`` for the request being rendered."""
    return comment_section(context["request"], article)


@register.inclusion_tag("comments/section.html", takes_context=True)
def render_comment_section(context, section):
    # An inclusion tag renders in a context of its own: pass on what the
    # section's templates use from the page's (the CSRF token of the form).
    return {
        "section": section,
        "article": section.article,
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }


class CommentFragments(FragmentBatch):
    """The rendered comments of one thread (``{% comment_fragment %}``), by what they show.

    A comment's key is made of every value of its node (``CommentNode.shown_values``)
    and every value the thread's template gets besides the comments (``around``),
    so nothing the markup can read is left out of it. ``shown`` names the
    comments each fragment of the template shows (``{"thread": [...]}``): their
    keys are made once and looked up together (``fetch_comments``).
    """

    def __init__(self, around, shown):
        super().__init__()
        self._around = [item for name_value in sorted(around.items()) for item in name_value]
        # One per fragment name: the thread's own values are hashed once for all its comments.
        self._key_makers = {}
        self._keys = {
            (name, comment.pk): self._key(name, comment)
            for name, comments in shown.items()
            for comment in comments
        }

    def _key_maker(self, name):
        if name not in self._key_makers:
            self._key_makers[name] = FragmentKeys(f"comment-{name}", self._around)
        return self._key_makers[name]

    def _key(self, name, comment):
        return self._key_maker(name).key(comment.shown_values())

    def key_for(self, name, comment):
        key = self._keys.get((name, comment.pk))
        return key if key is not None else self._key(name, comment)

    def fetch_comments(self):
        self.fetch(self._keys.values())

    def thread_key(self, nodes, featured):
        """The key of the whole page of comments: what is around them, and each
        comment's key in its place (its replies nested under it)."""

        def places(nodes):
            return [[self.key_for("thread", node), places(node.children)] for node in nodes]

        picks = [self.key_for("featured", comment) for comment in featured]
        return self._key_maker("page").key([places(nodes), picks])


def _render_thread(section):
    around = {
        # Comments are French content: marked lang="fr" on the English pages.
        "content_lang": content_language(),
        # The reply button keeps the reader on this page of comments.
        "reply_action": reverse("comments:form_fresh", kwargs={"slug": section.article.slug}),
        "page_number": section.page.number,
        "comments_are_open": section.is_open,
    }
    # Editors' picks head the first page of comments.
    fragments = CommentFragments(
        around, {"featured": section.featured, "thread": list(walk(section.nodes))}
    )
    if section.thread.has_pending:
        # A reader's own pending comments: their page of comments is not kept whole.
        return _render_comments(section, around, fragments)
    # A change elsewhere on the site (an article saved) drops the thread kept under
    # the article's tokens, not its comments: the same comments in the same places
    # are then taken whole, by what they show, as each comment is.
    thread_key = fragments.thread_key(section.nodes, section.featured)
    kept = caches[FRAGMENT_CACHE]
    html = kept.get(thread_key)
    if html is None:
        html = _render_comments(section, around, fragments)
        kept.set(thread_key, html)
    return html


def _render_comments(section, around, fragments):
    fragments.fetch_comments()
    context = {
        **around,
        "nodes": section.nodes,
        "featured": section.featured,
        "comment_fragments": fragments,
    }
    html = render_to_string("comments/thread.html", context)
    fragments.save()
    return html


class CommentFragmentNode(FragmentNode):
    """One comment's markup, from the ``CommentFragments`` of the thread being rendered."""

    def store(self, context):
        return context.get("comment_fragments")

    def key(self, context, store):
        return store.key_for(self.name, self.vary_on[0].resolve(context))


@register.tag
def comment_fragment(parser, token):
    """``{% comment_fragment "name" comment %}…{% endcomment_fragment %}`` in the thread.

    The enclosed markup of one comment, taken from the thread's ``CommentFragments``
    when a render showed the same comment the same way before. It may read the
    comment and the thread's own variables (its key covers them all), and must
    not set a variable that the rest of the thread reads.
    """
    bits = token.split_contents()
    name = quoted_name(bits, usage="a quoted name and a comment")
    if len(bits) != 3:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes a quoted name and a comment")
    nodelist = parser.parse(("endcomment_fragment",))
    parser.delete_first_token()
    return CommentFragmentNode(nodelist, name, [parser.compile_filter(bits[2])])


@register.simple_tag
def comment_thread(section):
    """The page of comments as HTML, from the fragment cache when it holds it."""
    if section.thread.has_pending:
        return _render_thread(section)
    # What the HTML depends on besides the comments (the article's tokens cover those).
    page, language, is_open = section.page.number, translation.get_language(), section.is_open
    name = f"comment-thread:{page}:{language}:{int(is_open)}"
    html = article_data(
        section.article.slug,
        name,
        lambda: _render_thread(section),
        timeout=settings.SITE_DATA_SECONDS,
    )
    # Rendered by the template engine, which escaped it (a string again once cached).
    return mark_safe(html)  # noqa: S308


BLANK_FORM_PARTS = ("parent", "fields", "honeypot")
# {language: {part: html}}. The blank form's markup depends on the code and the
# language only (no article, reader, token or captcha): it is rendered once per
# language and process, and a deployment, which changes the code, starts afresh.
_blank_forms = {}


@register.simple_tag
def get_comment_blank_form(section):
    """The blank form's parts on a shared page, the same for every article and reader.

    Rendered from ``comments/form.html``'s own partials; the form itself is built
    only the first time (its fields' deep copies and signed token were a tenth
    of the page).
    """
    language = translation.get_language()
    parts = _blank_forms.get(language)
    if parts is None:
        form = section.blank_form()
        parts = _blank_forms[language] = {
            part: render_to_string(f"comments/form.html#{part}", {"form": form})
            for part in BLANK_FORM_PARTS
        }
    return parts


@register.simple_tag
def get_comment_counts(articles):
    """``{article pk: approved comment count}`` for these articles, in one query."""
    pks = [article.pk for article in articles]
    if not pks:
        return {}
    return dict(
        Comment.objects.approved()
        .filter(article__in=pks)
        .order_by()
        .values_list("article")
        .annotate(total=Count("pk"))
    )


@register.filter
def comment_count_of(counts, article):
    """The article's count in a ``get_comment_counts`` result (0 when it has none).

    A listing that forgot ``get_comment_counts`` fails loudly rather than show
    every article with no comment.
    """
    if not isinstance(counts, dict):
        raise template.TemplateSyntaxError(
            "comment_count_of needs the result of {% get_comment_counts articles as ... %}"
        )
    return counts.get(article.pk, 0)


@register.filter
def history_note(note):
    """A moderation history row's note in words ("too_fast" → the rule's label)."""
    return history_note_text(note or "")
