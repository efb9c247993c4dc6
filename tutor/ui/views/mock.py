"""모의고사: set-up and history, the timed exam screen, and the verdict."""

from __future__ import annotations

import streamlit as st

from tutor.i18n import t
from tutor.services import exams as exams_service
from tutor.services import mock, mock_setup
from tutor.services.errors import ServiceError
from tutor.ui import state
from tutor.ui.mock_parts import history, result_view, setup_plan
from tutor.ui.mock_screen import exam_screen
from tutor.ui.resources import get_app

user = state.require()
app = get_app()

result_param = st.query_params.get("result")
with app.uow() as s:
    active = mock.active_mock(s, user.id)

if active is not None:
    exam_screen(app, user.id, active)
elif result_param:
    try:
        result_view(app, user.id, int(result_param))
    except (ValueError, ServiceError) as e:
        st.error(getattr(e, "message", t("review.pick")))
else:
    st.title(t("mock.title"))
    st.caption(t("mock.intro"))
    with app.uow() as s:
        catalogue = [e for e in exams_service.list_exams(s) if e.questions_in_banks > 0]
    if not catalogue:
        st.info(t("practice.no_exams"))
    else:
        by_slug = {e.slug: e for e in catalogue}
        slug = st.selectbox(
            t("practice.exam"),
            options=list(by_slug),
            format_func=lambda x: by_slug[x].name_ko,
            key="mock_exam",
        )
        scale = st.radio(
            t("mock.scale"),
            options=["1/4", "1/2", "1"],
            format_func=lambda x: t(f"mock.scale.{x}"),
            horizontal=True,
            key="mock_scale",
        )
        setup_plan(by_slug[slug], scale)
        if st.button(t("mock.start"), type="primary", key="mock_start"):
            try:
                with app.uow() as s:
                    mock_setup.start_mock(s, user.id, slug, scale)
            except ServiceError as e:
                st.error(e.message)
            else:
                st.rerun()
    st.divider()
    history(app, user.id)
