"""Load question_banks/ folders into SQL: validate everything, then write once.

Idempotent by content hash. A bank whose questions changed gets a new version; the
previous version is retired but kept, so earlier attempts stay linked to exactly the
question text they answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from tutor.banks.quality import near_duplicates
from tutor.banks.reader import (
    ExamFolder,
    Problem,
    bank_hash,
    exam_hash,
    question_hash,
    read_all,
)
from tutor.banks.schema import BankSpec, ExamSpec
from tutor.db.models import Bank, Exam, Question
from tutor.services import audit
from tutor.services.accounts import authorize
from tutor.services.clock import SYSTEM_CLOCK, Clock
from tutor.services.errors import InvalidInput


class BankProblems(InvalidInput):
    """Validation failed; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"문제은행 검사에서 {len(problems)}개 문제를 찾았습니다", code="bank")
        self.problems = problems


@dataclass
class LoadReport:
    exams_created: list[str] = field(default_factory=list)
    exams_updated: list[str] = field(default_factory=list)
    banks_created: list[str] = field(default_factory=list)  # "slug/bank v1"
    banks_versioned: list[str] = field(default_factory=list)  # "slug/bank v2"
    banks_unchanged: list[str] = field(default_factory=list)
    questions_written: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.exams_created or self.exams_updated or self.banks_created or self.banks_versioned
        )


def check_path(path: Path) -> tuple[list[ExamFolder], list[Problem]]:
    """Read and check; returns folders and every problem found (files are not written)."""
    try:
        folders = read_all(path)
    except FileNotFoundError as e:
        return [], [Problem(str(path), "", str(e))]
    problems = [p for f in folders for p in f.problems]
    problems += near_duplicates(folders)
    return folders, problems


def _upsert_exam(s: Session, spec: ExamSpec, report: LoadReport, clock: Clock) -> Exam:
    h = exam_hash(spec)
    exam = s.scalar(select(Exam).where(Exam.slug == spec.slug))
    blueprint = spec.model_dump(mode="json")
    if exam is None:
        exam = Exam(
            slug=spec.slug,
            name_ko=spec.name_ko,
            name_en=spec.name_en,
            authority=spec.authority,
            options=spec.options,
            blueprint=blueprint,
            content_hash=h,
            updated_at=clock.now(),
        )
        s.add(exam)
        s.flush()
        report.exams_created.append(spec.slug)
    elif exam.content_hash != h:
        exam.name_ko, exam.name_en = spec.name_ko, spec.name_en
        exam.authority, exam.options = spec.authority, spec.options
        exam.blueprint, exam.content_hash = blueprint, h
        exam.updated_at = clock.now()
        report.exams_updated.append(spec.slug)
    return exam


def _bank_meta(bank: BankSpec) -> dict[str, Any]:
    return {
        "language": bank.language,
        "authors": bank.authors,
        "reviews": [r.model_dump(mode="json") for r in bank.reviews],
        "license": bank.license,
    }


def _question_rows(bank_id: int, bank: BankSpec) -> list[dict[str, Any]]:
    rows = []
    for pos, q in enumerate(bank.questions, start=1):
        data = q.model_dump(mode="json")
        rows.append(
            {
                "bank_id": bank_id,
                "external_id": q.id,
                "position": pos,
                "subject": q.subject,
                "type": q.type.value,
                "stem": q.stem,
                "choices": q.choices,
                "answer": data["answer"],
                "tolerance": q.tolerance,
                "explanation": q.explanation,
                "rubric": data["rubric"],
                "references": q.references,
                "year": q.year,
                "round": q.round,
                "difficulty": q.difficulty,
                "tags": q.tags,
                "images": q.images,
                "status": "active",
                "content_hash": question_hash(data),
            }
        )
    return rows


