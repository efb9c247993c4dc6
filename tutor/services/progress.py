"""A learner's own progress: totals, per subject, over time, sessions and their review.

Every query is filtered by the acting user's id; there is no parameter that could
read another learner's data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from tutor.db.models import Attempt, Exam, Question, StudySession
from tutor.services.accounts import authorize
from tutor.services.practice import _own_session


@dataclass(frozen=True, slots=True)
class SubjectStat:
    exam_slug: str
    exam_name: str
    subject: str
    answered: int
    correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True, slots=True)
class DayStat:
    day: dt.date  # in the display time zone
    answered: int
    correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True, slots=True)
class SessionRow:
    session_id: int
    exam_slug: str
    exam_name: str
    mode: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    planned: int
    answered: int
    correct: int
    seconds: float


@dataclass(frozen=True, slots=True)
class Overview:
    answered: int
    correct: int
    seconds: float
    sessions: int
    subjects: list[SubjectStat]
    days: list[DayStat]
    recent: list[SessionRow]

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


def _correct_sum() -> Any:
    return func.sum(case((Attempt.is_correct.is_(True), 1), else_=0))


def _session_rows(
    s: Session, user_id: int, limit: int, session_id: int | None = None
) -> list[SessionRow]:
    agg = (
        select(
            Attempt.session_id,
            func.count().label("n"),
            _correct_sum().label("c"),
            func.coalesce(func.sum(Attempt.seconds), 0.0).label("t"),
        )
        .where(Attempt.user_id == user_id, Attempt.is_correct.is_not(None))
        .group_by(Attempt.session_id)
        .subquery()
    )
    stmt = (
        select(StudySession, Exam.slug, Exam.name_ko, agg.c.n, agg.c.c, agg.c.t)
        .join(Exam, Exam.id == StudySession.exam_id)
        .outerjoin(agg, agg.c.session_id == StudySession.id)
        .where(StudySession.user_id == user_id)
        .order_by(StudySession.started_at.desc(), StudySession.id.desc())
        .limit(limit)
    )
    if session_id is not None:
        stmt = stmt.where(StudySession.id == session_id)
    return [
        SessionRow(
            session_id=ss.id,
            exam_slug=slug,
            exam_name=name,
            mode=ss.mode,
            started_at=ss.started_at,
            finished_at=ss.finished_at,
            planned=len(ss.state.get("order", [])),
            answered=int(n or 0),
            correct=int(c or 0),
            seconds=float(t or 0.0),
        )
        for ss, slug, name, n, c, t in s.execute(stmt)
    ]


def overview(s: Session, user_id: int, tz: ZoneInfo, *, recent: int = 20) -> Overview:
    authorize(s, user_id)
    subj_rows = s.execute(
        select(Exam.slug, Exam.name_ko, Question.subject, func.count(), _correct_sum())
        .select_from(Attempt)
        .join(Question, Question.id == Attempt.question_id)
        .join(StudySession, StudySession.id == Attempt.session_id)
        .join(Exam, Exam.id == StudySession.exam_id)
        .where(Attempt.user_id == user_id, Attempt.is_correct.is_not(None))
        .group_by(Exam.slug, Exam.name_ko, Question.subject)
        .order_by(Exam.slug, Question.subject)
    ).all()
    subjects = [SubjectStat(a, b, c, int(n), int(k or 0)) for a, b, c, n, k in subj_rows]
    days: dict[dt.date, list[int]] = {}
    for at, ok in s.execute(
        select(Attempt.answered_at, Attempt.is_correct).where(
            Attempt.user_id == user_id, Attempt.is_correct.is_not(None)
        )
    ):
        d = at.astimezone(tz).date()
        bucket = days.setdefault(d, [0, 0])
        bucket[0] += 1
        bucket[1] += 1 if ok else 0
    totals = s.execute(
        select(func.count(), _correct_sum(), func.coalesce(func.sum(Attempt.seconds), 0.0)).where(
            Attempt.user_id == user_id, Attempt.is_correct.is_not(None)
        )
    ).one()
    n_sessions = s.scalar(
        select(func.count()).select_from(StudySession).where(StudySession.user_id == user_id)
    )
    return Overview(
        answered=int(totals[0] or 0),
        correct=int(totals[1] or 0),
        seconds=float(totals[2] or 0.0),
        sessions=int(n_sessions or 0),
        subjects=subjects,
        days=[DayStat(d, v[0], v[1]) for d, v in sorted(days.items())],
        recent=_session_rows(s, user_id, recent),
    )


@dataclass(frozen=True, slots=True)
class ReviewItem:
    number: int
    question_id: int
    external_id: str
    subject: str
    type: str
    stem: str
    choices: list[str]
    answer: list[Any]
    explanation: str
    references: list[str]
    images: list[str]
    response: dict[str, Any] | None  # None: skipped or not reached
    is_correct: bool | None
    seconds: float | None


@dataclass(frozen=True, slots=True)
class SessionReview:
    row: SessionRow
    per_subject: list[tuple[str, int, int]]  # subject, answered, correct
    skipped: int
    items: list[ReviewItem]


def session_review(s: Session, user_id: int, session_id: int) -> SessionReview:
    """Summary and every question of one of the learner's own sessions."""
    authorize(s, user_id)
    ss = _own_session(s, user_id, session_id)
    row = _session_rows(s, user_id, 1, session_id=ss.id)[0]
    order: list[int] = ss.state.get("order", [])
    questions = {q.id: q for q in s.scalars(select(Question).where(Question.id.in_(order)))}
    attempts = {
        a.question_id: a
        for a in s.scalars(
            select(Attempt).where(Attempt.session_id == ss.id, Attempt.user_id == user_id)
        )
    }
    items = []
    per: dict[str, list[int]] = {}
    for i, qid in enumerate(order, start=1):
        q = questions[qid]
        a = attempts.get(qid)
        if a is not None and a.is_correct is not None:
            bucket = per.setdefault(q.subject, [0, 0])
            bucket[0] += 1
            bucket[1] += 1 if a.is_correct else 0
        items.append(
            ReviewItem(
                number=i,
                question_id=q.id,
                external_id=q.external_id,
                subject=q.subject,
                type=q.type,
                stem=q.stem,
                choices=list(q.choices),
                answer=list(q.answer),
                explanation=q.explanation,
                references=list(q.references),
                images=list(q.images),
                response=dict(a.response) if a else None,
                is_correct=a.is_correct if a else None,
                seconds=a.seconds if a else None,
            )
        )
    return SessionReview(
        row=row,
        per_subject=[(k, v[0], v[1]) for k, v in per.items()],
        skipped=len(ss.state.get("skipped", [])),
        items=items,
    )
