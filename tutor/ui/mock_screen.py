"""The timed exam screen, shaped like a Korean CBT screen: exam name, 교시, time and unanswered
count always visible; text size; previous/next; an answer-sheet panel (답안 표기란) whose numbers
jump to their question; mark for review; submit with a confirmation stating the unanswered."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from tutor.bootstrap import AppContext
from tutor.domain.grading import choice_label
from tutor.i18n import t
from tutor.services import mock
from tutor.services.errors import Conflict, ServiceError
from tutor.ui.components import md, plain, question_images

FONT_SIZES = (0.95, 1.05, 1.2, 1.35)
SHEET_COLUMNS = 5


def _font_css(level: int) -> str:
    size = FONT_SIZES[level]
    # Our own constant CSS (never user text): scales the question and its choices.
    return (
        "<style>.st-key-mock_question p, .st-key-mock_question li, "
        ".st-key-mock_question label p {font-size: " + f"{size}rem" + " !important;}"
        # compact OMR cells: number, marked answer and ★ must fit in one small button
        ".st-key-answer_sheet button {padding: 0.2rem 0.1rem; min-height: 2.1rem;}"
        ".st-key-answer_sheet button p {font-size: 0.85rem; white-space: nowrap;}"
        ".st-key-answer_sheet [data-testid=stHorizontalBlock] {gap: 0.3rem;}"
        "</style>"
    )


def _clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h:d}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def _save(app: AppContext, user_id: int, sid: int, qid: int, widget: str) -> None:
    value = st.session_state.get(widget)
    try:
        with app.uow() as s:
            mock.answer(s, user_id, sid, qid, None if value is None else {"choice": int(value)})
    except Conflict:
        st.session_state["mock_flash"] = "stale"


def _save_multi(app: AppContext, user_id: int, sid: int, qid: int, n: int) -> None:
    picked = [i for i in range(1, n + 1) if st.session_state.get(f"mq_{qid}_{i}")]
    try:
        with app.uow() as s:
            mock.answer(s, user_id, sid, qid, {"choices": picked} if picked else None)
    except Conflict:
        st.session_state["mock_flash"] = "stale"


def _timer(deadline: dt.datetime, period: str) -> None:
    """Counts down in the browser-facing fragment; the deadline itself is the server's."""

    @st.fragment(run_every=1.0)
    def tick() -> None:
        left = (deadline - dt.datetime.now(dt.UTC)).total_seconds()
        if left <= 0:
            st.rerun(scope="app")  # the service submits the 교시 that ran out
        warned = st.session_state.setdefault("mock_warned", set())
        for limit, key in ((600, "mock.warn_10"), (60, "mock.warn_1")):
            if left <= limit and (period, limit) not in warned:
                warned.add((period, limit))
                st.toast(t(key), icon=":material/alarm:")
        label = f":material/timer: {t('mock.remaining_time')} **{_clock(left)}**"
        if left <= 60:
            st.error(label)
        elif left <= 600:
            st.warning(label)
        else:
            st.info(label)

    tick()


def _header(v: mock.MockView) -> None:
    with st.container(border=True):
        c1, c2, c3 = st.columns([3, 2, 2], vertical_alignment="center")
        c1.markdown(
            f"**{plain(v.exam_name)}** · {plain(v.period_name)}"
            + ("" if v.scale == "1" else f" · {t('mock.scale.' + v.scale)}")
        )
        with c2:
            deadline = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=v.remaining_seconds)
            _timer(deadline, v.period_name)
        c3.metric(t("mock.remaining_q"), f"{v.unanswered} / {len(v.sheet)}")


def _question(app: AppContext, user_id: int, v: mock.MockView) -> None:
    q = v.current
    assert q is not None
    with st.container(key="mock_question", border=True):
        st.markdown(f"**{q.number}.** <small>{plain(q.subject)}</small>", unsafe_allow_html=True)
        md(q.stem)
        question_images(v.exam_slug, q.images)
        current: dict[str, Any] = v.current_response or {}
        if q.type == "multi":
            chosen = set(current.get("choices", []))
            for i, c in enumerate(q.choices, start=1):
                st.checkbox(
                    f"{choice_label(i)} {plain(c)}",
                    value=i in chosen,
                    key=f"mq_{q.id}_{i}",
                    on_change=_save_multi,
                    args=(app, user_id, v.session_id, q.id, len(q.choices)),
                )
        else:
            widget = f"mq_{q.id}"
            choice = current.get("choice")
            st.radio(
                t("practice.your_answer"),
                options=list(range(1, len(q.choices) + 1)),
                format_func=lambda i: f"{choice_label(i)} {plain(q.choices[i - 1])}",
                index=None if choice is None else int(choice) - 1,
                key=widget,
                label_visibility="collapsed",
                on_change=_save,
                args=(app, user_id, v.session_id, q.id, widget),
            )


