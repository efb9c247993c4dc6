import datetime as dt
import random

import pytest
from sqlalchemy import func, select

from tutor.bootstrap import AppContext
from tutor.db.models import Attempt
from tutor.services import accounts, practice, progress
from tutor.services.clock import FixedClock
from tutor.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied

T0 = dt.datetime(2026, 3, 1, 0, 30, tzinfo=dt.UTC)  # 09:30 in Seoul


def _user(db: AppContext, email: str = "l@example.com") -> int:
    with db.uow() as s:
        return accounts.sign_up(s, email, "학생", "password-1").id


def _start(
    db: AppContext,
    uid: int,
    subjects: list[str],
    n: int = 10,
    order: str = "in_order",
    clock: FixedClock | None = None,
) -> int:
    with db.uow() as s:
        return practice.start_practice(
            s,
            uid,
            "sample",
            subjects,
            n,
            order,
            rng=random.Random(1),
            clock=clock or FixedClock(T0),
        )


def _current(db: AppContext, uid: int, sid: int) -> practice.PracticeState:
    with db.uow() as s:
        return practice.practice_state(s, uid, sid)


def test_answer_is_graded_and_saved_at_once(loaded: AppContext) -> None:
    uid = _user(loaded)
    clock = FixedClock(T0)
    sid = _start(loaded, uid, ["법규"], clock=clock)
    q = _current(loaded, uid, sid).current
    assert q is not None and q.external_id == "s-law-1"
    assert not hasattr(q, "answer") and not hasattr(q, "explanation")  # no key before answering
    clock.advance(seconds=42)
    with loaded.uow() as s:
        fb = practice.submit_answer(s, uid, sid, q.id, {"choice": 3}, clock=clock)
    assert fb.is_correct and fb.answer == [3] and fb.references == ["테스트법 제1조"]
    assert fb.seconds == pytest.approx(42)
    # saved the moment it was submitted: a new unit of work sees it
    with loaded.uow() as s:
        a = s.scalars(select(Attempt)).one()
        assert a.is_correct and a.response == {"choice": 3} and a.grader == "exact"
    st = _current(loaded, uid, sid)
    assert st.feedback is not None and st.feedback.is_correct and st.answered == 1


def test_bokssu_jeongdap_and_wrong_answers(loaded: AppContext) -> None:
    uid = _user(loaded)
    sid = _start(loaded, uid, ["법규"])
    results = []
    for response in ({"choice": 1}, {"choice": 4}, {"choices": [1, 5]}, {"value": True}):
        q = _current(loaded, uid, sid).current
        assert q is not None
        with loaded.uow() as s:
            results.append(practice.submit_answer(s, uid, sid, q.id, response).is_correct)
            practice.next_question(s, uid, sid)
    assert results == [False, True, True, True]  # ④ accepted as 복수정답 for s-law-2
    st = _current(loaded, uid, sid)
    assert st.finished and st.correct == 3 and st.answered == 4


def test_double_submit_keeps_the_first_answer(loaded: AppContext) -> None:
    uid = _user(loaded)
    sid = _start(loaded, uid, ["법규"])
    q = _current(loaded, uid, sid).current
    assert q is not None
    with loaded.uow() as s:
        practice.submit_answer(s, uid, sid, q.id, {"choice": 1})
    with loaded.uow() as s:
        again = practice.submit_answer(s, uid, sid, q.id, {"choice": 3})
    assert not again.is_correct and again.response == {"choice": 1}
    with loaded.uow() as s:
        assert s.scalar(select(func.count()).select_from(Attempt)) == 1


def test_stale_or_invalid_submissions_are_refused(loaded: AppContext) -> None:
    uid = _user(loaded)
    sid = _start(loaded, uid, ["법규"])
    q = _current(loaded, uid, sid).current
    assert q is not None
    with pytest.raises(Conflict), loaded.uow() as s:
        practice.submit_answer(s, uid, sid, q.id + 1, {"choice": 1})
    with pytest.raises(InvalidInput, match="1~5"), loaded.uow() as s:
        practice.submit_answer(s, uid, sid, q.id, {"choice": 9})
    with pytest.raises(Conflict, match="건너뛰기"), loaded.uow() as s:
        practice.next_question(s, uid, sid)


def test_skip_finish_and_summary(loaded: AppContext) -> None:
    uid = _user(loaded)
    sid = _start(loaded, uid, ["계산"])
    with loaded.uow() as s:
        practice.skip_question(s, uid, sid)
    q = _current(loaded, uid, sid).current
    assert q is not None and q.type == "short"
    with loaded.uow() as s:
        assert practice.submit_answer(s, uid, sid, q.id, {"text": "서울특별시"}).is_correct
        practice.finish(s, uid, sid)
    with pytest.raises(Conflict), loaded.uow() as s:
        practice.skip_question(s, uid, sid)
    with loaded.uow() as s:
        rv = progress.session_review(s, uid, sid)
    assert rv.skipped == 1 and rv.row.answered == 1 and rv.row.planned == 4
    assert [i.response is not None for i in rv.items] == [False, True, False, False]
    assert rv.per_subject == [("계산", 1, 1)]


