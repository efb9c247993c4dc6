"""Instructor: confirm or override rubric grades of written answers; questions flagged
because the model argued with the key."""

from __future__ import annotations

import streamlit as st

from tutor.i18n import t
from tutor.services import reviews
from tutor.services.errors import ServiceError
from tutor.ui import state
from tutor.ui.components import local_time, md, plain
from tutor.ui.resources import get_app

user = state.require()
app = get_app()

st.title(t("grading.title"))
try:
    with app.uow() as s:
        pending = reviews.pending_written(s, user.id)
        flags = reviews.open_flags(s, user.id)
except ServiceError as e:
    st.error(e.message)
    st.stop()

st.subheader(t("grading.pending", n=len(pending)))
if not pending:
    st.caption(t("grading.none"))
for p in pending:
    head = f"{plain(p.learner)} · {plain(p.subject)} · {plain(p.question_external_id)}"
    with st.expander(f"{head} · {local_time(p.answered_at)}"):
        md(p.stem)
        st.markdown(f"**{t('practice.written')}**")
        with st.container(border=True):
            md(p.answer_text)
        st.markdown(f"**{t('practice.rubric')}**")
        st.markdown("\n".join(f"- {plain(str(c['name']))} ({c['points']:g}점)" for c in p.rubric))
        if p.score is not None and p.detail:
            st.info(t("ai.grade_pending", score=f"{p.score:g}", max=f"{p.max_score:g}"))
            for c in p.detail.get("criteria", []):
                st.markdown(
                    f"- {plain(str(c['name']))}: {c['awarded']:g}/{c['points']:g} "
                    f"— {plain(str(c.get('comment') or ''))}"
                )
        with st.form(f"decide_{p.attempt_id}", border=False):
            score = st.number_input(
                t("grading.score"),
                min_value=0.0,
                max_value=float(p.max_score),
                value=float(p.score or 0.0),
                step=0.5,
                key=f"score_{p.attempt_id}",
            )
            note = st.text_input(t("grading.note"), key=f"note_{p.attempt_id}")
            c1, c2 = st.columns(2)
            confirm = c1.form_submit_button(t("grading.confirm"), disabled=p.score is None)
            override = c2.form_submit_button(t("grading.override"), type="primary")
        if confirm or override:
            try:
                with app.uow() as s:
                    reviews.decide(
                        s, user.id, p.attempt_id, score=None if confirm else float(score), note=note
                    )
            except ServiceError as e:
                st.error(e.message)
            else:
                st.rerun()

st.subheader(t("grading.flags", n=len(flags)))
if not flags:
    st.caption(t("grading.no_flags"))
for f in flags:
    with st.container(border=True):
        st.markdown(
            f"**{plain(f.external_id)}** · {plain(f.reason)} · {local_time(f.created_at)} · "
            f"{t('grading.claimed')} {f.detail.get('claimed')} / {t('grading.key')} "
            f"{f.detail.get('key')}"
        )
        if f.detail.get("excerpt"):
            st.caption(plain(str(f.detail["excerpt"])[:400]))
        if st.button(t("grading.resolve"), key=f"resolve_{f.id}"):
            with app.uow() as s:
                reviews.resolve_flag(s, user.id, f.id)
            st.rerun()
