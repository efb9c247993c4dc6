"""Practice by subject: start, answer (graded at once, saved at once), skip, resume, end.

The session's truth lives in SQL (study_sessions.state + attempts), so a learner can
close the tab and continue later, on another browser too.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tutor.db.models import Attempt, Bank, Exam, Question, StudySession
from tutor.domain import selection
from tutor.domain.grading import AUTO_GRADED, InvalidResponse, grade
from tutor.services.accounts import authorize
from tutor.services.clock import SYSTEM_CLOCK, Clock
from tutor.services.errors import Conflict, InvalidInput, NotFound

MAX_COUNT = 200
PRACTICE_TYPES = AUTO_GRADED | {"essay"}  # essays: graded later by the rubric (AI or instructor)
MAX_SECONDS_PER_QUESTION = 1800.0  # a question left open overnight is not 10 hours of study


@dataclass(frozen=True, slots=True)
class QuestionView:
    """What a learner may see before answering: no key, no explanation."""

    id: int
    external_id: str
    exam_slug: str
    subject: str
    type: str
    stem: str
    choices: list[str]
    images: list[str]
    rubric: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Feedback:
    question_id: int
    attempt_id: int
    is_correct: bool | None  # None: a written answer waiting for its rubric grade
    response: dict[str, Any]
    answer: list[Any]
    explanation: str
    references: list[str]
    seconds: float | None
    score: float | None = None
    max_score: float = 1.0
    grade_detail: dict[str, Any] | None = None
    review_status: str | None = None


@dataclass(frozen=True, slots=True)
class PracticeState:
    session_id: int
    exam_slug: str
    exam_name: str
    mode: str
    total: int
    position: int  # 0-based index of the current question
    answered: int
    correct: int
    skipped: int
    finished: bool
    current: QuestionView | None
    feedback: Feedback | None  # set when the current question is already answered
    started_at: dt.datetime


@dataclass(frozen=True, slots=True)
class OpenSession:
    session_id: int
    exam_slug: str
    exam_name: str
    total: int
    answered: int
    started_at: dt.datetime
    updated_at: dt.datetime


def _question_view(q: Question, slug: str) -> QuestionView:
    return QuestionView(
        id=q.id,
        external_id=q.external_id,
        exam_slug=slug,
        subject=q.subject,
        type=q.type,
        stem=q.stem,
        choices=list(q.choices),
        images=list(q.images),
        rubric=list(q.rubric),
    )


def _own_session(s: Session, user_id: int, session_id: int) -> StudySession:
    ss = s.get(StudySession, session_id)
    if ss is None or ss.user_id != user_id:
        # Same answer for "not yours" and "does not exist": no probing other users' ids.
        raise NotFound("학습 세션을 찾을 수 없습니다")
    return ss


def _seen_lineages(s: Session, user_id: int, exam_id: int) -> set[str]:
    stmt = (
        select(Bank.name, Question.external_id)
        .join(Question, Question.bank_id == Bank.id)
        .join(Attempt, Attempt.question_id == Question.id)
        .where(Attempt.user_id == user_id, Bank.exam_id == exam_id)
        .distinct()
    )
    return {f"{b}/{q}" for b, q in s.execute(stmt)}


def start_practice(
    s: Session,
    user_id: int,
    exam_slug: str,
    subjects: list[str],
    count: int,
    order: str = "random",
    *,
    rng: random.Random | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> int:
    authorize(s, user_id)
    exam = s.scalar(select(Exam).where(Exam.slug == exam_slug))
    if exam is None:
        raise NotFound(f"시험 '{exam_slug}'이(가) 없습니다")
    if order not in selection.ORDERS:
        raise InvalidInput(f"순서는 {', '.join(selection.ORDERS)} 중 하나입니다")
    if not 1 <= count <= MAX_COUNT:
        raise InvalidInput(f"문항 수는 1~{MAX_COUNT} 사이로 고르세요")
    known = [x["name"] for x in exam.blueprint["subjects"]]
    if not subjects:
        raise InvalidInput("과목을 하나 이상 고르세요")
    unknown = [x for x in subjects if x not in known]
    if unknown:
        raise InvalidInput(f"이 시험에 없는 과목입니다: {', '.join(unknown)}")
    rows = s.execute(
        select(Question.id, Bank.name, Question.external_id, Question.position)
        .join(Bank, Bank.id == Question.bank_id)
        .where(
            Bank.exam_id == exam.id,
            Bank.status == "published",
            Question.status == "active",
            Question.subject.in_(subjects),
            Question.type.in_(sorted(PRACTICE_TYPES)),
        )
    ).all()
    if not rows:
        raise InvalidInput("선택한 과목에 아직 풀 수 있는 문제가 없습니다", code="empty_bank")
    candidates = [selection.Candidate(qid, f"{b}/{ext}", pos) for qid, b, ext, pos in rows]
    seen = _seen_lineages(s, user_id, exam.id) if order == "unseen_first" else set()
    ids = selection.choose(candidates, count, order, seen, rng or random.Random())
    now = clock.now()
    ss = StudySession(
        user_id=user_id,
        exam_id=exam.id,
        mode="practice",
        config={"subjects": subjects, "count": count, "order": order},
        state={"order": ids, "pos": 0, "answered": {}, "skipped": [], "shown_at": now.isoformat()},
        started_at=now,
        updated_at=now,
    )
    s.add(ss)
    s.flush()
    return ss.id


def _feedback(q: Question, a: Attempt) -> Feedback:
    return Feedback(
        question_id=q.id,
        attempt_id=a.id,
        is_correct=a.is_correct,
        response=dict(a.response),
        answer=list(q.answer),
        explanation=q.explanation,
        references=list(q.references),
        seconds=a.seconds,
        score=a.score,
        max_score=a.max_score,
        grade_detail=dict(a.grade_detail) if a.grade_detail else None,
        review_status=a.review_status,
    )


def practice_state(s: Session, user_id: int, session_id: int) -> PracticeState:
    authorize(s, user_id)
    ss = _own_session(s, user_id, session_id)
    exam = s.get(Exam, ss.exam_id)
    assert exam is not None
    st = ss.state
    order: list[int] = st["order"]
    pos: int = st["pos"]
    answered: dict[str, Any] = st["answered"]
    current = feedback = None
    if ss.finished_at is None and pos < len(order):
        q = s.get(Question, order[pos])
        assert q is not None
        current = _question_view(q, exam.slug)
        if str(q.id) in answered:
            a = s.get(Attempt, answered[str(q.id)]["attempt"])
            assert a is not None
            feedback = _feedback(q, a)
    return PracticeState(
        session_id=ss.id,
        exam_slug=exam.slug,
        exam_name=exam.name_ko,
        mode=ss.mode,
        total=len(order),
        position=pos,
        answered=len(answered),
        correct=sum(1 for v in answered.values() if v["correct"]),
        skipped=len(st["skipped"]),
        finished=ss.finished_at is not None,
        current=current,
        feedback=feedback,
        started_at=ss.started_at,
    )


def _open_for_answer(s: Session, user_id: int, session_id: int) -> StudySession:
    authorize(s, user_id)
    ss = _own_session(s, user_id, session_id)
    if ss.finished_at is not None:
        raise Conflict("이미 끝난 세션입니다", code="finished")
    return ss


def submit_answer(
    s: Session,
    user_id: int,
    session_id: int,
    question_id: int,
    response: dict[str, Any],
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> Feedback:
    """Grade by the key and save the attempt in the caller's transaction."""
    ss = _open_for_answer(s, user_id, session_id)
    st = ss.state
    order, pos = st["order"], st["pos"]
    if pos >= len(order) or order[pos] != question_id:
        raise Conflict("지금 풀고 있는 문제가 아닙니다. 화면을 새로 고치세요", code="stale")
    q = s.get(Question, question_id)
    assert q is not None
    done = st["answered"].get(str(question_id))
    if done is not None:  # a double click or a second tab: the first answer stands
        a = s.get(Attempt, done["attempt"])
        assert a is not None
        return _feedback(q, a)
    now = clock.now()
    hints = len(st.get("hints", {}).get(str(q.id), []))
    if q.type == "essay":
        text = response.get("text")
        if not isinstance(text, str) or not text.strip():
            raise InvalidInput("답안을 입력하세요", code="response")
        if len(text) > 20000:
            raise InvalidInput("답안은 20,000자까지입니다", code="response")
        a = Attempt(
            session_id=ss.id,
            user_id=user_id,
            question_id=q.id,
            response={"text": text},
            is_correct=None,
            score=None,
            max_score=float(sum(float(c["points"]) for c in q.rubric)),
            grader="pending",
            review_status="pending",
            hints_used=hints,
            answered_at=now,
        )
        s.add(a)
        s.flush()
        answered = dict(st["answered"])
        answered[str(q.id)] = {"attempt": a.id, "correct": False, "written": True}
        ss.state = {**st, "answered": answered}
        ss.updated_at = now
        return _feedback(q, a)
    try:
        g = grade(q.type, q.answer, response, n_choices=len(q.choices), tolerance=q.tolerance)
    except InvalidResponse as e:
        raise InvalidInput(str(e), code="response") from None
    shown = dt.datetime.fromisoformat(st["shown_at"])
    seconds = min(max((now - shown).total_seconds(), 0.0), MAX_SECONDS_PER_QUESTION)
    a = Attempt(
        session_id=ss.id,
        user_id=user_id,
        question_id=q.id,
        response=response,
        is_correct=g.is_correct,
        score=g.score,
        max_score=g.max_score,
        grader="exact",
        seconds=round(seconds, 2),
        answered_at=now,
        hints_used=hints,
    )
    s.add(a)
    s.flush()
    answered = dict(st["answered"])
    answered[str(q.id)] = {"attempt": a.id, "correct": g.is_correct}
    ss.state = {**st, "answered": answered}
    ss.updated_at = now
    return _feedback(q, a)