def _load_bank(
    s: Session,
    exam: Exam,
    source: str,
    bank: BankSpec,
    report: LoadReport,
    owner_id: int | None,
    clock: Clock,
) -> None:
    h = bank_hash(bank)
    latest = s.scalar(
        select(Bank)
        .where(Bank.exam_id == exam.id, Bank.name == bank.bank)
        .order_by(Bank.version.desc())
        .limit(1)
    )
    label = f"{exam.slug}/{bank.bank}"
    if latest is not None and latest.content_hash == h:
        latest.meta = _bank_meta(bank)
        latest.title = bank.title
        if latest.status == "retired":
            latest.status = "published"
        report.banks_unchanged.append(f"{label} v{latest.version}")
        return
    version = (latest.version + 1) if latest is not None else 1
    if latest is not None:
        s.execute(
            update(Bank)
            .where(Bank.exam_id == exam.id, Bank.name == bank.bank, Bank.status == "published")
            .values(status="retired")
        )
    row = Bank(
        exam_id=exam.id,
        name=bank.bank,
        version=version,
        title=bank.title,
        source=source,
        content_hash=h,
        owner_id=owner_id,
        status="published",
        meta=_bank_meta(bank),
        created_at=clock.now(),
    )
    s.add(row)
    s.flush()
    rows = _question_rows(row.id, bank)
    s.execute(insert(Question), rows)
    report.questions_written += len(rows)
    (report.banks_versioned if latest is not None else report.banks_created).append(
        f"{label} v{version}"
    )


def load_path(
    s: Session, path: Path, *, actor_id: int | None = None, clock: Clock = SYSTEM_CLOCK
) -> LoadReport:
    """Validate every file under `path`; if anything is wrong, raise BankProblems and
    write nothing. Otherwise write all exams and banks in the caller's transaction."""
    if actor_id is not None:
        authorize(s, actor_id, "instructor", "admin")
    folders, problems = check_path(path)
    if problems:
        raise BankProblems(problems)
    report = LoadReport()
    for folder in folders:
        assert folder.exam is not None  # no problems means the exam parsed
        exam = _upsert_exam(s, folder.exam, report, clock)
        for file, bank in folder.banks:
            source = f"{folder.path.name}/{file.name}"
            _load_bank(s, exam, source, bank, report, actor_id, clock)
    if report.changed:
        audit.record(
            s,
            "banks.load",
            actor_id=actor_id,
            target=str(path),
            detail={
                "exams_created": report.exams_created,
                "exams_updated": report.exams_updated,
                "banks_created": report.banks_created,
                "banks_versioned": report.banks_versioned,
                "questions": report.questions_written,
            },
            at=clock.now(),
        )
    return report


@dataclass(frozen=True, slots=True)
class BankInfo:
    id: int
    exam_slug: str
    exam_name: str
    name: str
    title: str
    version: int
    status: str
    source: str
    questions: int
    reviews: list[dict[str, Any]]
    created_at: Any


def list_banks(s: Session, actor_id: int, *, include_retired: bool = False) -> list[BankInfo]:
    """Instructor/admin overview of every bank version."""
    authorize(s, actor_id, "instructor", "admin")
    counts = select(Question.bank_id, func.count().label("n")).group_by(Question.bank_id).subquery()
    stmt = (
        select(Bank, Exam.slug, Exam.name_ko, func.coalesce(counts.c.n, 0))
        .join(Exam, Exam.id == Bank.exam_id)
        .outerjoin(counts, counts.c.bank_id == Bank.id)
        .order_by(Exam.slug, Bank.name, Bank.version.desc())
    )
    if not include_retired:
        stmt = stmt.where(Bank.status == "published")
    out = []
    for bank, slug, name_ko, n in s.execute(stmt):
        out.append(
            BankInfo(
                id=bank.id,
                exam_slug=slug,
                exam_name=name_ko,
                name=bank.name,
                title=bank.title,
                version=bank.version,
                status=bank.status,
                source=bank.source,
                questions=int(n),
                reviews=list(bank.meta.get("reviews", [])),
                created_at=bank.created_at,
            )
        )
    return out
