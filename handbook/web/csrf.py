"""CSRF defence on every POST: a SameSite=Strict cookie, the same token in the form, and the Origin check.

With `Referrer-Policy: no-referrer` browsers send `Origin: null` on same-origin form posts, so a null or
missing Origin is accepted only when the browser's Sec-Fetch-Site (if sent) says the post is same-origin.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

COOKIE = "handbook_csrf"
FIELD = "csrf_token"


def token_for(request: Request) -> str:
    """The visitor's token: the one in their cookie, or a fresh one (set by `remember`)."""
    current = request.cookies.get(COOKIE, "")
    return current if 20 <= len(current) <= 100 else secrets.token_urlsafe(32)


def remember(request: Request, response: Response, token: str) -> None:
    """Secure when served over HTTPS (behind a TLS proxy that sends X-Forwarded-Proto)."""
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/",
                        secure=request.url.scheme == "https")


def same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin and origin != "null":
        parts = urlsplit(origin)
        return parts.netloc.lower() == request.headers.get("host", "").lower() and parts.scheme in ("http", "https")
    return request.headers.get("sec-fetch-site", "same-origin") in ("same-origin", "none")


def valid(request: Request, submitted: object) -> bool:
    cookie = request.cookies.get(COOKIE, "")
    return (
        isinstance(submitted, str)
        and bool(cookie)
        and hmac.compare_digest(cookie.encode(), submitted.encode())
        and same_origin(request)
    )
