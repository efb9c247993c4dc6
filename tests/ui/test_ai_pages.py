"""AppTest of the AI tutor in the pages, against the model simulator over loopback HTTP."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import FIXTURE_BANKS, ROOT
from tests.llm_sim import ModelSim, Reply
from tests.ui.test_pages import _admin, _learner, _shown, make_app
from tutor.bootstrap import AppContext
from tutor.services import accounts, practice
from tutor.services.banks import load_path

ESSAY_BANKS = ROOT / "tests" / "fixtures" / "essay_banks"


@pytest.fixture
def sim(app_env: AppContext, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModelSim]:
    from tutor.config import get_settings

    with ModelSim() as s:
        monkeypatch.setenv("TUTOR_LLM_BASE_URL", s.url)
        monkeypatch.setenv("TUTOR_LLM_PRESET", "vllm-exaone4")
        monkeypatch.setenv("TUTOR_LLM_MODEL", s.model)
        get_settings.cache_clear()
        yield s
    get_settings.cache_clear()


def _practice_at_first_question(db: AppContext) -> tuple[accounts.UserInfo, int, AppTest]:
    with db.uow() as s:
        load_path(s, FIXTURE_BANKS)
    _admin(db)
    user = _learner(db)
    with db.uow() as s:
        sid = practice.start_practice(s, user.id, "sample", ["법규"], 4, "in_order")
    at = make_app(user)
    at.button(key=f"resume_{sid}").click().run()
    return user, sid, at


def _button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in at.button if b.label == label)


def test_hint_then_escaped_ai_explanation(app_env: AppContext, sim: ModelSim) -> None:
    user, sid, at = _practice_at_first_question(app_env)
    sim.enqueue(Reply(content="테스트법 제1조의 요건을 떠올려 보세요."))
    _button(at, "AI 힌트 (1/3)").click().run()
    assert not at.exception
    assert "테스트법 제1조의 요건을 떠올려 보세요" in _shown(at)
    assert any(b.label == "AI 힌트 (2/3)" for b in at.button)
    next(r for r in at.radio if r.label == "답 고르기").set_value(3)
    _button(at, "제출").click().run()
    sim.enqueue(
        Reply(
            content="**③**이 맞습니다. <script>alert('x')</script><img src=x onerror=1>",
            reasoning="먼저 조문을 본다",
            reasoning_in="think",
        )
    )
    at.toggle(key=f"reason_p{_question_id(at)}").set_value(True)
    _button(at, "AI 해설").click().run()
    assert not at.exception
    shown = [m.value for m in at.markdown if "맞습니다" in m.value]
    assert shown and "&lt;script>" in shown[-1] and "<script>" not in shown[-1]
    assert "&lt;img" in shown[-1]
    assert all(not m.allow_html for m in at.markdown if "맞습니다" in m.value)
    assert "모델의 생각" in [e.label for e in at.expander]
    body = sim.requests[-1].body
    assert body["chat_template_kwargs"] == {"enable_thinking": True}


def _question_id(at: AppTest) -> int:
    for b in at.button:
        if b.key and b.key.startswith("explain_p"):
            return int(b.key.removeprefix("explain_p"))
    raise AssertionError("no AI 해설 button")


def test_flagged_explanation_shows_the_bank_explanation(app_env: AppContext, sim: ModelSim) -> None:
    user, sid, at = _practice_at_first_question(app_env)
    next(r for r in at.radio if r.label == "답 고르기").set_value(1)
    _button(at, "제출").click().run()
    sim.enqueue(Reply(content="정답은 ①번입니다."))
    _button(at, "AI 해설").click().run()
    text = _shown(at)
    assert "강사 검토로 보냈습니다" in text and "셋이 정답이다" in text
    assert not any("정답은 ①번" in m.value for m in at.markdown)


def test_ai_off_says_why(app_env: AppContext) -> None:
    user, sid, at = _practice_at_first_question(app_env)
    assert "AI 기능 꺼짐" in _shown(at) and not any(
        b.label.startswith("AI 힌트") for b in at.button
    )


def test_paused_banner_after_repeated_failures(app_env: AppContext, sim: ModelSim) -> None:
    from tutor.ui.resources import get_ai

    deps = get_ai()
    assert deps.client is not None
    for _ in range(deps.client.config.breaker_threshold):
        deps.client._breaker.failure(time.monotonic())  # as after five failed calls
    user, sid, at = _practice_at_first_question(app_env)
    assert "AI 기능 일시 중단" in _shown(at)
    assert not any(b.label.startswith("AI 힌트") for b in at.button)


def test_chat_about_a_question_is_kept(app_env: AppContext, sim: ModelSim) -> None:
    user, sid, at = _practice_at_first_question(app_env)
    next(r for r in at.radio if r.label == "답 고르기").set_value(3)
    _button(at, "제출").click().run()
    sim.enqueue(Reply(content="②는 요건이 빠져서 틀립니다."))
    at.text_input(key=f"chat_in_{_question_id(at)}").input("②는 왜 틀리죠?")
    _button(at, "보내기").click().run()
    assert not at.exception
    at = make_app(user)  # come back later
    text = _shown(at)
    with app_env.uow() as s:
        from tutor.services import ai

        assert ai.chat_history(s, user.id, _question_id_from_db(app_env)) == [
            ("user", "②는 왜 틀리죠?"),
            ("assistant", "②는 요건이 빠져서 틀립니다."),
        ]
    assert text


def _question_id_from_db(db: AppContext) -> int:
    from sqlalchemy import select

    from tutor.db.models import Question

    with db.uow() as s:
        return int(s.scalars(select(Question.id).where(Question.external_id == "s-law-1")).one())


def test_written_answer_ai_grade_then_instructor_confirms(
    app_env: AppContext, sim: ModelSim
) -> None:
    with app_env.uow() as s:
        load_path(s, ESSAY_BANKS)
    _admin(app_env)
    user = _learner(app_env)
    with app_env.uow() as s:
        sid = practice.start_practice(s, user.id, "wexam", ["법학"], 2, "in_order")
        practice.skip_question(s, user.id, sid)
    at = make_app(user)
    at.button(key=f"resume_{sid}").click().run()
    assert "채점 기준" in _shown(at)
    at.text_area(key=next(k.key for k in at.text_area)).input("실제지급가격에 가산요소를 더한다.")
    _button(at, "제출").click().run()
    assert "답안을 저장했습니다" in _shown(at)
    sim.enqueue(
        Reply(
            content=json.dumps(
                {
                    "criteria": [
                        {"name": "원칙", "awarded": 4, "comment": "정확"},
                        {"name": "가산요소", "awarded": 2, "comment": "일부"},
                        {"name": "근거", "awarded": 0, "comment": "조문 없음"},
                    ],
                    "feedback": "조문을 쓰세요",
                },
                ensure_ascii=False,
            )
        )
    )
    _button(at, "AI 채점 받기").click().run()
    assert not at.exception
    assert "AI 채점 (검토 전): 6/10점" in _shown(at)
    with app_env.uow() as s:
        inst = accounts.create_user(s, "t@example.com", "password-1", "instructor", actor_id=None)
    at = make_app(inst, page="grading.py")
    assert "검토할 서술형 답안 1건" in _shown(at)
    _button(at, "AI 채점 확정").click().run()
    assert "검토할 서술형 답안 0건" in _shown(at)


def test_admin_ai_page_usage_providers_budgets(app_env: AppContext, sim: ModelSim) -> None:
    admin = _admin(app_env)
    at = make_app(admin, page="ai_admin.py")
    assert not at.exception
    assert "AI 켜짐" in _shown(at)
    at.button(key="ai_check").click().run()
    assert "모델이 답했습니다" in _shown(at)
    assert sim.requests[-1].body["max_tokens"] == 8
    at.text_input(key="pv_name").input("hosted")
    at.text_input(key="pv_env").input("sk-live-oops")
    next(b for b in at.button if b.label == "저장" and "provider" in (b.id or "")).click().run()
    assert "TUTOR_로 시작하는" in _shown(at)
    at.number_input(key="b_daily").set_value(5000.0)
    next(b for b in at.button if b.label == "저장" and "budgets" in (b.id or "")).click().run()
    from tutor.services import ai

    with app_env.uow() as s:
        assert ai.budgets(s)["user_daily_tokens"] == 5000.0
