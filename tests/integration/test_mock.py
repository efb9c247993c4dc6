"""Timed mock exams: server-side time, answers saved as chosen, auto-submit, verdict."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import select

from tests.conftest import ROOT
from tutor.bootstrap import AppContext
from tutor.db.models import Attempt
from tutor.services import accounts, mock, mock_results, mock_setup
from tutor.services.banks import load_path
from tutor.services.clock import FixedClock
from tutor.services.errors import Conflict, InvalidInput, NotFound

MOCK_BANKS = ROOT / "tests" / "fixtures" / "mock_banks"
T0 = dt.datetime(2026, 5, 10, 0, 0, tzinfo=dt.UTC)


@pytest.fixture
def env(db: AppContext) -> tuple[AppContext, int, FixedClock]:
    with db.uow() as s:
        load_path(s, MOCK_BANKS)
        uid = accounts.sign_up(s, "m@example.com", "모의", "password-1").id
    return db, uid, FixedClock(T0)


def _start(db: AppContext, uid: int, clock: FixedClock, scale: str = "1") -> int:
    with db.uow() as s:
        return mock_setup.start_mock(s, uid, "mini", scale, rng=random.Random(2), clock=clock)


def _view(db: AppContext, uid: int, sid: int, clock: FixedClock) -> mock.MockView:
    with db.uow() as s:
        return mock.mock_view(s, uid, sid, clock=clock)


def _answer(
    db: AppContext, uid: int, sid: int, clock: FixedClock, qid: int, choice: int | None
) -> None:
    with db.uow() as s:
        mock.answer(s, uid, sid, qid, None if choice is None else {"choice": choice}, clock=clock)


def test_blueprint_periods_and_server_time(env: tuple[AppContext, int, FixedClock]) -> None:
    db, uid, clock = env
    sid = _start(db, uid, clock)
    v = _view(db, uid, sid, clock)
    assert v.periods == ["1교시", "2교시"] and v.period_name == "1교시" and v.minutes == 10
    assert [c.number for c in v.sheet] == [1, 2, 3, 4] and v.unanswered == 4
    assert v.remaining_seconds == pytest.approx(600)
    assert v.current is not None and v.current.subject == "가과목" and len(v.current.choices) == 4
    assert not hasattr(v.current, "answer")  # no key during the exam
    clock.advance(minutes=3, seconds=20)
    # "reload": nothing but the session id and the clock
    v = _view(db, uid, sid, clock)
    assert v.remaining_seconds == pytest.approx(400)


def test_each_answer_is_saved_as_chosen_and_can_change(
    env: tuple[AppContext, int, FixedClock],
) -> None:
    db, uid, clock = env
    sid = _start(db, uid, clock)
    q = _view(db, uid, sid, clock).current
    assert q is not None
    _answer(db, uid, sid, clock, q.id, 1)
    with db.uow() as s:
        a = s.scalars(select(Attempt)).one()
        assert a.response == {"choice": 1} and a.is_correct is False
    _answer(db, uid, sid, clock, q.id, 2)
    with db.uow() as s:
        a = s.scalars(select(Attempt)).one()
        assert a.response == {"choice": 2} and a.is_correct is True
    v = _view(db, uid, sid, clock)
    assert v.current_response == {"choice": 2} and v.sheet[0].answer == 2 and v.unanswered == 3
    _answer(db, uid, sid, clock, q.id, None)  # erase
    with db.uow() as s:
        assert s.scalars(select(Attempt)).all() == []
    with pytest.raises(InvalidInput), db.uow() as s:
        mock.answer(s, uid, sid, q.id, {"choice": 5}, clock=clock)  # 4-option exam


def test_jump_mark_and_time_per_question(env: tuple[AppContext, int, FixedClock]) -> None:
    db, uid, clock = env
    sid = _start(db, uid, clock)
    v = _view(db, uid, sid, clock)
    clock.advance(seconds=30)
    with db.uow() as s:
        mock.goto(s, uid, sid, 3, clock=clock)
        assert mock.toggle_mark(s, uid, sid, v.sheet[3].question_id, clock=clock)
    clock.advance(seconds=45)
    with db.uow() as s:
        mock.goto(s, uid, sid, 0, clock=clock)
    v = _view(db, uid, sid, clock)
    assert v.position == 0 and v.sheet[3].marked and not v.sheet[0].marked
    with pytest.raises(InvalidInput), db.uow() as s:
        mock.goto(s, uid, sid, 4, clock=clock)
    with db.uow() as s:
        mock.abandon(s, uid, sid, clock=clock)
        result = mock_results.mock_result(s, uid, sid, clock=clock)
    times = {i.number: i.seconds for i in result.items}
    assert times[1] == pytest.approx(30) and times[4] == pytest.approx(45)


def test_time_runs_out_auto_submits_and_keeps_answers(
    env: tuple[AppContext, int, FixedClock],
) -> None:
    db, uid, clock = env
    sid = _start(db, uid, clock)
    v = _view(db, uid, sid, clock)
    for cell, choice in zip(v.sheet[:3], (2, 2, 1), strict=True):
        _answer(db, uid, sid, clock, cell.question_id, choice)
    clock.advance(minutes=10)  # exactly at the deadline
    v = _view(db, uid, sid, clock)
    assert v.waiting_next and v.auto_submitted == ["1교시"] and v.current is None
    with pytest.raises(Conflict), db.uow() as s:
        mock.answer(s, uid, sid, v.sheet[3].question_id, {"choice": 2}, clock=clock)
    clock.advance(minutes=30)  # a break of any length before 2교시
    with db.uow() as s:
        mock.start_next_period(s, uid, sid, clock=clock)
    v = _view(db, uid, sid, clock)
    assert v.period_name == "2교시" and v.remaining_seconds == pytest.approx(8 * 60)
    assert [c.number for c in v.sheet] == [5, 6, 7, 8]
    for cell in v.sheet[:2]:
        _answer(db, uid, sid, clock, cell.question_id, 2)
    clock.advance(minutes=2)
    with db.uow() as s:
        assert mock.submit_period(s, uid, sid, clock=clock) is True
        r = mock_results.mock_result(s, uid, sid, clock=clock)
    # 가과목 2/4 = 50%, 나과목 2/4 = 50% → no 과락, but the average 50% < 60%
    assert [(u.name, u.correct, u.questions, u.failed) for u in r.verdict.units] == [
        ("가과목", 2, 4, False),
        ("나과목", 2, 4, False),
    ]
    assert not r.verdict.passed and r.verdict.reasons == ["평균 50% < 60%"]
    assert [i.response is None for i in r.items] == [
        False,
        False,
        False,
        True,
        False,
        False,
        True,
        True,
    ]


def test_pass_with_gwarak_reason(env: tuple[AppContext, int, FixedClock]) -> None:
    db, uid, clock = env
    sid = _start(db, uid, clock)
    for c in _view(db, uid, sid, clock).sheet:
        _answer(db, uid, sid, clock, c.question_id, 2)
    with db.uow() as s:
        mock.submit_period(s, uid, sid, clock=clock)
        mock.start_next_period(s, uid, sid, clock=clock)
    cells = _view(db, uid, sid, clock).sheet
    _answer(db, uid, sid, clock, cells[0].question_id, 2)
    with db.uow() as s:
        mock.submit_period(s, uid, sid, clock=clock)
        r = mock_results.mock_result(s, uid, sid, clock=clock)
    assert not r.verdict.passed
    assert r.verdict.reasons[0] == "나과목 1/4 = 25% < 40% 과락"


def test_scaled_mock_scales_questions_and_time(env: tuple[AppContext, int, FixedClock]) -> None:
    db, uid, clock = env
    sid = _start(db, uid, clock, "1/2")
    v = _view(db, uid, sid, clock)
    assert v.scale == "1/2" and v.minutes == 5 and len(v.sheet) == 2
    with db.uow() as s:
        mock.abandon(s, uid, sid, clock=clock)
        r = mock_results.mock_result(s, uid, sid, clock=clock)
    assert [u.questions for u in r.verdict.units] == [2, 2]


def test_one_mock_at_a_time_and_only_yours(env: tuple[AppContext, int, FixedClock]) -> None:
    db, uid, clock = env
    sid = _start(db, uid, clock)
    with pytest.raises(Conflict), db.uow() as s:
        mock_setup.start_mock(s, uid, "mini", "1", clock=clock)
    with db.uow() as s:
        assert mock.active_mock(s, uid) == sid
        other = accounts.sign_up(s, "o@example.com", "남", "password-1").id
    with pytest.raises(NotFound), db.uow() as s:
        mock.mock_view(s, other, sid, clock=clock)
    with pytest.raises(Conflict), db.uow() as s:
        mock_results.mock_result(s, uid, sid, clock=clock)  # not finished yet
    with pytest.raises(InvalidInput), db.uow() as s:
        mock_setup.start_mock(s, other, "mini", "1/3", clock=clock)


def test_recently_seen_questions_come_last(env: tuple[AppContext, int, FixedClock]) -> None:
    db, uid, clock = env
    sid = _start(db, uid, clock, "1/2")
    first = {c.question_id for c in _view(db, uid, sid, clock).sheet}
    for qid in first:
        _answer(db, uid, sid, clock, qid, 1)
    with db.uow() as s:
        mock.abandon(s, uid, sid, clock=clock)
    clock.advance(hours=1)
    sid2 = _start(db, uid, clock, "1/2")
    second = {c.question_id for c in _view(db, uid, sid2, clock).sheet}
    assert first.isdisjoint(second)


def test_history_lists_verdicts(env: tuple[AppContext, int, FixedClock]) -> None:
    db, uid, clock = env
    sid = _start(db, uid, clock, "1/2")
    with db.uow() as s:
        mock.abandon(s, uid, sid, clock=clock)
        hist = mock_results.mock_history(s, uid)
    assert [(h.session_id, h.passed, h.scale) for h in hist] == [(sid, False, "1/2")]
    assert hist[0].subjects == {"가과목": 0.0, "나과목": 0.0}