def _nav(app: AppContext, user_id: int, v: mock.MockView) -> None:
    q = v.current
    assert q is not None
    n = len(v.sheet)
    cell = v.sheet[v.position]
    c1, c2, c3, c4 = st.columns(4)
    if c1.button(t("mock.prev"), disabled=v.position == 0, width="stretch", key="m_prev"):
        _goto(app, user_id, v.session_id, v.position - 1)
    if c2.button(
        t("mock.mark") if not cell.marked else t("mock.unmark"),
        width="stretch",
        key="m_mark",
    ):
        with app.uow() as s:
            mock.toggle_mark(s, user_id, v.session_id, q.id)
        st.rerun()
    if c3.button(t("mock.clear"), disabled=not cell.answered, width="stretch", key="m_clear"):
        with app.uow() as s:
            mock.answer(s, user_id, v.session_id, q.id, None)
        st.session_state.pop(f"mq_{q.id}", None)
        st.rerun()
    if c4.button(
        t("mock.next"),
        disabled=v.position >= n - 1,
        width="stretch",
        key="m_next",
        type="primary",
    ):
        _goto(app, user_id, v.session_id, v.position + 1)


def _goto(app: AppContext, user_id: int, sid: int, pos: int) -> None:
    try:
        with app.uow() as s:
            mock.goto(s, user_id, sid, pos)
    except ServiceError as e:
        st.session_state["mock_flash"] = e.message
    st.rerun()


def _sheet(app: AppContext, user_id: int, v: mock.MockView) -> None:
    st.markdown(f"**{t('mock.sheet')}**")
    st.caption(t("mock.sheet_help"))
    rows = [v.sheet[i : i + SHEET_COLUMNS] for i in range(0, len(v.sheet), SHEET_COLUMNS)]
    for row in rows:
        cols = st.columns(SHEET_COLUMNS, gap="small")
        for col, cell in zip(cols, row, strict=False):
            mark = choice_label(cell.answer) if cell.answer else "–"
            star = "★" if cell.marked else ""
            index = cell.number - v.sheet[0].number
            if col.button(
                f"{cell.number}{mark}{star}",
                key=f"sheet_{cell.question_id}",
                type="primary" if index == v.position else "secondary",
                width="stretch",
            ):
                _goto(app, user_id, v.session_id, index)


def _submit(app: AppContext, user_id: int, v: mock.MockView) -> None:
    if not st.session_state.get("mock_confirm"):
        if st.button(t("mock.submit"), type="primary", width="stretch", key="m_submit"):
            st.session_state["mock_confirm"] = True
            st.rerun()
        return
    st.warning(t("mock.confirm", period=v.period_name, n=v.unanswered))
    c1, c2 = st.columns(2)
    if c1.button(t("mock.confirm_yes"), type="primary", width="stretch", key="m_yes"):
        st.session_state["mock_confirm"] = False
        with app.uow() as s:
            done = mock.submit_period(s, user_id, v.session_id)
        if done:
            st.query_params["result"] = str(v.session_id)
        st.rerun()
    if c2.button(t("mock.confirm_no"), width="stretch", key="m_no"):
        st.session_state["mock_confirm"] = False
        st.rerun()


def _between(app: AppContext, user_id: int, v: mock.MockView) -> None:
    st.title(t("mock.title"))
    if v.auto_submitted:
        st.warning(t("mock.time_up", periods=", ".join(v.auto_submitted)))
    nxt = v.period_index + 1
    with app.uow() as s:
        sizes = mock.period_sizes(s, user_id, v.session_id)
    st.info(
        t(
            "mock.between",
            done=v.period_name,
            next=v.periods[nxt],
            n=sizes[nxt][0],
            minutes=sizes[nxt][1],
        )
    )
    c1, c2 = st.columns(2)
    if c1.button(t("mock.start_next", next=v.periods[nxt]), type="primary", key="m_start_next"):
        with app.uow() as s:
            mock.start_next_period(s, user_id, v.session_id)
        st.rerun()
    if c2.button(t("mock.abandon"), key="m_abandon"):
        with app.uow() as s:
            mock.abandon(s, user_id, v.session_id)
        st.query_params["result"] = str(v.session_id)
        st.rerun()


def exam_screen(app: AppContext, user_id: int, sid: int) -> None:
    with app.uow() as s:
        v = mock.mock_view(s, user_id, sid)
    if v.finished:
        st.query_params["result"] = str(sid)
        st.rerun()
    if v.waiting_next:
        _between(app, user_id, v)
        return
    st.set_page_config(layout="wide")  # the exam screen needs room for the answer sheet
    flash = st.session_state.pop("mock_flash", None)
    if flash:
        st.toast(t("practice.stale") if flash == "stale" else flash)
    level = int(st.session_state.get("mock_font", 1))
    st.html(_font_css(level))
    _header(v)
    if v.shortfalls:
        with st.expander(t("mock.shortfall")):
            st.markdown("\n".join(f"- {plain(x)}" for x in v.shortfalls))
    main, side = st.columns([7, 3], gap="medium")
    with main:
        _question(app, user_id, v)
        _nav(app, user_id, v)
    with side:
        f1, f2, f3 = st.columns([3, 2, 2], vertical_alignment="center")
        f1.caption(t("mock.font"))
        if f2.button("가−", key="font_down", disabled=level == 0, width="stretch"):
            st.session_state["mock_font"] = level - 1
            st.rerun()
        if f3.button("가+", key="font_up", disabled=level == len(FONT_SIZES) - 1, width="stretch"):
            st.session_state["mock_font"] = level + 1
            st.rerun()
        with st.container(border=True, key="answer_sheet"):
            _sheet(app, user_id, v)
        _submit(app, user_id, v)
