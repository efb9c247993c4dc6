"""합격노트: the Streamlit entry point. A router only: which pages each role sees."""

from __future__ import annotations

import streamlit as st

from tutor import APP_NAME
from tutor.config import SettingsError, get_settings
from tutor.i18n import set_locale, t

st.set_page_config(page_title=APP_NAME, page_icon=":material/menu_book:", layout="centered")

try:
    settings = get_settings()
except SettingsError as err:
    st.error(str(err))
    st.stop()

from tutor.services import accounts, auth_sessions  # noqa: E402  (after the settings check)
from tutor.services.errors import PermissionDenied  # noqa: E402
from tutor.ui import cookies, state  # noqa: E402
from tutor.ui.auth_forms import sign_in_form  # noqa: E402
from tutor.ui.components import plain  # noqa: E402
from tutor.ui.resources import get_app, schema_status  # noqa: E402

current_rev, head_rev = schema_status(settings.database_url)
if current_rev != head_rev:
    st.error(t("common.db_not_ready", cur=current_rev or "—", head=head_rev))
    st.stop()

app = get_app()
user = state.current()
with app.uow() as s:
    no_admin = not accounts.has_admin(s)
    if user is not None:
        try:
            state.sign_in(accounts.get_user(s, user.id))  # role/disabled changes apply now
        except PermissionDenied:
            auth_sessions.revoke(s, cookies.current_token())
            state.sign_out()
            cookies.forget()
    elif not state.signed_out_here():
        # a reload or a new tab: the browser's sign-in token, checked against its hash
        token = cookies.current_token()
        resumed = auth_sessions.resume(s, token)
        if resumed is not None and token is not None:
            state.sign_in(resumed)
            cookies.adopt(token)
user = state.current()
cookies.flush()
set_locale(user.locale if user else st.session_state.get("locale", "ko"))

V = "tutor/ui/views/"
PROTECTED_PATHS = (
    "practice",
    "mock",
    "progress",
    "review",
    "banks",
    "grading",
    "users",
    "ai",
    "account",
)

if no_admin and user is None:
    pages: list[st.Page] | dict[str, list[st.Page]] = [
        st.Page(
            V + "first_run.py", title=t("nav.first_run"), icon=":material/build:", url_path="setup"
        )
    ]
elif user is None:
    pages = [
        st.Page(
            V + "sign_in.py",
            title=t("nav.sign_in"),
            icon=":material/login:",
            url_path="signin",
            default=True,
        ),
        st.Page(
            V + "sign_up.py",
            title=t("nav.sign_up"),
            icon=":material/person_add:",
            url_path="signup",
        ),
    ]
    # A reload signs the user out (sign-in lives in the tab's session): a deep link such as
    # /mock shows the sign-in form and, once signed in, the page that was asked for.
    pages += [
        st.Page(sign_in_form, title=t("nav.sign_in"), url_path=path, visibility="hidden")
        for path in PROTECTED_PATHS
    ]
else:
    study = [
        st.Page(
            V + "practice.py",
            title=t("nav.practice"),
            icon=":material/edit_note:",
            url_path="practice",
            default=True,
        ),
        st.Page(V + "mock.py", title=t("nav.mock"), icon=":material/timer:", url_path="mock"),
        st.Page(
            V + "progress.py",
            title=t("nav.progress"),
            icon=":material/monitoring:",
            url_path="progress",
        ),
        st.Page(
            V + "review.py",
            title=t("nav.review"),
            icon=":material/search:",
            url_path="review",
            visibility="hidden",
        ),
    ]
    pages = {t("nav.section.study"): study}
    if user.role in ("instructor", "admin"):
        pages[t("nav.section.teach")] = [
            st.Page(
                V + "banks.py",
                title=t("nav.banks"),
                icon=":material/folder_open:",
                url_path="banks",
            ),
            st.Page(
                V + "grading.py",
                title=t("nav.grading"),
                icon=":material/grading:",
                url_path="grading",
            ),
        ]
    if user.role == "admin":
        pages[t("nav.section.admin")] = [
            st.Page(
                V + "users.py", title=t("nav.users"), icon=":material/group:", url_path="users"
            ),
            st.Page(
                V + "ai_admin.py",
                title=t("nav.ai_admin"),
                icon=":material/smart_toy:",
                url_path="ai",
            ),
        ]
    pages[t("nav.section.me")] = [
        st.Page(
            V + "account.py", title=t("nav.account"), icon=":material/person:", url_path="account"
        ),
    ]
    with st.sidebar:
        st.markdown(f"**{APP_NAME}**")
        st.caption(f"{plain(user.display_name)} · {t('role.' + user.role)}")
        if st.button(t("common.sign_out"), key="sidebar_sign_out"):
            state.sign_out_everywhere_here(app)
            st.rerun()

st.navigation(pages).run()
