"""The client's address, read in a way a client cannot forge.

Behind the reverse proxy the README recommends, every request comes from the proxy's
address; the proxy appends the real client's address to ``X-Forwarded-For``. Anyone can send
that header too, so it is believed only when the request comes from a proxy listed in
``PILOTE_TRUSTED_PROXIES``, and then read from the right: the first address that is not one of
our proxies is the client (what a client wrote itself stands to the left and is ignored).
The same rule as Werkzeug's ``ProxyFix`` or Rails' trusted proxies. The journal's address
column and the login limits (django-axes, per address) all read this function.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def is_trusted_proxy(address) -> bool:
    networks = _networks(tuple(getattr(settings, "PILOTE_TRUSTED_PROXIES", ())))
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request) -> str | None:
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    if remote is None or not is_trusted_proxy(remote):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for candidate in reversed([part.strip() for part in forwarded.split(",")]):
        try:
            address = ipaddress.ip_address(candidate)
        except ValueError:
            break  # not an address: nothing further left can be believed
        if not is_trusted_proxy(address):
            return str(address)
    return remote
