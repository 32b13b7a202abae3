"""Share links for an article: plain URLs to each network's own share page.

No third-party script, iframe or tracker is loaded; the reader's browser only
talks to a network when the reader follows its link. Every value is
percent-encoded here, never in templates.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ShareLink:
    network: str  # a stable identifier, also used as a CSS modifier
    label: str
    url: str
    opens_new_window: bool = True


def _query(**params):
    # quote (%20) rather than quote_plus (+): mail clients and some networks
    # show a literal "+" in the text they pre-fill.
    return urlencode(params, quote_via=quote)


def share_links(url, title):
    """The article's share links, in display order, for its absolute canonical ``url``."""
    return [
        ShareLink(
            "facebook", "Facebook", f"https://www.facebook.com/sharer/sharer.php?{_query(u=url)}"
        ),
        ShareLink("x", "X", f"https://x.com/intent/post?{_query(url=url, text=title)}"),
        ShareLink(
            "linkedin",
            "LinkedIn",
            f"https://www.linkedin.com/sharing/share-offsite/?{_query(url=url)}",
        ),
        ShareLink("whatsapp", "WhatsApp", f"https://wa.me/?{_query(text=f'{title} {url}')}"),
        ShareLink(
            "email",
            _("E-mail"),
            f"mailto:?{_query(subject=title, body=url)}",
            opens_new_window=False,
        ),
    ]
