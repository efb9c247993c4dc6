"""Loading banks: idempotent by content hash, new versions for changed questions,
all-or-nothing on problems, attempts stay linked to the version they answered."""

import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from tests.conftest import FIXTURE_BANKS
from tutor.bootstrap import AppContext
from tutor.db.models import Attempt, AuditLog, Bank, Exam, Question
from tutor.services import accounts, exams, practice
from tutor.services.banks import BankProblems, list_banks, load_path
from tutor.services.errors import PermissionDenied


@pytest.fixture
def banks(tmp_path: Path) -> Path:
    dst = tmp_path / "banks"
    shutil.copytree(FIXTURE_BANKS, dst)
    return dst


def _edit(banks: Path, fn) -> None:  # type: ignore[no-untyped-def]
    p = banks / "sample" / "core.yaml"
    data = yaml.safe_load(p.read_text(encoding="utf-8"))
    fn(data)
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _count(db: AppContext, model: type) -> int:
    with db.uow() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_load_twice_changes_nothing(db: AppContext, banks: Path) -> None:
    with db.uow() as s:
        first = load_path(s, banks)
    assert first.exams_created == ["sample"] and first.banks_created == ["sample/core v1"]
    assert first.questions_written == 8
    with db.uow() as s:
        second = load_path(s, banks)
    assert not second.changed and second.banks_unchanged == ["sample/core v1"]
    assert _count(db, Question) == 8 and _count(db, Bank) == 1
    with db.uow() as s:
        assert s.scalar(select(func.count()).select_from(AuditLog)) == 1


def test_changed_question_makes_a_new_version_and_old_attempts_keep_theirs(
    db: AppContext, banks: Path
) -> None:
    with db.uow() as s:
        load_path(s, banks)
        uid = accounts.sign_up(s, "l@example.com", "학생", "password-1").id
    with db.uow() as s:
        sid = practice.start_practice(s, uid, "sample", ["법규"], 1, "in_order")
        qid = practice.practice_state(s, uid, sid).current.id  # type: ignore[union-attr]
        practice.submit_answer(s, uid, sid, qid, {"choice": 3})

    _edit(banks, lambda d: d["questions"][0].__setitem__("stem", "고친 문제: 정답은 ③"))
    with db.uow() as s:
        report = load_path(s, banks)
    assert report.banks_versioned == ["sample/core v2"]
    with db.uow() as s:
        versions = s.execute(select(Bank.version, Bank.status).order_by(Bank.version)).all()
        assert [tuple(v) for v in versions] == [(1, "retired"), (2, "published")]
        a = s.scalars(select(Attempt)).one()
        old_q = s.get(Question, a.question_id)
        assert old_q is not None and old_q.stem == "첫 번째 법규 문제: 정답은 ③"
        assert exams.get_exam(s, "sample").questions_in_banks == 8  # only the published version
    # editing only the review record does not make a version
    _edit(banks, lambda d: d.__setitem__("reviews", [{"by": "검토자", "date": "2026-11-24"}]))
    with db.uow() as s:
        assert not load_path(s, banks).banks_versioned


def test_new_practice_uses_only_the_published_version(db: AppContext, banks: Path) -> None:
    with db.uow() as s:
        load_path(s, banks)
    _edit(banks, lambda d: d["questions"][0].__setitem__("stem", "v2 문제"))
    with db.uow() as s:
        load_path(s, banks)
        uid = accounts.sign_up(s, "l@example.com", "학생", "password-1").id
        sid = practice.start_practice(s, uid, "sample", ["법규"], 10, "in_order")
        state = practice.practice_state(s, uid, sid)
        assert state.total == 4 and state.current is not None
        assert state.current.stem == "v2 문제"


def test_a_bad_file_writes_nothing(db: AppContext, banks: Path) -> None:
    _edit(banks, lambda d: d["questions"][3].__setitem__("answer", ["yes"]))
    with pytest.raises(BankProblems) as e, db.uow() as s:
        load_path(s, banks)
    assert len(e.value.problems) == 1 and "s-law-4" in str(e.value.problems[0])
    assert _count(db, Exam) == 0 and _count(db, Question) == 0


def test_only_staff_may_load_or_list(db: AppContext, banks: Path) -> None:
    with db.uow() as s:
        uid = accounts.sign_up(s, "l@example.com", "학생", "password-1").id
        inst = accounts.create_user(s, "t@example.com", "password-1", "instructor", actor_id=None)
    with pytest.raises(PermissionDenied), db.uow() as s:
        load_path(s, banks, actor_id=uid)
    with pytest.raises(PermissionDenied), db.uow() as s:
        list_banks(s, uid)
    with db.uow() as s:
        load_path(s, banks, actor_id=inst.id)
        rows = list_banks(s, inst.id)
    assert [(r.name, r.version, r.questions) for r in rows] == [("core", 1, 8)]


def test_exams_list_json_shape(loaded: AppContext) -> None:
    with loaded.uow() as s:
        data = [e.as_json() for e in exams.list_exams(s)]
    assert data == [
        {
            "slug": "sample",
            "name_ko": "시험용 모의 자격시험",
            "name_en": "Sample exam for tests",
            "authority": "테스트",
            "options": 5,
            "sessions": [{"name": "1교시", "minutes": 20, "subjects": ["법규", "계산"]}],
            "subjects": [
                {"name": "법규", "questions": 4, "group": None},
                {"name": "계산", "questions": 4, "group": None},
            ],
            "pass_rule": {
                "subject_min": 40.0,
                "total_min": 60.0,
                "basis": "per_subject",
                "total_basis": "points",
            },
            "questions_in_banks": 8,
        }
    ]
