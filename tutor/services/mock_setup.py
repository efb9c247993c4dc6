"""Starting a mock exam: the blueprint scaled (full, 1/2, 1/4), questions drawn to its
proportions (never seen first, then least recently seen), and the preview shown before."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tutor.db.models import Bank, Exam, Question, StudySession
from tutor.domain import mock as mock_domain
from tutor.services.accounts import authorize
from tutor.services.clock import SYSTEM_CLOCK, Clock
from tutor.services.errors import Conflict, InvalidInput, NotFound
from tutor.services.mock import MOCK_TYPES, _iso, _recent_rank


def start_mock(
    s: Session,
    user_id: int,
    exam_slug: str,
    scale: str = "1/4",
    *,
    rng: random.Random | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> int:
    authorize(s, user_id)
    if scale not in mock_domain.SCALES:
        raise InvalidInput(f"규모는 {', '.join(mock_domain.SCALES)} 중 하나입니다")
    exam = s.scalar(select(Exam).where(Exam.slug == exam_slug))
    if exam is None:
        raise NotFound(f"시험 '{exam_slug}'이(가) 없습니다")
    running = s.scalar(
        select(StudySession.id).where(
            StudySession.user_id == user_id,
            StudySession.mode == "mock",
            StudySession.finished_at.is_(None),
        )
    )
    if running is not None:
        raise Conflict("진행 중인 모의고사가 있습니다. 먼저 마치세요", code="mock_in_progress")
    bp = exam.blueprint
    rows = s.execute(
        select(Question.id, Question.subject, Bank.name, Question.external_id)
        .join(Bank, Bank.id == Question.bank_id)
        .where(
            Bank.exam_id == exam.id,
            Bank.status == "published",
            Question.status == "active",
            Question.type.in_(MOCK_TYPES),
        )
    ).all()
    if not rows:
        raise InvalidInput("이 시험에는 아직 모의고사에 쓸 문제가 없습니다", code="empty_bank")
    ranks = _recent_rank(s, user_id, exam.id)
    pools: dict[str, list[mock_domain.Pool]] = {}
    for qid, subject, bank, ext in rows:
        lineage = f"{bank}/{ext}"
        pools.setdefault(subject, []).append(mock_domain.Pool(qid, lineage, ranks.get(lineage, 0)))
    fraction: Fraction = mock_domain.SCALES[scale]
    planned = mock_domain.plan_subjects(
        [(x["name"], x["questions"], x.get("group")) for x in bp["subjects"]],
        fraction,
        {k: len(v) for k, v in pools.items()},
    )
    rng = rng or random.Random()
    drawn = {p.name: mock_domain.draw(pools.get(p.name, []), p.set, rng) for p in planned}
    periods = mock_domain.plan_periods(
        [(x["name"], x["minutes"], x["subjects"]) for x in bp["sessions"]], fraction
    )
    period_cfg: list[dict[str, Any]] = [
        {
            "name": p.name,
            "minutes": p.minutes,
            "subjects": p.subjects,
            "questions": [q for subj in p.subjects for q in drawn.get(subj, [])],
        }
        for p in periods
    ]
    period_cfg = [p for p in period_cfg if p["questions"]]
    if not period_cfg:
        raise InvalidInput("이 시험에는 아직 모의고사에 쓸 문제가 없습니다", code="empty_bank")
    shortfalls = [
        f"{p.name}: 은행에 {p.set}문항뿐이라 {p.target}문항 대신 {p.set}문항 출제"
        for p in planned
        if p.set < p.target
    ]
    now = clock.now()
    first_deadline = now + dt.timedelta(minutes=period_cfg[0]["minutes"])
    ss = StudySession(
        user_id=user_id,
        exam_id=exam.id,
        mode="mock",
        config={
            "scale": scale,
            "periods": period_cfg,
            "subjects": [
                {
                    "name": p.name,
                    "blueprint": p.blueprint_questions,
                    "target": p.target,
                    "set": p.set,
                    "group": p.group,
                }
                for p in planned
            ],
            "pass_rule": bp["pass_rule"],
            "shortfalls": shortfalls,
        },
        state={
            "order": [q for p in period_cfg for q in p["questions"]],
            "period": 0,
            "started": {"0": _iso(now)},
            "deadline": {"0": _iso(first_deadline)},
            "submitted": [],
            "pos": 0,
            "marked": [],
            "answers": {},
            "time": {},
            "viewing_since": _iso(now),
            "auto": [],
        },
        started_at=now,
        updated_at=now,
        deadline=first_deadline,
    )
    s.add(ss)
    s.flush()
    return ss.id


@dataclass(frozen=True, slots=True)
class PeriodPreview:
    name: str
    minutes: int
    subjects: list[tuple[str, int, int]]  # name, questions at this scale, available in banks


def preview(exam: Any, scale: str) -> list[PeriodPreview]:
    """What a mock at `scale` will set, per 교시 (exam: services.exams.ExamSummary)."""
    if scale not in mock_domain.SCALES:
        raise InvalidInput(f"규모는 {', '.join(mock_domain.SCALES)} 중 하나입니다")
    fraction = mock_domain.SCALES[scale]
    spec = exam.spec
    counts = {x.name: x.questions for x in spec.subjects}
    out = []
    for p in mock_domain.plan_periods(
        [(x.name, x.minutes, x.subjects) for x in spec.sessions], fraction
    ):
        out.append(
            PeriodPreview(
                p.name,
                p.minutes,
                [
                    (n, mock_domain.scaled(counts[n], fraction), exam.per_subject.get(n, 0))
                    for n in p.subjects
                ],
            )
        )
    return out
