"""Review one of the learner's own sessions: every question, their answer, the key."""

from __future__ import annotations

import streamlit as st

from tutor.domain.grading import choice_label
from tutor.i18n import t
from tutor.services import progress
from tutor.services.errors import NotFound
from tutor.ui import state
from tutor.ui.ai_panel import chat_panel, explain_panel
from tutor.ui.components import (
    answer_text,
    duration,
    local_time,
    md,
    plain,
    question_images,
    references,
    response_text,
)
from tutor.ui.resources import get_ai, get_app

user = state.require()
app = get_app()
ai_deps = get_ai()  # once per rerun, not once per question

st.title(t("review.title"))
raw = st.query_params.get("session", "")
try:
    sid = int(raw)
except ValueError:
    st.info(t("review.pick"))
    st.page_link("tutor/ui/views/progress.py", label=t("review.back"), icon=":material/monitoring:")
    st.stop()

try:
    with app.uow() as s:
        rv = progress.session_review(s, user.id, sid)
except NotFound as e:
    st.error(e.message)
    st.page_link("tutor/ui/views/progress.py", label=t("review.back"), icon=":material/monitoring:")
    st.stop()

row = rv.row
st.caption(f"{plain(row.exam_name)} · {local_time(row.started_at)}")
c1, c2, c3 = st.columns(3)
c1.metric(t("practice.score"), f"{row.correct}/{row.planned}")
c2.metric(
    t("practice.accuracy"), f"{100 * row.correct / row.answered:.0f}%" if row.answered else "—"
)
c3.metric(t("practice.time"), duration(row.seconds))

for item in rv.items:
    mark = (
        ":gray[:material/remove:]"
        if item.is_correct is None
        else ":green[:material/check_circle:]"
        if item.is_correct
        else ":red[:material/cancel:]"
    )
    title = f"{mark} {item.number}. {plain(item.subject)} · {plain(item.external_id)}"
    with st.expander(title, expanded=item.is_correct is False):
        md(item.stem)
        question_images(row.exam_slug, item.images)
        if item.choices:
            st.markdown(
                "  \n".join(
                    f"{choice_label(i)} {plain(c)}" for i, c in enumerate(item.choices, start=1)
                )
            )
        mine = (
            response_text(item.type, item.response)
            if item.response is not None
            else t("review.not_answered")
        )
        key = answer_text(item.type, item.answer, item.choices)
        line = f"{t('practice.you_chose', mine=plain(mine))} · {t('practice.key', key=plain(key))}"
        if item.seconds is not None:
            line += f" · {t('review.seconds', s=item.seconds)}"
        st.markdown(f"**{line}**")
        st.markdown(f"**{t('practice.explanation')}**")
        md(item.explanation or "—")
        if item.references:
            st.markdown(f"**{t('practice.references')}**")
            references(item.references)
        if item.response is not None and item.type in ("single", "multi"):
            explain_panel(ai_deps, user.id, item.question_id, key=f"r{item.question_id}")
            chat_panel(ai_deps, user.id, item.question_id)

st.page_link("tutor/ui/views/progress.py", label=t("review.back"), icon=":material/monitoring:")
