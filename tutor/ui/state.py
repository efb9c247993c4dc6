"""Typed helpers over st.session_state. It holds ids and UI state only; SQL holds the truth."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from tutor.bootstrap import AppContext
from tutor.services.accounts import UserInfo

_USER = "auth_user"
PRACTICE_SESSION = "practice_session_id"


@dataclass(frozen=True, slots=True)
class SignedIn:
    id: int
    email: str
    display_name: str
    role: str
    locale: str


def sign_in(info: UserInfo) -> None:
    st.session_state[_USER] = SignedIn(
        info.id, info.email, info.display_name, info.role, info.locale
    )


def current() -> SignedIn | None:
    value = st.session_state.get(_USER)
    return value if isinstance(value, SignedIn) else None


def require() -> SignedIn:
    """For page scripts that the router shows only to signed-in users."""
    user = current()
    if user is None:
        st.stop()
    return user


def sign_out() -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]


_SIGNED_OUT = "_signed_out"


def signed_out_here() -> bool:
    """This tab signed out: do not sign it back in from a cookie that is being cleared."""
    return bool(st.session_state.get(_SIGNED_OUT))


def start_signed_in(info: UserInfo, token: str) -> None:
    """After sign-in/sign-up: the session, and the browser's token cookie."""
    from tutor.ui import cookies

    sign_in(info)
    st.session_state.pop(_SIGNED_OUT, None)
    cookies.remember(token)


def sign_out_everywhere_here(app: AppContext) -> None:
    """Sign out: revoke this browser's token, clear the session and the cookie."""
    from tutor.services import auth_sessions
    from tutor.ui import cookies

    token = cookies.current_token()
    with app.uow() as s:
        auth_sessions.revoke(s, token)
    sign_out()
    st.session_state[_SIGNED_OUT] = True
    cookies.forget()


def practice_session() -> int | None:
    v = st.session_state.get(PRACTICE_SESSION)
    return v if isinstance(v, int) else None


def set_practice_session(session_id: int | None) -> None:
    if session_id is None:
        st.session_state.pop(PRACTICE_SESSION, None)
    else:
        st.session_state[PRACTICE_SESSION] = session_id
