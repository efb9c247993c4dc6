"""The exam catalogue: blueprints and how many questions the published banks hold."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tutor.banks.schema import ExamSpec
from tutor.db.models import Bank, Exam, Question
from tutor.domain.grading import AUTO_GRADED
from tutor.services.errors import NotFound


@dataclass(frozen=True, slots=True)
class ExamSummary:
    id: int
    slug: str
    name_ko: str
    name_en: str
    authority: str
    spec: ExamSpec
    questions_in_banks: int
    per_subject: dict[str, int]  # practisable (auto-graded) questions per subject

    def as_json(self) -> dict[str, Any]:
        spec = self.spec
        return {
            "slug": self.slug,
            "name_ko": self.name_ko,
            "name_en": self.name_en,
            "authority": self.authority,
            "options": spec.options,
            "sessions": [
                {"name": x.name, "minutes": x.minutes, "subjects": list(x.subjects)}
                for x in spec.sessions
            ],
            "subjects": [
                {"name": x.name, "questions": x.questions, "group": x.group} for x in spec.subjects
            ],
            "pass_rule": {
                "subject_min": spec.pass_rule.subject_min,
                "total_min": spec.pass_rule.total_min,
                "basis": spec.pass_rule.basis.value,
                "total_basis": spec.pass_rule.total_basis.value,
            },
            "questions_in_banks": self.questions_in_banks,
        }


def _counts(s: Session) -> dict[int, dict[str, tuple[int, int]]]:
    """exam id → subject → (all questions, auto-graded questions), published banks only."""
    stmt = (
        select(Bank.exam_id, Question.subject, Question.type, func.count())
        .join(Bank, Bank.id == Question.bank_id)
        .where(Bank.status == "published", Question.status == "active")
        .group_by(Bank.exam_id, Question.subject, Question.type)
    )
    out: dict[int, dict[str, tuple[int, int]]] = {}
    for exam_id, subject, qtype, n in s.execute(stmt):
        all_n, auto_n = out.setdefault(exam_id, {}).get(subject, (0, 0))
        out[exam_id][subject] = (all_n + n, auto_n + (n if qtype in AUTO_GRADED else 0))
    return out


def list_exams(s: Session) -> list[ExamSummary]:
    counts = _counts(s)
    out = []
    for exam in s.scalars(select(Exam).order_by(Exam.id)):
        c = counts.get(exam.id, {})
        out.append(
            ExamSummary(
                id=exam.id,
                slug=exam.slug,
                name_ko=exam.name_ko,
                name_en=exam.name_en,
                authority=exam.authority,
                spec=ExamSpec.model_validate(exam.blueprint),
                questions_in_banks=sum(a for a, _ in c.values()),
                per_subject={k: auto for k, (_, auto) in c.items()},
            )
        )
    return out


def get_exam(s: Session, slug: str) -> ExamSummary:
    for e in list_exams(s):
        if e.slug == slug:
            return e
    raise NotFound(f"시험 '{slug}'이(가) 없습니다")
