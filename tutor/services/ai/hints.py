"""Socratic hints before answering: up to three, checked for leaks of the key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from tutor.db.models import Question, StudySession
from tutor.domain import tutor_guard
from tutor.llm import prompts
from tutor.llm.errors import LLMError
from tutor.services.accounts import authorize
from tutor.services.ai.core import MAX_HINTS, AIDeps, _check_budget, _client, _context, _record
from tutor.services.errors import Conflict, NotFound


@dataclass(frozen=True, slots=True)
class HintResult:
    text: str
    step: int
    generic: bool  # the model's hints leaked (or failed): a generic hint was given
    blocked: int  # model replies withheld because they leaked the key
    error: str = ""


def hint(
    deps: AIDeps, user_id: int, session_id: int, question_id: int, *, attempts: int = 2
) -> HintResult:
    """The next Socratic hint (up to 3) for the current, unanswered practice question."""
    with deps.uow() as s:
        authorize(s, user_id)
        ss = s.get(StudySession, session_id)
        if ss is None or ss.user_id != user_id:
            raise NotFound("학습 세션을 찾을 수 없습니다")
        if ss.mode != "practice":
            raise Conflict("모의고사 중에는 힌트를 쓸 수 없습니다", code="no_hints")
        st = ss.state
        if st["order"][st["pos"]] != question_id or str(question_id) in st["answered"]:
            raise Conflict("답하기 전의 현재 문제에만 힌트를 쓸 수 있습니다", code="stale")
        given: list[str] = list(st.get("hints", {}).get(str(question_id), []))
        if len(given) >= MAX_HINTS:
            raise Conflict(f"힌트는 {MAX_HINTS}개까지입니다", code="hint_limit")
        q = s.get(Question, question_id)
        assert q is not None
        ctx = _context(s, q)
        answer, choices = list(q.answer), list(q.choices)
        _check_budget(s, user_id, deps.clock.now())
    result = _generate_hint(deps, user_id, question_id, ctx, answer, choices, given, attempts)
    with deps.uow() as s:
        ss = s.get(StudySession, session_id)
        assert ss is not None
        hints = dict(ss.state.get("hints", {}))
        hints[str(question_id)] = [*hints.get(str(question_id), []), result.text]
        ss.state = {**ss.state, "hints": hints}
    return result


def preview_hint(deps: AIDeps, question_id: int, step: int = 1) -> HintResult:
    """The operator's preview of what a learner would get as hint `step` (no session)."""
    with deps.uow() as s:
        q = s.get(Question, question_id)
        if q is None:
            raise NotFound("문제를 찾을 수 없습니다")
        ctx = _context(s, q)
        answer, choices = list(q.answer), list(q.choices)
    return _generate_hint(deps, None, question_id, ctx, answer, choices, [""] * (step - 1), 2)


def _generate_hint(
    deps: AIDeps,
    user_id: int | None,
    question_id: int,
    ctx: prompts.QuestionContext,
    answer: list[Any],
    choices: list[str],
    given: list[str],
    attempts: int,
) -> HintResult:
    client = _client(deps)
    step = len(given) + 1
    text, blocked, error = "", 0, ""
    for _ in range(attempts):
        try:
            c = client.chat(prompts.hint(ctx, step, given), read_timeout=60, max_tokens=300)
        except LLMError as e:
            error = e.message
            _record(
                deps,
                user_id=user_id,
                question_id=question_id,
                purpose="hint",
                version=prompts.HINT_V,
                reasoning=False,
                error=e.message,
            )
            break
        leak = tutor_guard.hint_leaks(c.text, answer, choices, ctx.stem)
        _record(
            deps,
            user_id=user_id,
            question_id=question_id,
            purpose="hint",
            version=prompts.HINT_V,
            reasoning=False,
            completion=c,
            error=f"힌트 차단: {leak}" if leak else None,
        )
        if leak is None and c.text.strip():
            text = c.text.strip()
            break
        blocked += 1
    generic = not text
    if generic:
        text = tutor_guard.GENERIC_HINTS[(step - 1) % len(tutor_guard.GENERIC_HINTS)]
    return HintResult(text, step, generic, blocked, error)


def hints_given(s: Session, user_id: int, session_id: int, question_id: int) -> list[str]:
    ss = s.get(StudySession, session_id)
    if ss is None or ss.user_id != user_id:
        return []
    return list(ss.state.get("hints", {}).get(str(question_id), []))
