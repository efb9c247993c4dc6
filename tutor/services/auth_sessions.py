"""Sign-ins that survive a reload, a closed tab or a browser restart (DESIGN.md).

On sign-in the browser gets an opaque random token (secrets.token_urlsafe) in a cookie; the
database keeps only its SHA-256 hash. Nothing guessable (email, role) is in the cookie. Tokens
expire after 14 days without use (renewed on use), and are revoked on sign-out and on a
password change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tutor.db.models import AuthSession, User
from tutor.services.accounts import UserInfo, _info
from tutor.services.clock import SYSTEM_CLOCK, Clock

COOKIE = "hapgyeok_session"
LIFETIME = dt.timedelta(days=14)
RENEW_AFTER = dt.timedelta(hours=1)  # do not write on every rerun


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create(s: Session, user_id: int, *, user_agent: str = "", clock: Clock = SYSTEM_CLOCK) -> str:
    """A new token for this browser; returned once, stored only as a hash."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    s.add(
        AuthSession(
            user_id=user_id,
            token_hash=_hash(token),
            created_at=now,
            expires_at=now + LIFETIME,
            last_seen_at=now,
            user_agent=user_agent[:300],
        )
    )
    return token


def resume(s: Session, token: str | None, *, clock: Clock = SYSTEM_CLOCK) -> UserInfo | None:
    """The user behind a cookie's token, or None (unknown, expired, revoked, disabled)."""
    if not token or len(token) > 200:
        return None
    row = s.scalar(select(AuthSession).where(AuthSession.token_hash == _hash(token)))
    now = clock.now()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    user = s.get(User, row.user_id)
    if user is None or user.disabled:
        return None
    if now - row.last_seen_at >= RENEW_AFTER:
        row.last_seen_at = now
        row.expires_at = now + LIFETIME
    return _info(user)


def revoke(s: Session, token: str | None, *, clock: Clock = SYSTEM_CLOCK) -> None:
    if token:
        s.execute(
            update(AuthSession)
            .where(AuthSession.token_hash == _hash(token), AuthSession.revoked_at.is_(None))
            .values(revoked_at=clock.now())
        )


def revoke_all(s: Session, user_id: int, *, clock: Clock = SYSTEM_CLOCK) -> int:
    result = s.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=clock.now())
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
