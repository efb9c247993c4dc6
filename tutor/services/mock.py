"""Timed mock exams under the official rules.

Time is kept on the server: each 교시 has a deadline stored in the session; every call
checks the clock, so a reload, a closed browser or another device resumes the same 교시
with the same remaining time, and a 교시 whose time ran out is submitted as it stands.
Each answer is saved (and graded by the key, not shown) the moment it is chosen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from tutor.db.models import Attempt, Bank, Exam, Question, StudySession
from tutor.domain.grading import InvalidResponse, grade
from tutor.domain.pass_rule import PassRule, Verdict
from tutor.services.accounts import authorize
from tutor.services.clock import SYSTEM_CLOCK, Clock
from tutor.services.errors import Conflict, InvalidInput, NotFound

MOCK_TYPES = ("single", "multi")
WARN_AT_SECONDS = (600, 60)


@dataclass(frozen=True, slots=True)
class MockQuestion:
    id: int
    number: int  # 1-based within the exam
    subject: str
    type: str
    stem: str
    choices: list[str]
    images: list[str]


@dataclass(frozen=True, slots=True)
class SheetCell:
    number: int
    question_id: int
    answer: int | None  # the single choice, or the first of a multi answer
    answered: bool
    marked: bool


@dataclass(frozen=True, slots=True)
class MockView:
    session_id: int
    exam_slug: str
    exam_name: str
    scale: str
    period_index: int
    period_name: str
    periods: list[str]
    minutes: int
    remaining_seconds: float
    waiting_next: bool  # this 교시 is submitted; the next has not started
    finished: bool
    position: int  # index within the current 교시
    current: MockQuestion | None
    current_response: dict[str, Any] | None
    sheet: list[SheetCell]  # the current 교시's answer sheet
    unanswered: int
    auto_submitted: list[str]  # 교시 names submitted because time ran out
    shortfalls: list[str]


@dataclass(frozen=True, slots=True)
class MockSummary:
    session_id: int
    exam_slug: str
    exam_name: str
    scale: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    passed: bool | None
    total_percent: float | None
    subjects: dict[str, float]  # unit name → percent


@dataclass(frozen=True, slots=True)
class ResultItem:
    number: int
    question_id: int
    external_id: str
    subject: str
    type: str
    stem: str
    choices: list[str]
    images: list[str]
    answer: list[Any]
    response: dict[str, Any] | None
    is_correct: bool
    explanation: str
    references: list[str]
    seconds: float


@dataclass(frozen=True, slots=True)
class MockResult:
    summary: MockSummary
    verdict: Verdict
    items: list[ResultItem]
    rule: PassRule
    shortfalls: list[str]


# ----------------------------------------------------------------------------- helpers


def _iso(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).isoformat()


def _t(s: str) -> dt.datetime:
    return dt.datetime.fromisoformat(s)


def _own_mock(s: Session, user_id: int, session_id: int) -> StudySession:
    authorize(s, user_id)
    ss = s.get(StudySession, session_id)
    if ss is None or ss.user_id != user_id or ss.mode != "mock":
        raise NotFound("모의고사를 찾을 수 없습니다")
    return ss


def _period_ids(ss: StudySession, index: int) -> list[int]:
    return list(ss.config["periods"][index]["questions"])


def _recent_rank(s: Session, user_id: int, exam_id: int) -> dict[str, int]:
    """lineage → rank by how recently this learner answered it (1 = longest ago)."""
    rows = s.execute(
        select(Bank.name, Question.external_id, func.max(Attempt.answered_at))
        .join(Question, Question.bank_id == Bank.id)
        .join(Attempt, Attempt.question_id == Question.id)
        .where(Attempt.user_id == user_id, Bank.exam_id == exam_id)
        .group_by(Bank.name, Question.external_id)
        .order_by(func.max(Attempt.answered_at))
    ).all()
    return {f"{b}/{q}": i for i, (b, q, _) in enumerate(rows, start=1)}


def _charge_time(ss: StudySession, now: dt.datetime) -> dict[str, Any]:
    """Add the time since the current question was shown to that question."""
    st = dict(ss.state)
    p = st["period"]
    ids = _period_ids(ss, p)
    since = _t(st["viewing_since"])
    end = min(now, _t(st["deadline"][str(p)]))
    if st["pos"] < len(ids) and end > since:
        qid = str(ids[st["pos"]])
        times = dict(st["time"])
        times[qid] = round(times.get(qid, 0.0) + (end - since).total_seconds(), 2)
        st["time"] = times
    st["viewing_since"] = _iso(now)
    return st


def _close_period(s: Session, ss: StudySession, now: dt.datetime, *, by_time: bool) -> None:
    st = _charge_time(ss, now)
    p = st["period"]
    submitted = list(st["submitted"])
    if p not in submitted:
        submitted.append(p)
    st["submitted"] = submitted
    if by_time:
        st["auto"] = [*st.get("auto", []), p]
    ss.state = st
    ss.updated_at = now
    if p == len(ss.config["periods"]) - 1:
        _finish(s, ss, now)


def _finish(s: Session, ss: StudySession, now: dt.datetime) -> None:
    times = ss.state["time"]
    for a in s.scalars(select(Attempt).where(Attempt.session_id == ss.id)):
        a.seconds = float(times.get(str(a.question_id), 0.0))
    ss.finished_at = now
    ss.updated_at = now


def _expire(s: Session, ss: StudySession, now: dt.datetime) -> None:
    """Submit the current 교시 if its time has run out (lazily, on any call)."""
    if ss.finished_at is not None:
        return
    p = ss.state["period"]
    if p in ss.state["submitted"]:
        return
    if now >= _t(ss.state["deadline"][str(p)]):
        _close_period(s, ss, now, by_time=True)


def _open_period(ss: StudySession, now: dt.datetime) -> StudySession:
    if ss.finished_at is not None:
        raise Conflict("이미 제출한 모의고사입니다", code="finished")
    if ss.state["period"] in ss.state["submitted"]:
        raise Conflict("이 교시는 제출되었습니다. 다음 교시를 시작하세요", code="period_closed")
    return ss


# ------------------------------------------------------------------------------- view


def mock_view(
    s: Session, user_id: int, session_id: int, *, clock: Clock = SYSTEM_CLOCK
) -> MockView:
    ss = _own_mock(s, user_id, session_id)
    now = clock.now()
    _expire(s, ss, now)
    exam = s.get(Exam, ss.exam_id)
    assert exam is not None
    st = ss.state
    p = st["period"]
    period = ss.config["periods"][p]
    ids = _period_ids(ss, p)
    offset = sum(len(x["questions"]) for x in ss.config["periods"][:p])
    waiting = p in st["submitted"] and ss.finished_at is None
    remaining = 0.0
    if not waiting and ss.finished_at is None:
        remaining = max(0.0, (_t(st["deadline"][str(p)]) - now).total_seconds())
    answers: dict[str, Any] = st["answers"]
    marked = set(st["marked"])
    sheet = []
    for i, qid in enumerate(ids):
        r = answers.get(str(qid))
        first = None
        if r is not None:
            first = (
                r.get("choice") if "choice" in r else (sorted(r.get("choices", [])) or [None])[0]
            )
        sheet.append(SheetCell(offset + i + 1, qid, first, r is not None, qid in marked))
    current = None
    current_response = None
    if ss.finished_at is None and not waiting and ids:
        pos = min(st["pos"], len(ids) - 1)
        q = s.get(Question, ids[pos])
        assert q is not None
        current = MockQuestion(
            q.id, offset + pos + 1, q.subject, q.type, q.stem, list(q.choices), list(q.images)
        )
        current_response = answers.get(str(q.id))
    names = [x["name"] for x in ss.config["periods"]]
    return MockView(
        session_id=ss.id,
        exam_slug=exam.slug,
        exam_name=exam.name_ko,
        scale=ss.config["scale"],
        period_index=p,
        period_name=period["name"],
        periods=names,
        minutes=period["minutes"],
        remaining_seconds=remaining,
        waiting_next=waiting,
        finished=ss.finished_at is not None,
        position=st["pos"],
        current=current,
        current_response=current_response,
        sheet=sheet,
        unanswered=sum(1 for c in sheet if not c.answered),
        auto_submitted=[names[i] for i in st.get("auto", [])],
        shortfalls=list(ss.config.get("shortfalls", [])),
    )


# ---------------------------------------------------------------------------- actions


def answer(
    s: Session,
    user_id: int,
    session_id: int,
    question_id: int,
    response: dict[str, Any] | None,
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> None:
    """Save (or clear, with None) the answer to a question of the open 교시."""
    ss = _own_mock(s, user_id, session_id)
    now = clock.now()
    _expire(s, ss, now)
    _open_period(ss, now)
    if question_id not in _period_ids(ss, ss.state["period"]):
        raise Conflict("이 교시의 문제가 아닙니다", code="stale")
    q = s.get(Question, question_id)
    assert q is not None
    existing = s.scalar(
        select(Attempt).where(Attempt.session_id == ss.id, Attempt.question_id == q.id)
    )
    answers = dict(ss.state["answers"])
    if response is None:
        if existing is not None:
            s.execute(delete(Attempt).where(Attempt.id == existing.id))
        answers.pop(str(q.id), None)
    else:
        try:
            g = grade(q.type, q.answer, response, n_choices=len(q.choices), tolerance=q.tolerance)
        except InvalidResponse as e:
            raise InvalidInput(str(e), code="response") from None
        if existing is None:
            s.add(
                Attempt(
                    session_id=ss.id,
                    user_id=user_id,
                    question_id=q.id,
                    response=response,
                    is_correct=g.is_correct,
                    score=g.score,
                    max_score=g.max_score,
                    grader="exact",
                    answered_at=now,
                )
            )
        else:
            existing.response = response
            existing.is_correct, existing.score = g.is_correct, g.score
            existing.answered_at = now
        answers[str(q.id)] = response
    ss.state = {**ss.state, "answers": answers}
    ss.updated_at = now


def goto(
    s: Session, user_id: int, session_id: int, position: int, *, clock: Clock = SYSTEM_CLOCK
) -> None:
    """Move to a question of the open 교시 (0-based within it)."""
    ss = _own_mock(s, user_id, session_id)
    now = clock.now()
    _expire(s, ss, now)
    _open_period(ss, now)
    n = len(_period_ids(ss, ss.state["period"]))
    if not 0 <= position < n:
        raise InvalidInput(f"문항 번호가 범위 밖입니다 (1~{n})")
    st = _charge_time(ss, now)
    st["pos"] = position
    ss.state = st
    ss.updated_at = now


def toggle_mark(
    s: Session, user_id: int, session_id: int, question_id: int, *, clock: Clock = SYSTEM_CLOCK
) -> bool:
    ss = _own_mock(s, user_id, session_id)
    now = clock.now()
    _expire(s, ss, now)
    _open_period(ss, now)
    marked = list(ss.state["marked"])
    if question_id in marked:
        marked.remove(question_id)
    else:
        marked.append(question_id)
    ss.state = {**ss.state, "marked": marked}
    return question_id in marked


def submit_period(
    s: Session, user_id: int, session_id: int, *, clock: Clock = SYSTEM_CLOCK
) -> bool:
    """Submit the open 교시. Returns True when that was the last one (the exam is over)."""
    ss = _own_mock(s, user_id, session_id)
    now = clock.now()
    _expire(s, ss, now)
    if ss.finished_at is not None:
        return True
    if ss.state["period"] in ss.state["submitted"]:
        return False
    _close_period(s, ss, now, by_time=False)
    return ss.finished_at is not None


def start_next_period(
    s: Session, user_id: int, session_id: int, *, clock: Clock = SYSTEM_CLOCK
) -> None:
    ss = _own_mock(s, user_id, session_id)
    now = clock.now()
    st = dict(ss.state)
    if ss.finished_at is not None or st["period"] not in st["submitted"]:
        raise Conflict("지금은 다음 교시를 시작할 수 없습니다", code="not_waiting")
    p = st["period"] + 1
    minutes = ss.config["periods"][p]["minutes"]
    deadline = now + dt.timedelta(minutes=minutes)
    st["period"], st["pos"] = p, 0
    st["started"] = {**st["started"], str(p): _iso(now)}
    st["deadline"] = {**st["deadline"], str(p): _iso(deadline)}
    st["viewing_since"] = _iso(now)
    ss.state = st
    ss.deadline = deadline
    ss.updated_at = now


def abandon(s: Session, user_id: int, session_id: int, *, clock: Clock = SYSTEM_CLOCK) -> None:
    """Give up: every 교시 left is submitted as it stands and the exam is judged."""
    ss = _own_mock(s, user_id, session_id)
    now = clock.now()
    while ss.finished_at is None:
        if ss.state["period"] not in ss.state["submitted"]:
            _close_period(s, ss, now, by_time=False)
        else:
            start_next_period(s, user_id, session_id, clock=clock)


def active_mock(s: Session, user_id: int, *, clock: Clock = SYSTEM_CLOCK) -> int | None:
    authorize(s, user_id)
    sid = s.scalar(
        select(StudySession.id).where(
            StudySession.user_id == user_id,
            StudySession.mode == "mock",
            StudySession.finished_at.is_(None),
        )
    )
    return sid


def period_sizes(s: Session, user_id: int, session_id: int) -> list[tuple[int, int]]:
    """(questions, minutes) of every 교시 of this mock."""
    ss = _own_mock(s, user_id, session_id)
    return [(len(p["questions"]), int(p["minutes"])) for p in ss.config["periods"]]
