"""Page numbers in public URLs: one URL per page, so no one can fill the cache with copies.

``?page=N`` names page N when N is written plainly (no leading zero, no sign,
no spaces) and N > 1: page 1 is the URL without ``page``. So:

* ``?page=1`` and zero-padded numbers (``?page=0002``) are the same page under
  another URL: they are redirected (301) to the canonical one
  (``canonical_page_location``);
* anything else (``abc``, ``0``, ``last``, ``2.0``, a repeated ``page``) and a
  number past the last page is 404 (``page_number`` here, the paginator for
  the range), and a 404 is never stored in the page cache.

Every paginated public page (listings, search, an article's comment pages)
follows these rules: ``newsroom.pagecache.cache_public_page(paginated=True)``
redirects, the views call ``page_number``.
"""

import re

from django.http import Http404
from django.utils.translation import gettext as _

PAGE_PARAMETER = "page"
# Six digits: a million pages is more than any list here will have; a longer
# number is refused before it reaches int() or the paginator.
CANONICAL_PAGE = re.compile(r"[1-9][0-9]{0,5}")
PADDED_PAGE = re.compile(r"0*([1-9][0-9]{0,5})")


def page_number(query) -> int:
    """The page the query string asks for (1 without ``page``); Http404 when it names none.

    Only the canonical form is accepted here: the redirect of ``1`` and of
    zero-padded numbers happens before the view runs (``canonical_page_location``).
    """
    values = query.getlist(PAGE_PARAMETER)
    if not values:
        return 1
    if len(values) > 1 or not CANONICAL_PAGE.fullmatch(values[0]):
        raise Http404(_("No such page."))
    return int(values[0])


def canonical_page_location(path, query) -> str | None:
    """The canonical URL when ``page`` is ``1`` or zero-padded; None when there is nothing to fix.

    ``query`` (a QueryDict) keeps its other parameters in their order; page 1
    loses its ``page``.
    """
    values = query.getlist(PAGE_PARAMETER)
    if len(values) != 1:
        return None
    padded = PADDED_PAGE.fullmatch(values[0])
    if padded is None or values[0] == padded.group(1) != "1":
        return None
    canonical = query.copy()
    if padded.group(1) == "1":
        del canonical[PAGE_PARAMETER]
    else:
        canonical[PAGE_PARAMETER] = padded.group(1)
    encoded = canonical.urlencode()
    return path + (f"?{encoded}" if encoded else "")
