"""``{% fragment %}``: a part of a page kept rendered, in each process, under what it shows.

    {% load fragment_tags %}
    {% fragment "footer" site_name year %} … {% endfragment %}

The enclosed template is rendered the first time and kept in the ``fragments``
cache under ``newsroom.fragments.fragment_key``: the fragment's name, the
values named after it, and always the active language and time zone, which a
template cannot forget. Nothing drops these entries: other values make
another key. So the values must be *every* variable the enclosed markup reads
(lists and dicts of plain values, such as the header's menu, count as one);
anything from the request (a CSRF token, a form with a reader's data) does not
belong inside. Django's own ``{% cache %}`` keys on the values alone, which is
how a first version of the comment form served French to English readers.

Pages stay with ``newsroom.pagecache``: a fragment here is for markup that many
pages share (the header, the footer, the blank comment form).
"""

from django import template
from django.core.cache import caches
from django.utils.safestring import mark_safe

from newsroom.fragments import FRAGMENT_CACHE, fragment_key

register = template.Library()


def quoted_name(bits, *, usage):
    """The quoted fragment name that follows the tag's own name in ``bits``, unquoted."""
    name = bits[1] if len(bits) > 1 else ""
    if not (len(name) > 1 and name[0] == name[-1] and name[0] in "\"'"):
        raise template.TemplateSyntaxError(f"'{bits[0]}' takes {usage}")
    return name[1:-1]


class FragmentNode(template.Node):
    """Its content rendered once per key, then taken from a store with ``get`` and ``set``.

    Here the key is the name and values of ``{% fragment %}`` and the store is
    the ``fragments`` cache; ``{% comment_fragment %}`` takes both from the
    comment thread being rendered.
    """

    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def store(self, context):
        return caches[FRAGMENT_CACHE]

    def key(self, context, store):
        return fragment_key(self.name, [value.resolve(context) for value in self.vary_on])

    def render(self, context):
        store = self.store(context)
        if store is None:
            return self.nodelist.render(context)
        key = self.key(context, store)
        html = store.get(key)
        if html is None:
            html = self.nodelist.render(context)
            store.set(key, html)
        # Rendered by the template engine, which escaped it (a string again once cached).
        return mark_safe(html)  # noqa: S308


@register.tag
def fragment(parser, token):
    """``{% fragment "name" [value ...] %}…{% endfragment %}``."""
    bits = token.split_contents()
    name = quoted_name(bits, usage="a quoted name and the values the fragment shows")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]])
