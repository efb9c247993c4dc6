"""Practice by subject: set up, one question at a time, feedback, summary."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from tutor.domain.grading import choice_label
from tutor.i18n import t
from tutor.services import exams as exams_service
from tutor.services import practice, progress
from tutor.services.errors import Conflict, InvalidInput, NotFound, ServiceError
from tutor.ui import state
from tutor.ui.ai_panel import (
    chat_panel,
    explain_panel,
    hint_panel,
    status_note,
    written_grade_panel,
)
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
ai_deps = get_ai()  # once per rerun: resolving the provider reads the database
REVIEW_PAGE = "tutor/ui/views/review.py"


def setup() -> None:
    st.title(t("practice.title"))
    with app.uow() as s:
        catalogue = exams_service.list_exams(s)
        resumable = practice.open_sessions(s, user.id)
    if resumable:
        st.subheader(t("practice.resume_title"))
        for o in resumable:
            c1, c2 = st.columns([4, 1], vertical_alignment="center")
            c1.write(
                t(
                    "practice.resume_row",
                    exam=plain(o.exam_name),
                    answered=o.answered,
                    total=o.total,
                    when=local_time(o.started_at, "%m-%d %H:%M"),
                )
            )
            if c2.button(t("practice.resume"), key=f"resume_{o.session_id}"):
                state.set_practice_session(o.session_id)
                st.rerun()
        st.divider()
    practisable = [e for e in catalogue if sum(e.per_subject.values()) > 0]
    if not practisable:
        st.info(t("practice.no_exams") if not catalogue else t("practice.no_questions"))
        return
    by_slug = {e.slug: e for e in practisable}
    slug = st.selectbox(
        t("practice.exam"),
        options=list(by_slug),
        format_func=lambda x: f"{by_slug[x].name_ko} ({by_slug[x].questions_in_banks})",
        key="setup_exam",
    )
    exam = by_slug[slug]
    subjects = [x.name for x in exam.spec.subjects]
    available = {x: exam.per_subject.get(x, 0) for x in subjects}
    if sum(available.values()) == 0:
        st.info(t("practice.empty_exam"))
        return
    with st.form("practice_setup", border=True):
        chosen = st.multiselect(
            t("practice.subjects"),
            options=subjects,
            default=[x for x in subjects if available[x] > 0],
            placeholder=t("practice.pick_subjects"),
            format_func=lambda x: f"{x} ({available[x]})",
            key=f"setup_subjects_{slug}",
        )
        count = st.number_input(
            t("practice.count"),
            min_value=1,
            max_value=practice.MAX_COUNT,
            value=10,
            step=1,
            key="setup_count",
        )
        order = st.radio(
            t("practice.order"),
            options=["random", "unseen_first", "in_order"],
            format_func=lambda o: t(f"practice.order.{o}"),
            horizontal=True,
            key="setup_order",
        )
        st.caption(t("practice.available", n=sum(available[x] for x in chosen)))
        start = st.form_submit_button(t("practice.start"), type="primary")
    if start:
        try:
            with app.uow() as s:
                sid = practice.start_practice(s, user.id, slug, chosen, int(count), order)
        except ServiceError as e:
            st.error(e.message)
        else:
            state.set_practice_session(sid)
            st.rerun()


def answer_widget(q: practice.QuestionView) -> dict[str, Any] | None:
    """Render the input for the question type; return the response or None if empty."""
    key = f"answer_{q.id}"
    if q.type == "single":
        pick = st.radio(
            t("practice.your_answer"),
            options=list(range(1, len(q.choices) + 1)),
            format_func=lambda i: f"{choice_label(i)} {plain(q.choices[i - 1])}",
            index=None,
            key=key,
        )
        return None if pick is None else {"choice": int(pick)}
    if q.type == "multi":
        st.write(t("practice.your_answer"))
        picked = [
            i
            for i, c in enumerate(q.choices, start=1)
            if st.checkbox(f"{choice_label(i)} {plain(c)}", key=f"{key}_{i}")
        ]
        return {"choices": picked} if picked else None
    if q.type == "true_false":
        value = st.radio(
            t("practice.your_answer"),
            options=[True, False],
            index=None,
            horizontal=True,
            format_func=lambda v: t("practice.true") if v else t("practice.false"),
            key=key,
        )
        return None if value is None else {"value": bool(value)}
    if q.type == "essay":
        essay = st.text_area(t("practice.written"), key=key, height=260, max_chars=20000)
        return {"text": essay} if essay.strip() else None
    text = st.text_input(t("practice.answer_text"), key=key)
    if not text.strip():
        return None
    return {"text": text} if q.type == "short" else {"value": text}


def show_choices_with_key(q: practice.QuestionView, fb: practice.Feedback) -> None:
    if q.type not in ("single", "multi"):
        return
    mine = set()
    if q.type == "single":
        mine = {fb.response.get("choice")}
    elif q.type == "multi":
        mine = set(fb.response.get("choices", []))
    keys = set(fb.answer)
    lines = []
    for i, c in enumerate(q.choices, start=1):
        mark = (
            ":green[:material/check_circle:]"
            if i in keys
            else (
                ":red[:material/cancel:]"
                if i in mine
                else ":gray[:material/radio_button_unchecked:]"
            )
        )
        text = f"{mark} {choice_label(i)} {plain(c)}"
        if i in keys:
            text = f"**{text}**"
        if i in mine:
            text += f" :gray[({t('practice.mine')})]"
        lines.append(text)
    st.markdown("  \n".join(lines))


def rubric_table(q: practice.QuestionView) -> None:
    st.markdown(f"**{t('practice.rubric')}**")
    st.markdown(
        "\n".join(
            f"- {plain(str(c['name']))} ({c['points']:g}점)"
            + (f": {plain(str(c['description']))}" if c.get("description") else "")
            for c in q.rubric
        )
    )


def written_feedback(q: practice.QuestionView, fb: practice.Feedback) -> None:
    st.success(t("practice.submitted_written"), icon=":material/check_circle:")
    with st.container(border=True):
        md(str(fb.response.get("text", "")))
    written_grade_panel(
        ai_deps,
        user.id,
        fb.attempt_id,
        fb.grade_detail,
        fb.review_status,
        fb.score,
        fb.max_score,
    )
    with st.container(border=True):
        rubric_table(q)
        st.markdown(f"**{t('practice.model_answer')}**")
        md(fb.explanation or "—")
        if fb.references:
            st.markdown(f"**{t('practice.references')}**")
            references(fb.references)


def feedback(q: practice.QuestionView, fb: practice.Feedback) -> None:
    if q.type == "essay":
        written_feedback(q, fb)
        return
    key = answer_text(q.type, fb.answer, q.choices)
    mine = response_text(q.type, fb.response)
    if fb.is_correct:
        st.success(
            f"{t('practice.correct')} · {t('practice.key', key=plain(key))}",
            icon=":material/check_circle:",
        )
    else:
        st.error(
            f"{t('practice.wrong')} · {t('practice.you_chose', mine=plain(mine))} · "
            f"{t('practice.key', key=plain(key))}",
            icon=":material/cancel:",
        )
    show_choices_with_key(q, fb)
    with st.container(border=True):
        st.markdown(f"**{t('practice.explanation')}**")
        md(fb.explanation or "—")
        if fb.references:
            st.markdown(f"**{t('practice.references')}**")
            references(fb.references)
    explain_panel(ai_deps, user.id, q.id, key=f"p{q.id}", images=q.images)
    chat_panel(ai_deps, user.id, q.id)


def run_session(sid: int) -> None:
    try:
        with app.uow() as s:
            ps = practice.practice_state(s, user.id, sid)
    except NotFound:
        state.set_practice_session(None)
        st.rerun()
        return
    if ps.finished or ps.current is None:
        summary(sid)
        return
    q = ps.current
    st.subheader(plain(ps.exam_name))
    st.progress((ps.answered + ps.skipped) / max(ps.total, 1))
    st.caption(
        t(
            "practice.progress",
            pos=ps.position + 1,
            total=ps.total,
            correct=ps.correct,
            skipped=ps.skipped,
        )
        + f" · {plain(q.subject)} · 문항 ID {plain(q.external_id)}"
    )
    status_note(ai_deps)
    with st.container(border=True):
        md(q.stem)
        question_images(q.exam_slug, q.images)
    if ps.feedback is None and q.type == "essay":
        rubric_table(q)
    if ps.feedback is None and q.type != "essay":
        hint_panel(ai_deps, user.id, sid, q.id)
    if ps.feedback is None:
        with st.form(f"q_{q.id}", border=False):
            response = answer_widget(q)
            submitted = st.form_submit_button(t("practice.submit"), type="primary", width="stretch")
        if submitted:
            if response is None:
                st.warning(t("practice.pick_one"))
            else:
                try:
                    with app.uow() as s:
                        practice.submit_answer(s, user.id, sid, q.id, response)
                except InvalidInput as e:
                    st.warning(e.message)
                except Conflict:
                    st.toast(t("practice.stale"))
                    st.rerun()
                else:
                    st.rerun()
        c1, c2 = st.columns(2)
        if c1.button(t("practice.skip"), key=f"skip_{q.id}", width="stretch", type="tertiary"):
            with app.uow() as s:
                practice.skip_question(s, user.id, sid)
            st.rerun()
        if c2.button(t("practice.finish"), key=f"finish_{q.id}", width="stretch", type="tertiary"):
            with app.uow() as s:
                practice.finish(s, user.id, sid)
            st.rerun()
    else:
        feedback(q, ps.feedback)
        c1, c2 = st.columns(2)
        if c1.button(t("practice.next"), key=f"next_{q.id}", type="primary", width="stretch"):
            with app.uow() as s:
                practice.next_question(s, user.id, sid)
            st.rerun()
        if c2.button(t("practice.finish"), key=f"finish_{q.id}", width="stretch"):
            with app.uow() as s:
                practice.finish(s, user.id, sid)
            st.rerun()


def summary(sid: int) -> None:
    with app.uow() as s:
        rv = progress.session_review(s, user.id, sid)
    row = rv.row
    st.title(t("practice.summary_title"))
    st.caption(plain(row.exam_name))
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("practice.score"), f"{row.correct}/{row.planned}")
    acc = f"{100 * row.correct / row.answered:.0f}%" if row.answered else "—"
    c2.metric(t("practice.accuracy"), acc)
    c3.metric(t("practice.time"), duration(row.seconds))
    c4.metric(t("practice.skipped"), rv.skipped)
    if rv.per_subject:
        df = pd.DataFrame(
            [
                {
                    t("practice.subjects"): subj,
                    t("progress.answered"): n,
                    t("practice.score"): k,
                    t("practice.accuracy"): round(100 * k / n) if n else 0,
                }
                for subj, n, k in rv.per_subject
            ]
        )
        st.dataframe(df, hide_index=True, width="stretch")
    c1, c2 = st.columns(2)
    if c1.button(t("practice.new"), type="primary", width="stretch"):
        state.set_practice_session(None)
        st.rerun()
    with c2:
        st.page_link(
            REVIEW_PAGE,
            label=t("practice.review_link"),
            icon=":material/search:",
            query_params={"session": str(sid)},
        )


sid = state.practice_session()
if sid is None:
    setup()
else:
    run_session(sid)
