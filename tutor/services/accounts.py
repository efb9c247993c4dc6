"""Accounts: sign-up, sign-in with lockout, password change, roles.

Every service that acts for a user calls `authorize`, which reloads the user from SQL:
a page hidden in the menu is not protection, and a role changed a minute ago counts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tutor.db.models import User
from tutor.services import audit
from tutor.services.clock import SYSTEM_CLOCK, Clock
from tutor.services.errors import AuthError, Conflict, InvalidInput, NotFound, PermissionDenied

ROLES = ("learner", "instructor", "admin")
MAX_FAILED = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8
MAX_PASSWORD = 256
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

_hasher = PasswordHasher()  # argon2id with the library's recommended parameters
# Verified against when the email is unknown, so both paths cost the same time.
_DUMMY_HASH = _hasher.hash("timing-equaliser-not-a-password")


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: int
    email: str
    display_name: str
    role: str
    locale: str
    disabled: bool
    locked_until: dt.datetime | None
    created_at: dt.datetime


def _info(u: User) -> UserInfo:
    return UserInfo(
        id=u.id,
        email=u.email,
        display_name=u.display_name,
        role=u.role,
        locale=u.locale,
        disabled=u.disabled,
        locked_until=u.locked_until,
        created_at=u.created_at,
    )


def normalize_email(email: str) -> str:
    e = email.strip().lower()
    if len(e) > 254 or not EMAIL_RE.match(e):
        raise InvalidInput("이메일 주소 형식이 올바르지 않습니다", code="email")
    return e


def check_password_policy(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"비밀번호는 {MIN_PASSWORD}자 이상이어야 합니다", code="password")
    if len(password) > MAX_PASSWORD:
        raise InvalidInput(f"비밀번호는 {MAX_PASSWORD}자 이하여야 합니다", code="password")
    if password.strip() == "":
        raise InvalidInput("비밀번호가 공백뿐입니다", code="password")


def _clean_name(display_name: str) -> str:
    name = " ".join(display_name.split())
    if not 1 <= len(name) <= 40:
        raise InvalidInput("이름은 1~40자로 입력하세요", code="name")
    return name


def authorize(s: Session, user_id: int | None, *roles: str) -> User:
    """The acting user, reloaded; raises unless enabled and (if given) in `roles`."""
    if user_id is None:
        raise PermissionDenied("로그인이 필요합니다")
    user = s.get(User, user_id)
    if user is None or user.disabled:
        raise PermissionDenied("사용할 수 없는 계정입니다. 다시 로그인하세요")
    if roles and user.role not in roles:
        raise PermissionDenied("이 기능을 쓸 권한이 없습니다")
    return user


def has_admin(s: Session) -> bool:
    return s.scalar(select(func.count()).select_from(User).where(User.role == "admin")) != 0


def _insert_user(
    s: Session, email: str, display_name: str, password: str, role: str, clock: Clock
) -> User:
    if role not in ROLES:
        raise InvalidInput(f"역할은 {', '.join(ROLES)} 중 하나입니다", code="role")
    e = normalize_email(email)
    check_password_policy(password)
    name = _clean_name(display_name or e.split("@", 1)[0])
    if s.scalar(select(User.id).where(User.email == e)) is not None:
        raise Conflict("이미 가입된 이메일입니다", code="email_taken")
    user = User(
        email=e,
        display_name=name,
        password_hash=_hasher.hash(password),
        role=role,
        created_at=clock.now(),
        password_changed_at=clock.now(),
    )
    s.add(user)
    try:
        s.flush()
    except IntegrityError:
        raise Conflict("이미 가입된 이메일입니다", code="email_taken") from None
    return user


def sign_up(
    s: Session, email: str, display_name: str, password: str, *, clock: Clock = SYSTEM_CLOCK
) -> UserInfo:
    """A new learner account (self-service sign-up only ever makes learners)."""
    user = _insert_user(s, email, display_name, password, "learner", clock)
    audit.record(s, "user.sign_up", actor_id=user.id, target=user.email, at=clock.now())
    return _info(user)


def create_user(
    s: Session,
    email: str,
    password: str,
    role: str,
    *,
    display_name: str = "",
    actor_id: int | None,
    clock: Clock = SYSTEM_CLOCK,
) -> UserInfo:
    """Admin (or the operator's CLI, actor_id=None) creates an account with any role."""
    if actor_id is not None:
        authorize(s, actor_id, "admin")
    user = _insert_user(s, email, display_name, password, role, clock)
    audit.record(
        s,
        "user.create",
        actor_id=actor_id,
        target=user.email,
        detail={"role": role},
        at=clock.now(),
    )
    return _info(user)


def create_first_admin(
    s: Session, email: str, display_name: str, password: str, *, clock: Clock = SYSTEM_CLOCK
) -> UserInfo:
    """First-run screen: allowed only while no admin exists."""
    if has_admin(s):
        raise PermissionDenied("관리자 계정이 이미 있습니다. 로그인하세요")
    user = _insert_user(s, email, display_name, password, "admin", clock)
    audit.record(s, "user.first_admin", actor_id=user.id, target=user.email, at=clock.now())
    return _info(user)


def sign_in(s: Session, email: str, password: str, *, clock: Clock = SYSTEM_CLOCK) -> UserInfo:
    """Verify credentials. Failed attempts are committed even though we raise."""
    now = clock.now()
    try:
        e = normalize_email(email)
    except InvalidInput:
        raise AuthError("이메일 또는 비밀번호가 맞지 않습니다", code="bad_credentials") from None
    user = s.scalar(select(User).where(User.email == e))
    if user is None:
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY_HASH, password)
        raise AuthError("이메일 또는 비밀번호가 맞지 않습니다", code="bad_credentials")
    if user.disabled:
        raise AuthError("사용이 중지된 계정입니다. 관리자에게 문의하세요", code="disabled")
    if user.locked_until is not None and user.locked_until > now:
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        raise AuthError(
            f"로그인 실패가 {MAX_FAILED}회 넘어 계정이 잠겼습니다. "
            f"약 {minutes}분 뒤에 다시 시도하세요",
            code="locked",
        )
    try:
        _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED:
            user.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
            user.failed_logins = 0
            audit.record(s, "user.locked", actor_id=user.id, target=user.email, at=now)
            s.commit()
            raise AuthError(
                f"로그인 실패가 {MAX_FAILED}회라 계정을 {LOCK_MINUTES}분 동안 잠갔습니다",
                code="locked",
            ) from None
        s.commit()
        raise AuthError("이메일 또는 비밀번호가 맞지 않습니다", code="bad_credentials") from None
    user.failed_logins = 0
    user.locked_until = None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return _info(user)


