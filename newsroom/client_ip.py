"""The client's IP address, for rate limits and moderation.

Behind ``TRUSTED_PROXY_COUNT`` reverse proxies, each appends the address it saw
to X-Forwarded-For, so the client is the entry that many places from the right;
anything further left was written by the client and proves nothing. With no
trusted proxy, REMOTE_ADDR is the client and X-Forwarded-For is ignored.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The address of whoever opened the connection to our outermost trusted proxy."""
    address = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= count:
            address = hops[-count]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
