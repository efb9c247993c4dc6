"""AppTest of the mock-exam pages: set-up, the exam screen, between 교시, the verdict."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.conftest import ROOT
from tests.ui.test_pages import V, _admin, _learner, _shown, make_app
from tutor.bootstrap import AppContext
from tutor.db.models import Attempt, StudySession
from tutor.services import mock, mock_setup
from tutor.services.banks import load_path

MOCK_BANKS = ROOT / "tests" / "fixtures" / "mock_banks"


def _setup(db: AppContext):  # type: ignore[no-untyped-def]
    with db.uow() as s:
        load_path(s, MOCK_BANKS)
    _admin(db)
    return _learner(db)


def _button(at, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in at.button if b.label == label)


def test_setup_shows_the_plan_and_starts(app_env: AppContext) -> None:
    user = _setup(app_env)
    at = make_app(user, page="mock.py")
    text = _shown(at)
    assert "1교시: 가과목 1 · 1문항 · 3분" in text  # 1/4 of 4 questions, ceil(10/4) minutes
    assert "평균 60% 이상" in text and "과락" in text
    at.radio(key="mock_scale").set_value("1").run()
    assert "1교시: 가과목 4 · 4문항 · 10분" in _shown(at)
    at.button(key="mock_start").click().run()
    assert not at.exception
    text = _shown(at)
    assert "미니 모의시험" in text and "1교시" in text and "0 / 4" not in text
    assert [m.value for m in at.metric if m.label == "안 푼 문항"] == ["4 / 4"]
    assert any(b.label == "1–" for b in at.button)  # answer-sheet cells


def test_answer_saved_on_choice_jump_mark_and_submit(app_env: AppContext) -> None:
    user = _setup(app_env)
    at = make_app(user, page="mock.py")
    at.radio(key="mock_scale").set_value("1").run()
    at.button(key="mock_start").click().run()
    radio = at.radio[0]
    radio.set_value(2).run()  # on_change saves at once
    assert not at.exception
    with app_env.uow() as s:
        a = s.scalars(select(Attempt)).one()
        assert a.response == {"choice": 2}
    assert any(b.label == "1②" for b in at.button)
    _button(at, "☆ 검토 표시").click().run()
    assert any(b.label == "1②★" for b in at.button)
    next(b for b in at.button if b.label == "3–").click().run()
    assert "(가과목 " in _shown(at) and any(
        b.label == "3–" and b.proto.type == "primary" for b in at.button
    )
    _button(at, "답안 제출").click().run()
    assert "안 푼 문항이 3개 있습니다" in _shown(at)
    _button(at, "계속 풀기").click().run()
    _button(at, "답안 제출").click().run()
    _button(at, "제출합니다").click().run()
    text = _shown(at)
    assert "1교시 제출 완료" in text and "2교시 (4문항, 8분)" in text
    _button(at, "2교시 시작").click().run()
    assert "2교시" in _shown(at) and any(b.label == "5–" for b in at.button)
    _button(at, "답안 제출").click().run()
    _button(at, "제출합니다").click().run()
    assert not at.exception
    text = _shown(at)
    assert "모의고사 결과" in text and "불합격" in text
    assert "가과목 1/4 = 25% < 40% 과락" in text and "나과목 0/4 = 0% < 40% 과락" in text


def test_reload_resumes_the_same_period_and_time(app_env: AppContext) -> None:
    user = _setup(app_env)
    with app_env.uow() as s:
        sid = mock_setup.start_mock(s, user.id, "mini", "1")
        first = mock.mock_view(s, user.id, sid).sheet[0].question_id
        mock.answer(s, user.id, sid, first, {"choice": 3})
    # pretend 4 minutes already passed on the server
    with app_env.uow() as s:
        ss = s.get(StudySession, sid)
        assert ss is not None
        earlier = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=4)
        deadline = earlier + dt.timedelta(minutes=10)
        ss.state = {
            **ss.state,
            "started": {"0": earlier.isoformat()},
            "deadline": {"0": deadline.isoformat()},
        }
    at = make_app(user, page="mock.py")  # a fresh browser session
    assert any(b.label == "1③" for b in at.button)
    # 6 minutes left: under the 10-minute mark the timer turns into a warning
    timer = [w.value for w in at.warning if "남은 시간" in w.value]
    assert timer and ("05:5" in timer[0] or "06:00" in timer[0]), timer


def test_expired_period_is_submitted_on_return(app_env: AppContext) -> None:
    user = _setup(app_env)
    with app_env.uow() as s:
        sid = mock_setup.start_mock(s, user.id, "mini", "1")
        ss = s.get(StudySession, sid)
        assert ss is not None
        past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=11)
        ss.state = {**ss.state, "deadline": {"0": past.isoformat()}}
    at = make_app(user, page="mock.py")
    text = _shown(at)
    assert "시간이 끝나 1교시 답안을 그대로 제출했습니다" in text
    _button(at, "여기서 끝내고 채점").click().run()
    assert "모의고사 결과" in _shown(at)
    _button(at, "모의고사 목록").click().run()
    text = _shown(at)
    assert "지난 모의고사" in text and "불합격" in text


def test_result_of_someone_elses_mock_is_refused(app_env: AppContext) -> None:
    user = _setup(app_env)
    with app_env.uow() as s:
        sid = mock_setup.start_mock(s, user.id, "mini", "1/4")
        mock.abandon(s, user.id, sid)
    other = _learner(app_env, "other@example.com")
    at = make_app(other)
    at.query_params["result"] = str(sid)
    at.switch_page(V + "mock.py").run()
    assert "모의고사를 찾을 수 없습니다" in _shown(at)
