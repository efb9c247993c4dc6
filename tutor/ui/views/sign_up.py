"""Self-service sign-up: always a learner account."""

from __future__ import annotations

import streamlit as st

from tutor import APP_NAME
from tutor.i18n import t
from tutor.services import accounts
from tutor.ui.auth_forms import new_password_ok, open_account

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

if submitted and new_password_ok([name, email], pw1, pw2):
    open_account(lambda s: accounts.sign_up(s, email, name, pw1))


st.write(t("auth.have_account"))
st.page_link("tutor/ui/views/sign_in.py", label=t("auth.go_sign_in"), icon=":material/login:")
