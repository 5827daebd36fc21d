"""The outgoing-request guard: webhooks never reach private, loopback, link-local,
multicast or reserved addresses unless hub staff allowed that host (ADR 0010).

``check_url`` resolves the host and checks every address it resolves to. The caller
then connects to the checked address itself (``Target.ip``), so a DNS answer that
changes between the check and the connection (DNS rebinding) cannot slip through."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from partnerships.models import AllowedWebhookHost

SCHEMES = {"http": 80, "https": 443}


class BlockedUrl(Exception):
    """The URL may not be called; ``message`` says why, for a person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as written in the URL (for the Host header, SNI and certificate checks)
    port: int
    ip: str  # the checked address to connect to
    path: str  # path and query

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == SCHEMES[self.scheme] else f"{host}:{self.port}"


def is_public_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def host_is_allowed(host: str) -> bool:
    return AllowedWebhookHost.objects.filter(host__iexact=host.strip("[]").rstrip(".")).exists()


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise BlockedUrl(_("The host %(host)s could not be found.") % {"host": host}) from error
    addresses: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        address = sockaddr[0].split("%", 1)[0]  # drop an IPv6 zone id
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise BlockedUrl(_("The host %(host)s could not be found.") % {"host": host})
    return addresses


def check_url(url: str) -> Target:
    """Parse, resolve and check ``url``; raise ``BlockedUrl`` with a reason otherwise."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise BlockedUrl(_("Enter a valid URL.")) from error
    scheme, host = parts.scheme.lower(), (parts.hostname or "").rstrip(".")
    if scheme not in SCHEMES or not host:
        raise BlockedUrl(_("Enter a URL that starts with https://."))
    if parts.username or parts.password:
        raise BlockedUrl(_("Leave the user name and password out of the URL."))
    allowed = host_is_allowed(host)
    port = port or SCHEMES[scheme]
    addresses = _resolve(host, port)
    if not allowed:
        for address in addresses:
            if not is_public_address(ipaddress.ip_address(address)):
                raise BlockedUrl(
                    _(
                        "%(host)s leads to a private, local or reserved address (%(ip)s). "
                        "Webhooks only go to addresses on the public internet; ask hub staff "
                        "if this host must be allowed."
                    )
                    % {"host": host, "ip": address}
                )
        if scheme != "https":
            raise BlockedUrl(_("Use https:// so that the events are encrypted on the way."))
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(scheme=scheme, host=host, port=port, ip=addresses[0], path=path)
