"""Admin: accounts, roles, locks."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from tutor.i18n import t
from tutor.services import accounts
from tutor.services.errors import ServiceError
from tutor.ui import state
from tutor.ui.components import local_time
from tutor.ui.resources import get_app

user = state.require()
app = get_app()

st.title(t("users.title"))
try:
    with app.uow() as s:
        users = accounts.list_users(s, user.id)
except ServiceError as e:
    st.error(e.message)
    st.stop()

now = dt.datetime.now(dt.UTC)
df = pd.DataFrame(
    [
        {
            "id": u.id,
            t("common.email"): u.email,
            t("common.name"): u.display_name,
            t("common.role"): t("role." + u.role),
            "상태": ", ".join(
                x
                for x, on in (
                    (t("users.disabled"), u.disabled),
                    (t("users.locked"), bool(u.locked_until and u.locked_until > now)),
                )
                if on
            ),
            "가입": local_time(u.created_at, "%Y-%m-%d"),
        }
        for u in users
    ]
)
st.dataframe(df, hide_index=True, width="stretch")

by_id = {u.id: u for u in users}
with st.form("user_actions", border=True):
    target = st.selectbox(
        t("common.email"),
        options=list(by_id),
        format_func=lambda i: by_id[i].email,
        key="ua_target",
    )
    role = st.selectbox(
        t("common.role"),
        options=list(accounts.ROLES),
        format_func=lambda r: t("role." + r),
        key="ua_role",
    )
    action = st.radio(
        "동작",
        options=["role", "disable", "enable", "unlock"],
        format_func=lambda a: {
            "role": t("users.apply") + " · " + t("common.role"),
            "disable": t("users.disable"),
            "enable": t("users.enable"),
            "unlock": t("users.unlock"),
        }[a],
        horizontal=True,
        key="ua_action",
    )
    go = st.form_submit_button(t("users.apply"), type="primary")
if go and target is not None:
    try:
        with app.uow() as s:
            if action == "role":
                accounts.set_role(s, user.id, target, role)
            elif action == "disable":
                accounts.set_disabled(s, user.id, target, True)
            elif action == "enable":
                accounts.set_disabled(s, user.id, target, False)
            else:
                accounts.unlock(s, user.id, target)
    except ServiceError as e:
        st.error(e.message)
    else:
        st.success(t("users.done"))
        st.rerun()

with st.form("create_user", border=True, clear_on_submit=True):
    st.subheader(t("users.create"))
    email = st.text_input(t("common.email"), key="cu_email")
    name = st.text_input(t("common.name"), key="cu_name")
    new_role = st.selectbox(
        t("common.role"),
        options=list(accounts.ROLES),
        format_func=lambda r: t("role." + r),
        key="cu_role",
    )
    pw = st.text_input(
        t("common.password"), type="password", key="cu_pw", help=t("auth.password_help")
    )
    create = st.form_submit_button(t("users.create"))
if create:
    try:
        with app.uow() as s:
            info = accounts.create_user(s, email, pw, new_role, display_name=name, actor_id=user.id)
    except ServiceError as e:
        st.error(e.message)
    else:
        st.success(t("users.created", email=info.email))
