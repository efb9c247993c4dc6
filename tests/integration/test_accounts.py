import datetime as dt

import pytest
from sqlalchemy import select

from tutor.bootstrap import AppContext
from tutor.db.models import AuditLog, User
from tutor.services import accounts
from tutor.services.clock import FixedClock
from tutor.services.errors import AuthError, Conflict, InvalidInput, PermissionDenied

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def _learner(db: AppContext, email: str = "kim@example.com", pw: str = "correct-horse") -> int:
    with db.uow() as s:
        return accounts.sign_up(s, email, "김수험", pw).id


def test_sign_up_then_sign_in(db: AppContext) -> None:
    uid = _learner(db, "Kim@Example.com")
    with db.uow() as s:
        info = accounts.sign_in(s, "  KIM@example.com ", "correct-horse")
        assert info.id == uid and info.role == "learner" and info.email == "kim@example.com"
        stored = s.get(User, uid)
        assert stored is not None and stored.password_hash.startswith("$argon2id$")


def test_duplicate_email_and_policy(db: AppContext) -> None:
    _learner(db)
    with pytest.raises(Conflict, match="이미 가입된"), db.uow() as s:
        accounts.sign_up(s, "kim@example.com", "또", "another-pass")
    with pytest.raises(InvalidInput, match="8자 이상"), db.uow() as s:
        accounts.sign_up(s, "lee@example.com", "이", "short")
    with pytest.raises(InvalidInput, match="이메일"), db.uow() as s:
        accounts.sign_up(s, "not-an-email", "이", "long-enough-pw")


def test_wrong_password_and_unknown_email_say_the_same(db: AppContext) -> None:
    _learner(db)
    msgs = []
    for email in ("kim@example.com", "nobody@example.com"):
        with pytest.raises(AuthError) as e, db.uow() as s:
            accounts.sign_in(s, email, "wrong-password")
        msgs.append(e.value.message)
    assert msgs[0] == msgs[1] == "이메일 또는 비밀번호가 맞지 않습니다"


def test_five_failures_lock_for_fifteen_minutes(db: AppContext) -> None:
    uid = _learner(db)
    clock = FixedClock(T0)
    for i in range(5):
        with pytest.raises(AuthError) as e, db.uow() as s:
            accounts.sign_in(s, "kim@example.com", f"wrong-{i}", clock=clock)
    assert e.value.code == "locked"
    clock.advance(minutes=14)
    with pytest.raises(AuthError) as e, db.uow() as s:  # even the right password is refused
        accounts.sign_in(s, "kim@example.com", "correct-horse", clock=clock)
    assert e.value.code == "locked" and "분 뒤" in e.value.message
    clock.advance(minutes=1, seconds=1)
    with db.uow() as s:
        assert accounts.sign_in(s, "kim@example.com", "correct-horse", clock=clock).id == uid
    with db.uow() as s:
        actions = s.scalars(select(AuditLog.action)).all()
    assert "user.locked" in actions


def test_success_resets_the_failure_count(db: AppContext) -> None:
    _learner(db)
    clock = FixedClock(T0)
    for _ in range(4):
        with pytest.raises(AuthError), db.uow() as s:
            accounts.sign_in(s, "kim@example.com", "nope-nope", clock=clock)
    with db.uow() as s:
        accounts.sign_in(s, "kim@example.com", "correct-horse", clock=clock)
    with pytest.raises(AuthError) as e, db.uow() as s:
        accounts.sign_in(s, "kim@example.com", "nope-nope", clock=clock)
    assert e.value.code == "bad_credentials"


def test_change_password(db: AppContext) -> None:
    uid = _learner(db)
    with pytest.raises(AuthError), db.uow() as s:
        accounts.change_password(s, uid, "not-it", "brand-new-pass")
    with db.uow() as s:
        accounts.change_password(s, uid, "correct-horse", "brand-new-pass")
    with pytest.raises(AuthError), db.uow() as s:
        accounts.sign_in(s, "kim@example.com", "correct-horse")
    with db.uow() as s:
        assert accounts.sign_in(s, "kim@example.com", "brand-new-pass").id == uid


def test_roles_are_checked_by_the_services(db: AppContext) -> None:
    uid = _learner(db)
    with pytest.raises(PermissionDenied), db.uow() as s:
        accounts.list_users(s, uid)
    with pytest.raises(PermissionDenied), db.uow() as s:
        accounts.create_user(s, "x@example.com", "password-1", "admin", actor_id=uid)
    with pytest.raises(PermissionDenied), db.uow() as s:
        accounts.set_role(s, uid, uid, "admin")


def test_first_admin_only_once_and_last_admin_protected(db: AppContext) -> None:
    with db.uow() as s:
        assert not accounts.has_admin(s)
        admin = accounts.create_first_admin(s, "boss@example.com", "관리자", "admin-pass-1")
    with pytest.raises(PermissionDenied), db.uow() as s:
        accounts.create_first_admin(s, "evil@example.com", "x", "admin-pass-2")
    with pytest.raises(Conflict, match="마지막 관리자"), db.uow() as s:
        accounts.set_role(s, admin.id, admin.id, "learner")
    uid = _learner(db)
    with db.uow() as s:
        assert accounts.set_role(s, admin.id, uid, "instructor").role == "instructor"
        assert len(accounts.list_users(s, admin.id)) == 2


def test_disabled_user_cannot_sign_in_or_act(db: AppContext) -> None:
    with db.uow() as s:
        admin = accounts.create_user(s, "a@example.com", "admin-pass-1", "admin", actor_id=None)
    uid = _learner(db)
    with db.uow() as s:
        accounts.set_disabled(s, admin.id, uid, True)
    with pytest.raises(AuthError, match="중지"), db.uow() as s:
        accounts.sign_in(s, "kim@example.com", "correct-horse")
    with pytest.raises(PermissionDenied), db.uow() as s:
        accounts.get_user(s, uid)
    with db.uow() as s:
        accounts.set_disabled(s, admin.id, uid, False)
        accounts.unlock(s, admin.id, uid)
        assert accounts.get_user(s, uid).disabled is False
