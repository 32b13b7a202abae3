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


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        key = fragment_key(self.name, [value.resolve(context) for value in self.vary_on])
        store = caches[FRAGMENT_CACHE]
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
    if len(bits) < 2 or not (len(bits[1]) > 1 and bits[1][0] == bits[1][-1] in "\"'"):
        raise template.TemplateSyntaxError(
            f"'{bits[0]}' takes a quoted name and the values the fragment shows"
        )
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])
