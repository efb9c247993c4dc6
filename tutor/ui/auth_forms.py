"""The sign-in form, shared by the sign-in page and the routes that stand in for protected
pages when nobody is signed in (so a deep link lands on its page after signing in)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy.orm import Session

from tutor import APP_NAME
from tutor.i18n import t
from tutor.services import accounts, auth_sessions
from tutor.services.accounts import UserInfo
from tutor.services.errors import ServiceError
from tutor.ui import state
from tutor.ui.resources import get_app


def open_account(action: Callable[[Session], UserInfo]) -> None:
    """Run a sign-in/sign-up service, give this browser its sign-in token, go on; or show
    the service's message."""
    try:
        with get_app().uow() as s:
            info = action(s)
            token = auth_sessions.create(
                s, info.id, user_agent=st.context.headers.get("User-Agent", "")
            )
    except ServiceError as e:
        st.error(e.message)
    else:
        state.start_signed_in(info, token)
        st.rerun()


def new_password_ok(fields: list[str], pw1: str, pw2: str) -> bool:
    """Every field filled and the two passwords equal; otherwise say which is wrong."""
    if not all(fields) or not pw1 or not pw2:
        st.error(t("auth.fill_all"))
        return False
    if pw1 != pw2:
        st.error(t("common.passwords_differ"))
        return False
    return True


def sign_in_form() -> None:
    st.title(APP_NAME)
    st.caption(t("auth.tagline"))

    with st.form("sign_in", border=True):
        st.subheader(t("auth.sign_in_title"))
        email = st.text_input(t("common.email"), key="signin_email", autocomplete="email")
        password = st.text_input(
            t("common.password"),
            type="password",
            key="signin_password",
            autocomplete="current-password",
        )
        submitted = st.form_submit_button(t("auth.sign_in_button"), type="primary")

    if submitted:
        if not email or not password:
            st.error(t("auth.fill_all"))
        else:
            open_account(lambda s: accounts.sign_in(s, email, password))

    st.write(t("auth.no_account"))
    st.page_link(
        "tutor/ui/views/sign_up.py", label=t("auth.go_sign_up"), icon=":material/person_add:"
    )
