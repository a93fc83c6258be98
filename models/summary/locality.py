"""Is an endpoint on this computer? Only loopback addresses and "localhost" count: anything else (a LAN address,
a host name, this machine's own public address) may send the transcript over a network."""
from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


def host_of(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def is_local(url: str) -> bool:
    host = host_of(url)
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def endpoint_key(url: str) -> str:
    """What a consent is remembered by: scheme, host and port (a different path on one server is the same server)."""
    parts = urlsplit(url.strip())
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.scheme.lower()}://{host_of(url)}:{port}"
