"""First run: no admin exists yet, so the first visitor creates one (once)."""

from __future__ import annotations

import streamlit as st

from tutor import APP_NAME
from tutor.i18n import t
from tutor.services import accounts
from tutor.ui.auth_forms import new_password_ok, open_account

st.title(APP_NAME)
st.subheader(t("auth.first_run_title"))
st.info(t("auth.first_run_body"))

with st.form("first_run", border=True):
    name = st.text_input(t("common.name"), key="fr_name", max_chars=40)
    email = st.text_input(t("common.email"), key="fr_email")
    pw1 = st.text_input(
        t("common.password"), type="password", key="fr_pw1", help=t("auth.password_help")
    )
    pw2 = st.text_input(t("common.password_again"), type="password", key="fr_pw2")
    submitted = st.form_submit_button(t("auth.first_run_button"), type="primary")

if submitted and new_password_ok([name, email], pw1, pw2):
    open_account(lambda s: accounts.create_first_admin(s, email, name, pw1))
