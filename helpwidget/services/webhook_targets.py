"""Where alert webhooks may go: public http(s) hosts, never this server's own network.

A site admin types the webhook URL; without this check the server would POST for them to its
loopback, the private network or the cloud metadata service (server-side request forgery).
The check runs when the URL is saved and again before each call, on every address the host
resolves to then, so a name that later resolves inward (DNS rebinding) is still refused.
"""
import ipaddress
import socket
from urllib.parse import urlsplit

from flask import current_app, has_app_context

# Cloud metadata services answer on these addresses (AWS also on its IPv6 one).
METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}


class UnsafeTarget(ValueError):
    """A webhook URL this server refuses to call."""


def check_target(url):
    """Return the URL if it is http(s) to a public host (or an allowed one); else raise."""
    vetted_address(url)
    return url


def vetted_address(url):
    """Return the address to connect to for `url` (None for an allowed host), or raise.

    The caller connects to this very address: resolving the name a second time could give
    another answer (DNS rebinding) between the check and the connection.
    """
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeTarget("not an http(s) URL")
    host = parts.hostname.lower().rstrip(".")
    if host in _allowed_hosts():
        return None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError, UnicodeError) as exc:
        raise UnsafeTarget(f"{host} does not resolve") from exc
    for *_rest, address in found:
        if not _public(address[0]):
            raise UnsafeTarget(f"{host} resolves to a non-public address")
    if not found:
        raise UnsafeTarget(f"{host} does not resolve")
    return found[0][4][0]


def _public(text):
    """Tell whether an address is a public unicast one."""
    address = ipaddress.ip_address(text.split("%")[0])
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped
    return not (address in METADATA or address.is_loopback or address.is_private
                or address.is_link_local or address.is_reserved or address.is_multicast
                or address.is_unspecified or not address.is_global)


def _allowed_hosts():
    """Return the hosts the server's config lets webhooks reach whatever they resolve to."""
    if not has_app_context():
        return set()
    return {str(h).lower().rstrip(".") for h in
            current_app.config.get("ALERT_WEBHOOK_ALLOWED_HOSTS") or []}
