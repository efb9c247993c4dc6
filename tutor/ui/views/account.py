"""My account: password change, language, sign out."""

from __future__ import annotations

import streamlit as st

from tutor.i18n import t
from tutor.services import accounts, auth_sessions
from tutor.services.errors import ServiceError
from tutor.ui import state
from tutor.ui.components import local_time, plain
from tutor.ui.resources import get_app

user = state.require()
app = get_app()

st.title(t("account.title"))
with app.uow() as s:
    info = accounts.get_user(s, user.id)
st.markdown(
    f"**{plain(info.display_name)}** · {plain(info.email)} · {t('role.' + info.role)}  \n"
    f"{local_time(info.created_at, '%Y-%m-%d')}"
)

lang = st.radio(
    t("account.language"),
    options=["ko", "en"],
    index=0 if info.locale == "ko" else 1,
    format_func=lambda x: "한국어" if x == "ko" else "English",
    horizontal=True,
    key="locale_pick",
)
if lang != info.locale:
    with app.uow() as s:
        state.sign_in(accounts.set_locale(s, user.id, lang))
    st.rerun()

with st.form("change_password", border=True, clear_on_submit=True):
    st.subheader(t("account.change_password"))
    old = st.text_input(t("account.old_password"), type="password", key="pw_old")
    new1 = st.text_input(
        t("account.new_password"), type="password", key="pw_new1", help=t("auth.password_help")
    )
    new2 = st.text_input(t("common.password_again"), type="password", key="pw_new2")
    submitted = st.form_submit_button(t("account.change_password"), type="primary")
if submitted:
    if not (old and new1 and new2):
        st.error(t("auth.fill_all"))
    elif new1 != new2:
        st.error(t("common.passwords_differ"))
    else:
        try:
            with app.uow() as s:
                accounts.change_password(s, user.id, old, new1)
        except ServiceError as e:
            st.error(e.message)
        else:
            # every browser's sign-in was revoked; keep this one signed in with a new token
            with app.uow() as s:
                token = auth_sessions.create(s, user.id)
            state.start_signed_in(info, token)
            st.success(t("account.changed"))

if st.button(t("common.sign_out"), key="account_sign_out"):
    state.sign_out_everywhere_here(app)
    st.rerun()
