"""AI tutor pieces for the practice and review pages. All model text is shown escaped
(Markdown yes, HTML never); raw reasoning only inside a closed '모델의 생각' expander."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import streamlit as st

from tutor.i18n import t
from tutor.llm.errors import LLMError
from tutor.services import ai
from tutor.services.errors import ServiceError
from tutor.ui.components import escape_md, md, plain


def _escaped(chunks: Iterator[str]) -> Iterator[str]:
    for c in chunks:
        yield c.replace("&", "&amp;").replace("<", "&lt;")


def status_note(deps: ai.AIDeps) -> ai.AIStatus:
    s = ai.status(deps)
    if s.paused:
        st.warning(t("ai.paused"), icon=":material/cloud_off:")
    return s


def _off(status: ai.AIStatus) -> None:
    st.caption(f":material/smart_toy: {t('ai.off')}: {plain(status.reason)}")


def hint_panel(deps: ai.AIDeps, user_id: int, session_id: int, question_id: int) -> None:
    status = ai.status(deps)
    with deps.uow() as s:
        given = ai.hints_given(s, user_id, session_id, question_id)
    for i, h in enumerate(given, start=1):
        st.info(f"**{t('ai.hint')} {i}** · {escape_md(h)}", icon=":material/lightbulb:")
    if not status.enabled:
        _off(status)
        return
    if len(given) >= ai.MAX_HINTS:
        return
    label = t("ai.hint_button", n=len(given) + 1, total=ai.MAX_HINTS)
    if st.button(label, key=f"hint_{question_id}_{len(given)}", icon=":material/lightbulb:"):
        try:
            with st.spinner(t("ai.thinking")):
                ai.hint(deps, user_id, session_id, question_id)
        except (LLMError, ServiceError) as e:
            st.warning(e.message)
        else:
            st.rerun()


def explain_panel(
    deps: ai.AIDeps, user_id: int, question_id: int, *, key: str, images: list[str] | None = None
) -> None:
    status = ai.status(deps)
    if not status.enabled:
        _off(status)
        return
    note = ai.image_note(deps, images or [])
    if note:
        st.caption(f":material/hide_image: {note}")
    c1, c2 = st.columns([2, 3], vertical_alignment="center")
    reasoning = c2.toggle(t("ai.reasoning"), key=f"reason_{key}", help=t("ai.reasoning_help"))
    if not c1.button(t("ai.explain"), key=f"explain_{key}", icon=":material/smart_toy:"):
        return
    try:
        stream = ai.explain(deps, user_id, question_id, reasoning=reasoning)
    except (LLMError, ServiceError) as e:
        st.warning(e.message)
        return
    with st.container(border=True):
        st.markdown(f"**{t('ai.explain_title')}**")
        box = st.empty()
        with box:
            st.write_stream(_escaped(stream.chunks()))
        r = stream.result
        if r.flagged:
            box.empty()
            st.warning(t("ai.flagged"), icon=":material/flag:")
            md(r.fallback)
        elif r.error:
            st.warning(f"{r.error}. {t('ai.fallback')}")
            if r.text:
                box.markdown(escape_md(r.text))
            md(r.fallback)
        else:
            box.markdown(escape_md(r.text))
            st.caption(t("ai.cached") if r.cached else t("ai.cost", tokens=r.tokens))
        if r.reasoning:
            with st.expander(t("ai.thoughts"), expanded=False):
                st.markdown(escape_md(r.reasoning))


def chat_panel(deps: ai.AIDeps, user_id: int, question_id: int) -> None:
    status = ai.status(deps)
    with deps.uow() as s:
        history = ai.chat_history(s, user_id, question_id)
    with st.expander(t("ai.chat_title"), expanded=bool(history)):
        for role, content in history:
            with st.chat_message("user" if role == "user" else "assistant"):
                st.markdown(escape_md(content))
        if not status.enabled:
            _off(status)
            return
        with st.form(f"chat_{question_id}", clear_on_submit=True, border=False):
            msg = st.text_input(t("ai.chat_input"), key=f"chat_in_{question_id}")
            sent = st.form_submit_button(t("ai.send"))
        if sent and msg.strip():
            try:
                stream = ai.chat(deps, user_id, question_id, msg)
            except (LLMError, ServiceError) as e:
                st.warning(e.message)
                return
            with st.chat_message("user"):
                st.markdown(escape_md(msg))
            with st.chat_message("assistant"):
                st.write_stream(_escaped(stream.chunks()))
            if stream.result.error:
                st.warning(stream.result.error)


def written_grade_panel(
    deps: ai.AIDeps,
    user_id: int,
    attempt_id: int,
    detail: dict[str, object] | None,
    review_status: str | None,
    score: float | None,
    max_score: float,
) -> None:
    """Rubric grade of a written answer: 'AI 채점 (검토 전)' until an instructor decides."""
    if review_status in ("confirmed", "overridden"):
        st.success(t("ai.grade_final", score=f"{score:g}", max=f"{max_score:g}"))
    elif detail and score is not None:
        st.info(
            t("ai.grade_pending", score=f"{score:g}", max=f"{max_score:g}"),
            icon=":material/pending:",
        )
    criteria = detail.get("criteria") if detail else None
    if detail and isinstance(criteria, list):
        rows = [
            {
                t("ai.criterion"): c.get("name"),
                t("ai.awarded"): f"{c.get('awarded')}/{c.get('points')}",
                t("ai.comment"): c.get("comment"),
            }
            for c in criteria
            if isinstance(c, dict)
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        if detail.get("feedback"):
            md(str(detail["feedback"]))
        return
    status = ai.status(deps)
    if not status.enabled:
        st.caption(t("ai.grade_waiting"))
        _off(status)
        return
    if st.button(t("ai.grade_button"), key=f"grade_{attempt_id}", icon=":material/grading:"):
        try:
            with st.spinner(t("ai.thinking")):
                ai.grade_attempt(deps, user_id, attempt_id)
        except (LLMError, ServiceError) as e:
            st.warning(e.message)
        else:
            st.rerun()
