"""Signed bearer tokens (HMAC-SHA256, JWT-like) and request authentication."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import time
from dataclasses import dataclass


class AuthError(Exception):
    """The request carries a token, but it is not acceptable."""


@dataclass(frozen=True)
class Identity:
    user: str
    authenticated: bool = True


ANONYMOUS = Identity(user="anonymous", authenticated=False)


def default_secret() -> str:
    return os.environ.get("JWT_SECRET", "default")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(payload: str, secret: str) -> str:
    return _b64(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest())


def issue_token(user: str, secret: str, ttl: int = 3600, now: float | None = None) -> str:
    issued = int(time.time() if now is None else now)
    payload = _b64(json.dumps({"sub": user, "exp": issued + ttl}, sort_keys=True).encode())
    return f"{payload}.{_sign(payload, secret)}"


def verify_token(token: str, secret: str, now: float | None = None) -> dict:
    payload, dot, signature = token.partition(".")
    if not dot or not hmac.compare_digest(signature, _sign(payload, secret)):
        raise AuthError("bad token signature")
    claims = json.loads(_unb64(payload))
    if claims["exp"] < (time.time() if now is None else now):
        raise AuthError("token expired")
    return claims


def authenticate(request, secret: str | None = None) -> Identity:
    """The caller's identity from ``Authorization: Bearer <token>``; anonymous without one."""
    header = request.headers.get("Authorization")
    if not header:
        return ANONYMOUS
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise AuthError("expected a bearer token")
    claims = verify_token(token.strip(), secret or default_secret())
    return Identity(user=claims["sub"])
