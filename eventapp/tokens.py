"""Unguessable tokens for private links, badges and invitations."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# 24 random bytes: 192 bits, 32 URL-safe characters. No personal data, no sequence.
TOKEN_BYTES = 24


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What is stored for secrets that are shown only once (invitations)."""
    return hashlib.sha256(token.encode()).hexdigest()


def same_token(a: str, b: str) -> bool:
    """Compare secrets in constant time."""
    return hmac.compare_digest(a.encode(), b.encode())


def looks_like_token(value: str) -> bool:
    """Cheap shape check before touching the database: right length, URL-safe alphabet."""
    return len(value) == 32 and all(c.isalnum() or c in "-_" for c in value)
