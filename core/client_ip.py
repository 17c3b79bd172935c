"""The client's IP address for django-axes, trusting a proxy's header only when told to.

Reads the settings django-axes documents for django-ipware (which is not installed):

- ``AXES_IPWARE_META_PRECEDENCE_ORDER``: the request.META keys to look at, in order.
  Default ``("REMOTE_ADDR",)``: forwarded headers are ignored.
- ``AXES_IPWARE_PROXY_COUNT``: how many proxies of ours stand in front of Django.
  Default 0: no forwarded header is believed, whatever the order says.

Each of our proxies appends the address it saw to X-Forwarded-For, so with N proxies the
client is the N-th address from the right; anything further left was written by the
client and could be forged. A header with fewer than N addresses is skipped.
"""

import ipaddress

from django.conf import settings


def _valid(value):
    value = (value or "").strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip_address(request):
    proxy_count = int(getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0)
    order = getattr(settings, "AXES_IPWARE_META_PRECEDENCE_ORDER", ("REMOTE_ADDR",))
    for key in order:
        if key == "REMOTE_ADDR":
            address = _valid(request.META.get("REMOTE_ADDR"))
        elif proxy_count > 0:
            addresses = [part for part in request.META.get(key, "").split(",") if part.strip()]
            address = _valid(addresses[-proxy_count]) if len(addresses) >= proxy_count else None
        else:
            continue
        if address:
            return address
    return request.META.get("REMOTE_ADDR")