def test_resume_after_signing_in_again(loaded: AppContext) -> None:
    uid = _user(loaded)
    sid = _start(loaded, uid, ["법규", "계산"], n=8)
    q = _current(loaded, uid, sid).current
    assert q is not None
    with loaded.uow() as s:
        practice.submit_answer(s, uid, sid, q.id, {"choice": 3})
    # a new browser: nothing but the user id after sign-in
    with loaded.uow() as s:
        info = accounts.sign_in(s, "l@example.com", "password-1")
        open_ = practice.open_sessions(s, info.id)
    assert [(o.session_id, o.answered, o.total) for o in open_] == [(sid, 1, 8)]
    st = _current(loaded, info.id, sid)
    assert st.position == 0 and st.feedback is not None  # back on the answered question


def test_other_learners_cannot_touch_a_session(loaded: AppContext) -> None:
    uid = _user(loaded)
    other = _user(loaded, "other@example.com")
    sid = _start(loaded, uid, ["법규"])
    q = _current(loaded, uid, sid).current
    assert q is not None
    for call in (
        lambda s: practice.practice_state(s, other, sid),
        lambda s: practice.submit_answer(s, other, sid, q.id, {"choice": 3}),
        lambda s: practice.skip_question(s, other, sid),
        lambda s: progress.session_review(s, other, sid),
    ):
        with pytest.raises(NotFound), loaded.uow() as s:
            call(s)
    with loaded.uow() as s:
        assert progress.overview(s, other, T0.tzinfo).answered == 0  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied), loaded.uow() as s:
        practice.start_practice(s, None, "sample", ["법규"], 1)  # type: ignore[arg-type]


def test_bad_setups(loaded: AppContext, db: AppContext) -> None:
    uid = _user(loaded)
    for subjects, n, order, msg in (
        ([], 5, "random", "과목을"),
        (["영어"], 5, "random", "없는 과목"),
        (["법규"], 0, "random", "문항 수"),
        (["법규"], 5, "upside", "순서"),
    ):
        with pytest.raises(InvalidInput, match=msg), loaded.uow() as s:
            practice.start_practice(s, uid, "sample", subjects, n, order)
    with pytest.raises(NotFound), loaded.uow() as s:
        practice.start_practice(s, uid, "nope", ["법규"], 5)


def test_empty_bank_message(db: AppContext) -> None:
    """An exam with a blueprint but no questions yet says so instead of failing."""
    from tests.conftest import FIXTURE_BANKS
    from tutor.banks.reader import read_exam_folder
    from tutor.services.banks import LoadReport, _upsert_exam

    folder = read_exam_folder(FIXTURE_BANKS / "sample")
    assert folder.exam is not None
    with db.uow() as s:
        _upsert_exam(s, folder.exam, LoadReport(), FixedClock(T0))
        uid = accounts.sign_up(s, "l@example.com", "학생", "password-1").id
    with pytest.raises(InvalidInput) as e, db.uow() as s:
        practice.start_practice(s, uid, "sample", ["법규"], 5)
    assert e.value.code == "empty_bank"


def test_unseen_first_across_sessions(loaded: AppContext) -> None:
    uid = _user(loaded)
    sid = _start(loaded, uid, ["법규"], n=2)
    for _ in range(2):
        q = _current(loaded, uid, sid).current
        assert q is not None
        with loaded.uow() as s:
            practice.submit_answer(
                s, uid, sid, q.id, {"choice": 1} if q.type == "single" else {"choices": [1]}
            )
            practice.next_question(s, uid, sid)
    sid2 = _start(loaded, uid, ["법규"], n=4, order="unseen_first")
    with loaded.uow() as s:
        rv = progress.session_review(s, uid, sid2)
    first_two = {i.external_id for i in rv.items[:2]}
    assert first_two == {"s-law-3", "s-law-4"}


def test_progress_overview(loaded: AppContext) -> None:
    from zoneinfo import ZoneInfo

    uid = _user(loaded)
    clock = FixedClock(T0)
    sid = _start(loaded, uid, ["법규", "계산"], n=8, clock=clock)
    answers = [{"choice": 3}, {"choice": 1}, {"choices": [1, 5]}]
    for r in answers:
        q = _current(loaded, uid, sid).current
        assert q is not None
        clock.advance(hours=8)  # crosses midnight in Seoul
        with loaded.uow() as s:
            practice.submit_answer(s, uid, sid, q.id, r, clock=clock)
            practice.next_question(s, uid, sid, clock=clock)
    with loaded.uow() as s:
        ov = progress.overview(s, uid, ZoneInfo("Asia/Seoul"))
    assert (ov.answered, ov.correct, ov.sessions) == (3, 2, 1)
    assert [(x.subject, x.answered, x.correct) for x in ov.subjects] == [("법규", 3, 2)]
    assert [(d.day.isoformat(), d.answered) for d in ov.days] == [
        ("2026-03-01", 1),
        ("2026-03-02", 2),
    ]
    assert ov.recent[0].session_id == sid and ov.recent[0].answered == 3