def change_password(
    s: Session, user_id: int, old: str, new: str, *, clock: Clock = SYSTEM_CLOCK
) -> None:
    user = authorize(s, user_id)
    try:
        _hasher.verify(user.password_hash, old)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        raise AuthError("현재 비밀번호가 맞지 않습니다", code="bad_credentials") from None
    check_password_policy(new)
    if old == new:
        raise InvalidInput("새 비밀번호가 현재 비밀번호와 같습니다", code="password")
    user.password_hash = _hasher.hash(new)
    user.password_changed_at = clock.now()
    from tutor.services import auth_sessions  # a password change signs out every browser

    auth_sessions.revoke_all(s, user.id, clock=clock)
    audit.record(s, "user.password_change", actor_id=user.id, target=user.email, at=clock.now())


def get_user(s: Session, user_id: int) -> UserInfo:
    return _info(authorize(s, user_id))


# ---------------------------------------------------------------- admin: manage users


def list_users(s: Session, actor_id: int) -> list[UserInfo]:
    authorize(s, actor_id, "admin")
    return [_info(u) for u in s.scalars(select(User).order_by(User.id))]


def _target(s: Session, user_id: int) -> User:
    user = s.get(User, user_id)
    if user is None:
        raise NotFound("사용자가 없습니다")
    return user


def _admins_left_after(s: Session, target: User) -> int:
    n = s.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == "admin", User.disabled.is_(False), User.id != target.id)
    )
    return int(n or 0)


def set_role(
    s: Session, actor_id: int, user_id: int, role: str, *, clock: Clock = SYSTEM_CLOCK
) -> UserInfo:
    authorize(s, actor_id, "admin")
    if role not in ROLES:
        raise InvalidInput(f"역할은 {', '.join(ROLES)} 중 하나입니다", code="role")
    user = _target(s, user_id)
    if user.role == "admin" and role != "admin" and _admins_left_after(s, user) == 0:
        raise Conflict("마지막 관리자의 역할은 바꿀 수 없습니다", code="last_admin")
    old = user.role
    user.role = role
    audit.record(
        s,
        "user.role",
        actor_id=actor_id,
        target=user.email,
        detail={"from": old, "to": role},
        at=clock.now(),
    )
    return _info(user)


def set_disabled(
    s: Session, actor_id: int, user_id: int, disabled: bool, *, clock: Clock = SYSTEM_CLOCK
) -> UserInfo:
    authorize(s, actor_id, "admin")
    user = _target(s, user_id)
    if disabled and user.role == "admin" and _admins_left_after(s, user) == 0:
        raise Conflict("마지막 관리자는 중지할 수 없습니다", code="last_admin")
    user.disabled = disabled
    audit.record(
        s,
        "user.disable" if disabled else "user.enable",
        actor_id=actor_id,
        target=user.email,
        at=clock.now(),
    )
    return _info(user)


def unlock(s: Session, actor_id: int, user_id: int, *, clock: Clock = SYSTEM_CLOCK) -> UserInfo:
    authorize(s, actor_id, "admin")
    user = _target(s, user_id)
    user.locked_until = None
    user.failed_logins = 0
    audit.record(s, "user.unlock", actor_id=actor_id, target=user.email, at=clock.now())
    return _info(user)


def set_locale(s: Session, user_id: int, locale: str) -> UserInfo:
    user = authorize(s, user_id)
    if locale not in ("ko", "en"):
        raise InvalidInput("언어는 ko 또는 en입니다", code="locale")
    user.locale = locale
    return _info(user)
