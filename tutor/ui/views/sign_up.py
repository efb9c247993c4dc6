"""Self-service sign-up: always a learner account."""

from __future__ import annotations

import streamlit as st

from tutor import APP_NAME
from tutor.i18n import t
from tutor.services import accounts, auth_sessions
from tutor.services.errors import ServiceError
from tutor.ui import state
from tutor.ui.resources import get_app

st.title(APP_NAME)
st.caption(t("auth.tagline"))

with st.form("sign_up", border=True):
    st.subheader(t("auth.sign_up_title"))
    name = st.text_input(t("common.name"), key="signup_name", max_chars=40)
    email = st.text_input(t("common.email"), key="signup_email", autocomplete="email")
    pw1 = st.text_input(
        t("common.password"),
        type="password",
        key="signup_pw1",
        help=t("auth.password_help"),
        autocomplete="new-password",
    )
    pw2 = st.text_input(
        t("common.password_again"),
        type="password",
        key="signup_pw2",
        autocomplete="new-password",
    )
    submitted = st.form_submit_button(t("auth.sign_up_button"), type="primary")

if submitted:
    if not (name and email and pw1 and pw2):
        st.error(t("auth.fill_all"))
    elif pw1 != pw2:
        st.error(t("common.passwords_differ"))
    else:
        try:
            with get_app().uow() as s:
                info = accounts.sign_up(s, email, name, pw1)
                token = auth_sessions.create(
                    s, info.id, user_agent=st.context.headers.get("User-Agent", "")
                )
        except ServiceError as e:
            st.error(e.message)
        else:
            state.start_signed_in(info, token)
            st.rerun()

st.write(t("auth.have_account"))
st.page_link("tutor/ui/views/sign_in.py", label=t("auth.go_sign_in"), icon=":material/login:")
