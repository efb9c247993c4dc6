"""Instructors confirm or override rubric grades of written answers ('AI 채점 (검토 전)')."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tutor.db.models import Attempt, Question, QuestionFlag, User
from tutor.services import audit
from tutor.services.accounts import authorize
from tutor.services.clock import SYSTEM_CLOCK, Clock
from tutor.services.errors import InvalidInput, NotFound


@dataclass(frozen=True, slots=True)
class PendingWritten:
    attempt_id: int
    learner: str
    question_external_id: str
    subject: str
    stem: str
    answer_text: str
    rubric: list[dict[str, Any]]
    score: float | None
    max_score: float
    grader: str
    detail: dict[str, Any] | None
    answered_at: dt.datetime


def pending_written(s: Session, actor_id: int, *, limit: int = 50) -> list[PendingWritten]:
    authorize(s, actor_id, "instructor", "admin")
    rows = s.execute(
        select(Attempt, Question, User.display_name)
        .join(Question, Question.id == Attempt.question_id)
        .join(User, User.id == Attempt.user_id)
        .where(Attempt.review_status == "pending")
        .order_by(Attempt.answered_at)
        .limit(limit)
    ).all()
    return [
        PendingWritten(
            attempt_id=a.id,
            learner=name,
            question_external_id=q.external_id,
            subject=q.subject,
            stem=q.stem,
            answer_text=str(a.response.get("text", "")),
            rubric=list(q.rubric),
            score=a.score,
            max_score=a.max_score,
            grader=a.grader,
            detail=a.grade_detail,
            answered_at=a.answered_at,
        )
        for a, q, name in rows
    ]


def decide(
    s: Session,
    actor_id: int,
    attempt_id: int,
    *,
    score: float | None = None,
    note: str = "",
    clock: Clock = SYSTEM_CLOCK,
) -> None:
    """Confirm the AI grade (score=None) or override it with `score`."""
    actor = authorize(s, actor_id, "instructor", "admin")
    a = s.get(Attempt, attempt_id)
    if a is None or a.review_status is None:
        raise NotFound("검토할 답안이 없습니다")
    if score is None:
        if a.score is None:
            raise InvalidInput("AI 채점이 없는 답안은 점수를 직접 입력하세요")
        a.review_status = "confirmed"
    else:
        if not 0 <= score <= a.max_score:
            raise InvalidInput(f"점수는 0~{a.max_score:g} 사이여야 합니다")
        a.score, a.grader, a.review_status = float(score), "instructor", "overridden"
    a.is_correct = None
    a.reviewed_by, a.reviewed_at = actor.id, clock.now()
    detail = dict(a.grade_detail or {})
    if note:
        detail["instructor_note"] = note[:2000]
    a.grade_detail = detail
    audit.record(
        s,
        "grade." + a.review_status,
        actor_id=actor.id,
        target=f"attempt:{a.id}",
        detail={"score": a.score},
        at=clock.now(),
    )


@dataclass(frozen=True, slots=True)
class FlagInfo:
    id: int
    question_id: int
    external_id: str
    reason: str
    detail: dict[str, Any]
    created_at: dt.datetime


def open_flags(s: Session, actor_id: int) -> list[FlagInfo]:
    authorize(s, actor_id, "instructor", "admin")
    rows = s.execute(
        select(QuestionFlag, Question.external_id)
        .join(Question, Question.id == QuestionFlag.question_id)
        .where(QuestionFlag.status == "open")
        .order_by(QuestionFlag.created_at.desc())
    ).all()
    return [
        FlagInfo(f.id, f.question_id, ext, f.reason, dict(f.detail), f.created_at)
        for f, ext in rows
    ]


def resolve_flag(s: Session, actor_id: int, flag_id: int, *, clock: Clock = SYSTEM_CLOCK) -> None:
    authorize(s, actor_id, "instructor", "admin")
    f = s.get(QuestionFlag, flag_id)
    if f is None:
        raise NotFound("표시가 없습니다")
    f.status = "resolved"
    audit.record(
        s, "flag.resolve", actor_id=actor_id, target=f"question:{f.question_id}", at=clock.now()
    )