def _move_on(ss: StudySession, now: dt.datetime, *, skip: bool) -> None:
    st = ss.state
    order, pos = st["order"], st["pos"]
    skipped = list(st["skipped"])
    if skip:
        skipped.append(order[pos])
    pos += 1
    ss.state = {**st, "pos": pos, "skipped": skipped, "shown_at": now.isoformat()}
    ss.updated_at = now
    if pos >= len(order):
        ss.finished_at = now


def next_question(
    s: Session, user_id: int, session_id: int, *, clock: Clock = SYSTEM_CLOCK
) -> None:
    ss = _open_for_answer(s, user_id, session_id)
    st = ss.state
    if st["pos"] >= len(st["order"]):
        return
    if str(st["order"][st["pos"]]) not in st["answered"]:
        raise Conflict("답을 제출하거나 건너뛰기를 누르세요", code="unanswered")
    _move_on(ss, clock.now(), skip=False)


def skip_question(
    s: Session, user_id: int, session_id: int, *, clock: Clock = SYSTEM_CLOCK
) -> None:
    ss = _open_for_answer(s, user_id, session_id)
    st = ss.state
    if st["pos"] >= len(st["order"]):
        return
    if str(st["order"][st["pos"]]) in st["answered"]:
        _move_on(ss, clock.now(), skip=False)
    else:
        _move_on(ss, clock.now(), skip=True)


def finish(s: Session, user_id: int, session_id: int, *, clock: Clock = SYSTEM_CLOCK) -> None:
    authorize(s, user_id)
    ss = _own_session(s, user_id, session_id)
    if ss.finished_at is None:
        ss.finished_at = clock.now()
        ss.updated_at = ss.finished_at


def open_sessions(s: Session, user_id: int, limit: int = 5) -> list[OpenSession]:
    """Unfinished practice sessions, newest first: what 'continue' offers."""
    authorize(s, user_id)
    rows = s.execute(
        select(StudySession, Exam.slug, Exam.name_ko)
        .join(Exam, Exam.id == StudySession.exam_id)
        .where(
            StudySession.user_id == user_id,
            StudySession.finished_at.is_(None),
            StudySession.mode == "practice",
        )
        .order_by(StudySession.updated_at.desc())
        .limit(limit)
    ).all()
    return [
        OpenSession(
            session_id=ss.id,
            exam_slug=slug,
            exam_name=name,
            total=len(ss.state["order"]),
            answered=len(ss.state["answered"]),
            started_at=ss.started_at,
            updated_at=ss.updated_at,
        )
        for ss, slug, name in rows
    ]
