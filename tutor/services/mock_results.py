"""Verdicts of mock exams under the blueprint's pass rule, their review, and the history."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tutor.db.models import Attempt, Exam, Question, StudySession
from tutor.domain.pass_rule import PassRule, SubjectBlueprint, Verdict, judge
from tutor.services.accounts import authorize
from tutor.services.clock import SYSTEM_CLOCK, Clock
from tutor.services.errors import Conflict
from tutor.services.mock import MockResult, MockSummary, ResultItem, _expire, _own_mock


def _rule(ss: StudySession) -> PassRule:
    r = ss.config["pass_rule"]
    return PassRule(
        subject_min=float(r["subject_min"]),
        total_min=float(r["total_min"]),
        basis=r.get("basis", "per_subject"),
        total_basis=r.get("total_basis", "points"),
    )


def _judge(s: Session, ss: StudySession) -> Verdict:
    subjects = [
        SubjectBlueprint(x["name"], int(x["set"]), x.get("group"))
        for x in ss.config["subjects"]
        if int(x["set"]) > 0
    ]
    by_subject = {x.name for x in subjects}
    correct: dict[str, int] = {}
    rows = s.execute(
        select(Question.subject)
        .join(Attempt, Attempt.question_id == Question.id)
        .where(Attempt.session_id == ss.id, Attempt.is_correct.is_(True))
    ).all()
    for (subject,) in rows:
        if subject in by_subject:
            correct[subject] = correct.get(subject, 0) + 1
    return judge(subjects, _rule(ss), correct)


def _summary(ss: StudySession, exam: Exam, verdict: Verdict | None) -> MockSummary:
    return MockSummary(
        session_id=ss.id,
        exam_slug=exam.slug,
        exam_name=exam.name_ko,
        scale=ss.config["scale"],
        started_at=ss.started_at,
        finished_at=ss.finished_at,
        passed=verdict.passed if verdict else None,
        total_percent=verdict.total_percent if verdict else None,
        subjects={u.name: u.percent for u in verdict.units} if verdict else {},
    )


def mock_result(
    s: Session, user_id: int, session_id: int, *, clock: Clock = SYSTEM_CLOCK
) -> MockResult:
    ss = _own_mock(s, user_id, session_id)
    _expire(s, ss, clock.now())
    if ss.finished_at is None:
        raise Conflict("아직 끝나지 않은 모의고사입니다", code="not_finished")
    exam = s.get(Exam, ss.exam_id)
    assert exam is not None
    verdict = _judge(s, ss)
    order: list[int] = ss.state["order"]
    questions = {q.id: q for q in s.scalars(select(Question).where(Question.id.in_(order)))}
    attempts = {
        a.question_id: a for a in s.scalars(select(Attempt).where(Attempt.session_id == ss.id))
    }
    times = ss.state.get("time", {})
    items = []
    for n, qid in enumerate(order, start=1):
        q = questions[qid]
        a = attempts.get(qid)
        items.append(
            ResultItem(
                number=n,
                question_id=q.id,
                external_id=q.external_id,
                subject=q.subject,
                type=q.type,
                stem=q.stem,
                choices=list(q.choices),
                images=list(q.images),
                answer=list(q.answer),
                response=dict(a.response) if a else None,
                is_correct=bool(a and a.is_correct),
                explanation=q.explanation,
                references=list(q.references),
                seconds=float(times.get(str(qid), 0.0)),
            )
        )
    return MockResult(
        summary=_summary(ss, exam, verdict),
        verdict=verdict,
        items=items,
        rule=_rule(ss),
        shortfalls=list(ss.config.get("shortfalls", [])),
    )


def mock_history(s: Session, user_id: int, *, limit: int = 50) -> list[MockSummary]:
    """The learner's finished mock exams, newest first, each with its verdict."""
    authorize(s, user_id)
    rows = s.execute(
        select(StudySession, Exam)
        .join(Exam, Exam.id == StudySession.exam_id)
        .where(
            StudySession.user_id == user_id,
            StudySession.mode == "mock",
            StudySession.finished_at.is_not(None),
        )
        .order_by(StudySession.finished_at.desc())
        .limit(limit)
    ).all()
    return [_summary(ss, exam, _judge(s, ss)) for ss, exam in rows]
