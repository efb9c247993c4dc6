"""The sign-in cookie: set or cleared by a zero-height component, read with st.context.cookies.

The token is opaque and random; the server keeps only its hash. SameSite=Strict, 14 days,
Secure when served over HTTPS. (A component's script cannot set HttpOnly; DESIGN.md accepts
that for this route.)"""

from __future__ import annotations

import json

import streamlit as st
import streamlit.components.v1 as components

from tutor.services.auth_sessions import COOKIE, LIFETIME

_PENDING = "_cookie_action"
_TOKEN = "_auth_token"


def current_token() -> str | None:
    token = st.session_state.get(_TOKEN)
    if isinstance(token, str):
        return token
    value = st.context.cookies.get(COOKIE)
    return value if isinstance(value, str) and value else None


def adopt(token: str) -> None:
    """A token read from the cookie after a reload: this session signs out with it."""
    st.session_state[_TOKEN] = token


def remember(token: str) -> None:
    """Give this browser the token (written by the next page run)."""
    adopt(token)
    st.session_state[_PENDING] = ("set", token)


def forget() -> None:
    st.session_state[_PENDING] = ("clear", "")


def flush() -> None:
    """Write any pending cookie change; call once per run (app.py)."""
    action = st.session_state.pop(_PENDING, None)
    if not action:
        return
    kind, token = action
    max_age = int(LIFETIME.total_seconds()) if kind == "set" else 0
    value = json.dumps(token)[1:-1]  # the token is URL-safe; this only guards the quotes
    script = (
        "<script>(function(){var s=window.location.protocol==='https:'?'; Secure':'';"
        f"document.cookie='{COOKIE}={value}; path=/; max-age={max_age}; "
        "SameSite=Strict'+s;})();</script>"
    )
    components.html(script, height=0)
