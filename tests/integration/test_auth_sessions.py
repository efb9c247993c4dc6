"""Sign-ins that survive reloads: opaque tokens, only hashes stored, expiry, revocation."""

import datetime as dt

from sqlalchemy import select

from tutor.bootstrap import AppContext
from tutor.db.models import AuthSession
from tutor.services import accounts, auth_sessions
from tutor.services.clock import FixedClock

T0 = dt.datetime(2026, 4, 1, tzinfo=dt.UTC)


def _user(db: AppContext) -> int:
    with db.uow() as s:
        return accounts.sign_up(s, "c@example.com", "쿠키", "password-1").id


def test_token_resumes_and_only_its_hash_is_stored(db: AppContext) -> None:
    uid = _user(db)
    with db.uow() as s:
        token = auth_sessions.create(s, uid, user_agent="Chromium", clock=FixedClock(T0))
    with db.uow() as s:
        row = s.scalars(select(AuthSession)).one()
        assert row.token_hash != token and token not in row.token_hash and len(token) >= 40
        info = auth_sessions.resume(s, token, clock=FixedClock(T0 + dt.timedelta(days=3)))
        assert info is not None and info.id == uid
        assert auth_sessions.resume(s, token + "x") is None
        assert auth_sessions.resume(s, None) is None


def test_sliding_expiry(db: AppContext) -> None:
    uid = _user(db)
    with db.uow() as s:
        token = auth_sessions.create(s, uid, clock=FixedClock(T0))
    with db.uow() as s:  # used after 10 days: renewed for 14 more
        assert auth_sessions.resume(s, token, clock=FixedClock(T0 + dt.timedelta(days=10)))
    with db.uow() as s:
        assert auth_sessions.resume(s, token, clock=FixedClock(T0 + dt.timedelta(days=23)))
    with db.uow() as s:  # unused for more than 14 days: gone
        assert auth_sessions.resume(s, token, clock=FixedClock(T0 + dt.timedelta(days=38))) is None


def test_sign_out_password_change_and_disable_end_it(db: AppContext) -> None:
    uid = _user(db)
    with db.uow() as s:
        a = auth_sessions.create(s, uid)
        b = auth_sessions.create(s, uid)
        c = auth_sessions.create(s, uid)
    with db.uow() as s:
        auth_sessions.revoke(s, a)
    with db.uow() as s:
        assert auth_sessions.resume(s, a) is None and auth_sessions.resume(s, b) is not None
        accounts.change_password(s, uid, "password-1", "password-2")
    with db.uow() as s:
        assert auth_sessions.resume(s, b) is None and auth_sessions.resume(s, c) is None
        d = auth_sessions.create(s, uid)
        admin = accounts.create_user(s, "a@example.com", "password-1", "admin", actor_id=None)
        accounts.set_disabled(s, admin.id, uid, True)
    with db.uow() as s:
        assert auth_sessions.resume(s, d) is None
