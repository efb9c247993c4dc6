"""Rubric grading of written answers: validated, clamped, pending an instructor's review."""

from __future__ import annotations

from typing import Any

from tutor.db.models import Attempt, Question
from tutor.domain import tutor_guard
from tutor.llm import prompts
from tutor.llm.errors import LLMBadOutput, LLMError
from tutor.llm.structured import extract_json
from tutor.services.accounts import authorize
from tutor.services.ai.core import AIDeps, _check_budget, _client, _context, _record
from tutor.services.errors import Conflict, InvalidInput, NotFound


def grade_attempt(deps: AIDeps, user_id: int, attempt_id: int) -> tutor_guard.RubricGrade:
    """AI-grade a written answer against its rubric. Stored as 'AI 채점 (검토 전)' until an
    instructor confirms or overrides it."""
    with deps.uow() as s:
        authorize(s, user_id)
        a = s.get(Attempt, attempt_id)
        if a is None or a.user_id != user_id:
            raise NotFound("답안을 찾을 수 없습니다")
        q = s.get(Question, a.question_id)
        assert q is not None
        if q.type != "essay" or not q.rubric:
            raise InvalidInput("채점 기준이 있는 서술형 문항만 AI 채점을 합니다")
        if a.review_status in ("confirmed", "overridden"):
            raise Conflict("강사가 이미 채점을 확정했습니다", code="reviewed")
        ctx = _context(s, q)
        rubric = list(q.rubric)
        text = str(a.response.get("text", ""))
        _check_budget(s, user_id, deps.clock.now())
    client = _client(deps)
    messages = prompts.grade(ctx, rubric, text)
    try:
        c = client.chat(messages, read_timeout=180, response_format=prompts.grade_schema())
    except LLMError as e:
        _record(
            deps,
            user_id=user_id,
            question_id=q.id,
            purpose="grade",
            version=prompts.GRADE_V,
            reasoning=False,
            error=e.message,
        )
        raise
    try:
        g = tutor_guard.validate_grade(extract_json(c.text), rubric)
    except (LLMBadOutput, ValueError) as e:
        msg = e.message if isinstance(e, LLMBadOutput) else str(e)
        _record(
            deps,
            user_id=user_id,
            question_id=q.id,
            purpose="grade",
            version=prompts.GRADE_V,
            reasoning=False,
            completion=c,
            error=msg,
        )
        raise LLMBadOutput(f"AI 채점 결과를 읽을 수 없습니다: {msg}") from None
    _record(
        deps,
        user_id=user_id,
        question_id=q.id,
        purpose="grade",
        version=prompts.GRADE_V,
        reasoning=False,
        completion=c,
    )
    with deps.uow() as s:
        a = s.get(Attempt, attempt_id)
        assert a is not None
        a.score, a.max_score = g.score, g.max_score
        a.grader, a.review_status = "rubric_llm", "pending"
        a.grade_detail = _grade_json(g, c.model)
    return g


def _grade_json(g: tutor_guard.RubricGrade, model: str) -> dict[str, Any]:
    return {
        "score": g.score,
        "max_score": g.max_score,
        "criteria": [
            {"name": c.name, "points": c.points, "awarded": c.awarded, "comment": c.comment}
            for c in g.criteria
        ],
        "feedback": g.feedback,
        "adjusted": g.adjusted,
        "model": model,
    }
