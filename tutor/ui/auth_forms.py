"""The sign-in form, shared by the sign-in page and the routes that stand in for protected
pages when nobody is signed in (so a deep link lands on its page after signing in)."""

from __future__ import annotations

import streamlit as st

from tutor import APP_NAME
from tutor.i18n import t
from tutor.services import accounts, auth_sessions
from tutor.services.errors import AuthError
from tutor.ui import state
from tutor.ui.resources import get_app


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
            try:
                with get_app().uow() as s:
                    info = accounts.sign_in(s, email, password)
                    token = auth_sessions.create(
                        s, info.id, user_agent=st.context.headers.get("User-Agent", "")
                    )
            except AuthError as e:
                st.error(e.message)
            else:
                state.start_signed_in(info, token)
                st.rerun()

    st.write(t("auth.no_account"))
    st.page_link(
        "tutor/ui/views/sign_up.py", label=t("auth.go_sign_up"), icon=":material/person_add:"
    )
