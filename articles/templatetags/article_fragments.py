"""``{% article_fragment %}``: part of an article page kept rendered until the page would change.

    {% load article_fragments %}
    {% article_fragment article "main" canonical_url %} … {% endarticle_fragment %}

The enclosed template is rendered as usual the first time, and its output kept
in the cache through ``newsroom.pagecache.article_data``: under the article,
the fragment's name, the active language and the values named after it (here
the canonical URL, which carries the host), together with the article's change
tokens (``site`` and ``article:<slug>``). Whatever drops the article's cached
page (an edit anywhere on the site, a moderator's decision on its comments, the
next scheduled article coming out: ``articles.invalidation``) drops the
fragment too; there is no deletion of its own to forget. It works with the
page cache off, and a page cached whole never reaches it.

What goes inside must be the same for every reader of the article in that
language: nothing from the request or the session, no CSRF token, no form; and
it must not set a variable that the rest of the page reads (a stored copy is
not rendered, so it sets nothing). A preview (an article readers cannot see
yet) is rendered every time, never stored.
"""

from django import template
from django.conf import settings
from django.core.cache.utils import make_template_fragment_key
from django.utils import translation
from django.utils.safestring import mark_safe

from newsroom.pagecache import article_data
from newsroom.templatetags.fragment_tags import quoted_name

register = template.Library()


class ArticleFragmentNode(template.Node):
    def __init__(self, nodelist, article, name, vary_on):
        self.nodelist = nodelist
        self.article = article
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        article = self.article.resolve(context)
        if not article.is_public:
            return self.nodelist.render(context)
        # Django's own {% cache %} key for the name and values, per language.
        key = make_template_fragment_key(
            f"{self.name}:{translation.get_language()}",
            [value.resolve(context) for value in self.vary_on],
        )
        html = article_data(
            article.slug,
            key,
            lambda: self.nodelist.render(context),
            timeout=settings.SITE_DATA_SECONDS,
        )
        # Rendered by the template engine, which escaped it (a string again once cached).
        return mark_safe(html)  # noqa: S308


@register.tag
def article_fragment(parser, token):
    """``{% article_fragment article "name" [value ...] %}…{% endarticle_fragment %}``."""
    bits = token.split_contents()
    usage = "an article, a quoted name and the values the fragment varies on"
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes {usage}")
    name = quoted_name([bits[0], *bits[2:]], usage=usage)
    nodelist = parser.parse(("endarticle_fragment",))
    parser.delete_first_token()
    return ArticleFragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        name,
        [parser.compile_filter(bit) for bit in bits[3:]],
    )
