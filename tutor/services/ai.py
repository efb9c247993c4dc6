"""The AI tutor: explain, hint, chat, rubric grading — with budgets, cache and accounting.

The key decides grades; the model only explains. No DB transaction is held open while the
model talks: each step opens its own unit of work. Every call (errors too) is recorded in
llm_calls with tokens, cost and latency.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tutor.db.models import (
    AppSetting,
    Attempt,
    Bank,
    ChatMessage,
    Exam,
    LLMCache,
    LLMCall,
    Question,
    QuestionFlag,
    StudySession,
)
from tutor.domain import tutor_guard
from tutor.llm import prompts
from tutor.llm.client import Completion, LLMClient
from tutor.llm.cost import cost
from tutor.llm.errors import LLMBadOutput, LLMBudgetExceeded, LLMDisabled, LLMError
from tutor.llm.structured import extract_json
from tutor.services.accounts import authorize
from tutor.services.clock import SYSTEM_CLOCK, Clock
from tutor.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied

MAX_HINTS = 3
MAX_CHAT_CHARS = 2000
SEOUL = ZoneInfo("Asia/Seoul")


@dataclass
class AIDeps:
    uow: Callable[[], AbstractContextManager[Session]]
    client: LLMClient | None
    banks_dir: Path | None = None
    provider: str = "env"
    price_in: float = 0.0
    price_out: float = 0.0
    clock: Clock = SYSTEM_CLOCK
    offline_reason: str = "AI 모델이 설정되지 않았습니다 (관리자: TUTOR_LLM_BASE_URL)"


@dataclass(frozen=True, slots=True)
class AIStatus:
    enabled: bool
    reason: str
    paused: bool  # circuit breaker open
    model: str
    vision: bool


@dataclass
class TextResult:
    text: str = ""
    reasoning: str = ""
    cached: bool = False
    flagged: bool = False
    error: str = ""
    fallback: str = ""  # shown instead of the model's text (e.g. the bank explanation)
    tokens: int = 0
    cost: float = 0.0
    latency_ms: float = 0.0


@dataclass
class TextStream:
    """Iterate `chunks()` (e.g. with st.write_stream); read `result` afterwards."""

    _gen: Callable[[TextResult], Iterator[str]]
    result: TextResult = field(default_factory=TextResult)

    def chunks(self) -> Iterator[str]:
        yield from self._gen(self.result)


# --------------------------------------------------------------------------- helpers


def status(deps: AIDeps) -> AIStatus:
    c = deps.client
    if c is None:
        return AIStatus(False, deps.offline_reason, False, "", False)
    if c.breaker_open():
        return AIStatus(
            False,
            "AI 기능 일시 중단: 모델 서버가 응답하지 않습니다",
            True,
            c.config.model,
            c.preset.vision,
        )
    return AIStatus(True, "", False, c.config.model, c.preset.vision)


def _client(deps: AIDeps) -> LLMClient:
    if deps.client is None:
        raise LLMDisabled(deps.offline_reason)
    return deps.client


_MIME = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
}


def _figures(banks_dir: Path | None, slug: str, images: list[str]) -> list[tuple[str, bytes]]:
    if banks_dir is None:
        return []
    base = (banks_dir / slug).resolve()
    out = []
    for rel in images:
        p = (base / rel).resolve()
        if p.is_relative_to(base) and p.is_file() and p.suffix.lower() in _MIME:
            out.append((_MIME[p.suffix.lower()], p.read_bytes()))
    return out


def _context(s: Session, q: Question, banks_dir: Path | None = None) -> prompts.QuestionContext:
    name, slug = s.execute(
        select(Exam.name_ko, Exam.slug)
        .join(Bank, Bank.exam_id == Exam.id)
        .where(Bank.id == q.bank_id)
    ).one()
    return prompts.QuestionContext(
        exam=name,
        subject=q.subject,
        type=q.type,
        stem=q.stem,
        choices=list(q.choices),
        answer=list(q.answer),
        explanation=q.explanation,
        references=list(q.references),
        images=tuple(_figures(banks_dir, slug, list(q.images))),
    )


def image_note(deps: AIDeps, question_images: list[str]) -> str:
    """What to tell the learner when the question has a figure the model cannot see."""
    if question_images and deps.client is not None and not deps.client.preset.vision:
        return prompts.NO_VISION_NOTE
    return ""


def _answered(s: Session, user_id: int, q: Question) -> bool:
    return (
        s.scalar(
            select(func.count())
            .select_from(Attempt)
            .where(Attempt.user_id == user_id, Attempt.question_id == q.id)
        )
        != 0
    )


def _question_after_answer(s: Session, user_id: int | None, question_id: int) -> Question:
    """The key is part of explain/chat prompts: only after the learner answered it
    (instructors and admins may preview; user_id None is the operator's CLI)."""
    q = s.get(Question, question_id)
    if user_id is None:
        if q is None:
            raise NotFound("문제를 찾을 수 없습니다")
        return q
    user = authorize(s, user_id)
    if q is None:
        raise NotFound("문제를 찾을 수 없습니다")
    if user.role == "learner" and not _answered(s, user_id, q):
        raise PermissionDenied("답을 제출한 뒤에 AI 해설과 질문을 쓸 수 있습니다")
    return q


def budgets(s: Session) -> dict[str, float]:
    row = s.get(AppSetting, "budgets")
    value = dict(row.value) if row else {}
    return {
        "user_daily_tokens": float(value.get("user_daily_tokens", 0) or 0),
        "global_monthly_cost": float(value.get("global_monthly_cost", 0) or 0),
    }


def set_budgets(
    s: Session,
    actor_id: int,
    user_daily_tokens: float,
    global_monthly_cost: float,
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> None:
    authorize(s, actor_id, "admin")
    if user_daily_tokens < 0 or global_monthly_cost < 0:
        raise InvalidInput("한도는 0 이상이어야 합니다 (0은 제한 없음)")
    row = s.get(AppSetting, "budgets")
    value = {"user_daily_tokens": user_daily_tokens, "global_monthly_cost": global_monthly_cost}
    if row is None:
        s.add(AppSetting(key="budgets", value=value, updated_at=clock.now()))
    else:
        row.value, row.updated_at = value, clock.now()


def _check_budget(s: Session, user_id: int, now: dt.datetime) -> None:
    b = budgets(s)
    local = now.astimezone(SEOUL)
    if b["user_daily_tokens"] > 0:
        start = local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(dt.UTC)
        used = s.scalar(
            select(
                func.coalesce(func.sum(LLMCall.prompt_tokens + LLMCall.completion_tokens), 0)
            ).where(LLMCall.user_id == user_id, LLMCall.created_at >= start)
        )
        if float(used or 0) >= b["user_daily_tokens"]:
            raise LLMBudgetExceeded(
                f"오늘의 AI 사용 한도({b['user_daily_tokens']:,.0f} 토큰)를 다 썼습니다. "
                "내일 다시 쓸 수 있습니다"
            )
    if b["global_monthly_cost"] > 0:
        month = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0).astimezone(dt.UTC)
        spent = s.scalar(
            select(func.coalesce(func.sum(LLMCall.cost), 0.0)).where(LLMCall.created_at >= month)
        )
        if float(spent or 0) >= b["global_monthly_cost"]:
            raise LLMBudgetExceeded("이번 달 AI 예산을 다 썼습니다. 관리자에게 문의하세요")


def _record(
    deps: AIDeps,
    *,
    user_id: int | None,
    question_id: int | None,
    purpose: str,
    version: str,
    reasoning: bool,
    completion: Completion | None = None,
    error: str | None = None,
    cache_hit: bool = False,
    refused: bool = False,
    latency_ms: float = 0.0,
) -> LLMCall:
    p = completion.prompt_tokens or 0 if completion else 0
    c = completion.completion_tokens or 0 if completion else 0
    call = LLMCall(
        user_id=user_id,
        question_id=question_id,
        purpose=purpose,
        provider=deps.provider,
        model=(completion.model if completion else None)
        or (deps.client.config.model if deps.client else "-"),
        reasoning=reasoning,
        prompt_version=version,
        prompt_tokens=p,
        completion_tokens=c,
        cost=cost(p, c, deps.price_in, deps.price_out),
        latency_ms=completion.latency_ms if completion else latency_ms,
        status="refused" if refused else ("error" if error else "ok"),
        error=(error or "")[:500] or None,
        cache_hit=cache_hit,
        created_at=deps.clock.now(),
    )
    with deps.uow() as s:
        s.add(call)
    return call


def _cache_key(model: str, version: str, q: Question, reasoning: bool) -> str:
    raw = json.dumps([model, version, q.content_hash, reasoning], ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


def _pieces(text: str, size: int = 24) -> Iterator[str]:
    for i in range(0, len(text), size):
        yield text[i : i + size]


def _prepare(
    deps: AIDeps,
    user_id: int | None,
    question_id: int,
    purpose: str,
    version: str,
    reasoning: bool,
) -> tuple[LLMClient, Question, prompts.QuestionContext]:
    """Permission, offline and budget checks; refusals are recorded too."""
    with deps.uow() as s:
        q = _question_after_answer(s, user_id, question_id)
        ctx = _context(s, q, deps.banks_dir)
        s.expunge(q)
    client = _client(deps)
    if user_id is None:
        return client, q, ctx
    try:
        with deps.uow() as s:
            _check_budget(s, user_id, deps.clock.now())
    except LLMBudgetExceeded as e:
        _record(
            deps,
            user_id=user_id,
            question_id=question_id,
            purpose=purpose,
            version=version,
            reasoning=reasoning,
            error=e.message,
            refused=True,
        )
        raise
    return client, q, ctx


# ---------------------------------------------------------------------------- explain


def explain(
    deps: AIDeps, user_id: int | None, question_id: int, *, reasoning: bool = False
) -> TextStream:
    client, q, ctx = _prepare(deps, user_id, question_id, "explain", prompts.EXPLAIN_V, reasoning)
    key = _cache_key(client.config.model, prompts.EXPLAIN_V, q, reasoning)

    def gen(result: TextResult) -> Iterator[str]:
        with deps.uow() as s:
            hit = s.get(LLMCache, key)
            if hit is not None:
                hit.hits += 1
                cached_text, cached_reasoning = hit.text, hit.reasoning
        if hit is not None:
            result.text, result.reasoning, result.cached = cached_text, cached_reasoning, True
            _record(
                deps,
                user_id=user_id,
                question_id=q.id,
                purpose="explain",
                version=prompts.EXPLAIN_V,
                reasoning=reasoning,
                cache_hit=True,
            )
            yield from _pieces(cached_text)
            return
        done: Completion | None = None
        try:
            messages = prompts.with_images(prompts.explain(ctx), ctx, client.preset.vision)
            for ev in client.stream(messages, reasoning=reasoning, read_timeout=120):
                if ev.kind == "answer":
                    result.text += ev.text
                    yield ev.text
                elif ev.kind == "reasoning":
                    result.reasoning += ev.text
                elif ev.kind == "done":
                    done = ev.completion
        except LLMError as e:
            result.error = e.message
            result.fallback = q.explanation
            _record(
                deps,
                user_id=user_id,
                question_id=q.id,
                purpose="explain",
                version=prompts.EXPLAIN_V,
                reasoning=reasoning,
                error=e.message,
            )
            return
        assert done is not None
        result.tokens = (done.prompt_tokens or 0) + (done.completion_tokens or 0)
        result.latency_ms = done.latency_ms
        call = _record(
            deps,
            user_id=user_id,
            question_id=q.id,
            purpose="explain",
            version=prompts.EXPLAIN_V,
            reasoning=reasoning,
            completion=done,
        )
        result.cost = call.cost
        if tutor_guard.disagrees_with_key(result.text, list(q.answer)):
            # Never show a disagreement as truth: the key's explanation instead, and a flag.
            result.flagged = True
            result.fallback = q.explanation
            with deps.uow() as s:
                s.add(
                    QuestionFlag(
                        question_id=q.id,
                        user_id=user_id,
                        reason="model_disagrees",
                        detail={
                            "claimed": sorted(tutor_guard.claimed_answers(result.text)),
                            "key": list(q.answer),
                            "model": done.model,
                            "excerpt": result.text[:1000],
                        },
                        created_at=deps.clock.now(),
                    )
                )
            return
        with deps.uow() as s:
            if s.get(LLMCache, key) is None:
                s.add(
                    LLMCache(
                        key=key,
                        purpose="explain",
                        model=done.model,
                        prompt_version=prompts.EXPLAIN_V,
                        text=result.text,
                        reasoning=result.reasoning,
                        created_at=deps.clock.now(),
                    )
                )

    return TextStream(gen)


# ------------------------------------------------------------------------------- hint


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


# ------------------------------------------------------------------------------- chat


def chat_history(s: Session, user_id: int, question_id: int) -> list[tuple[str, str]]:
    authorize(s, user_id)
    rows = s.execute(
        select(ChatMessage.role, ChatMessage.content)
        .where(ChatMessage.user_id == user_id, ChatMessage.question_id == question_id)
        .order_by(ChatMessage.id)
    ).all()
    return [(r, c) for r, c in rows]


def chat(deps: AIDeps, user_id: int, question_id: int, message: str) -> TextStream:
    message = message.strip()
    if not message:
        raise InvalidInput("질문을 입력하세요")
    if len(message) > MAX_CHAT_CHARS:
        raise InvalidInput(f"질문은 {MAX_CHAT_CHARS}자까지입니다")
    client, q, ctx = _prepare(deps, user_id, question_id, "chat", prompts.CHAT_V, False)
    with deps.uow() as s:
        history = chat_history(s, user_id, question_id)[-20:]
        s.add(
            ChatMessage(
                user_id=user_id,
                question_id=question_id,
                role="user",
                content=message,
                created_at=deps.clock.now(),
            )
        )

    def gen(result: TextResult) -> Iterator[str]:
        done: Completion | None = None
        try:
            messages = prompts.with_images(
                prompts.chat(ctx, history, message), ctx, client.preset.vision
            )
            for ev in client.stream(messages, read_timeout=120):
                if ev.kind == "answer":
                    result.text += ev.text
                    yield ev.text
                elif ev.kind == "done":
                    done = ev.completion
        except LLMError as e:
            result.error = e.message
            _record(
                deps,
                user_id=user_id,
                question_id=q.id,
                purpose="chat",
                version=prompts.CHAT_V,
                reasoning=False,
                error=e.message,
            )
        else:
            assert done is not None
            _record(
                deps,
                user_id=user_id,
                question_id=q.id,
                purpose="chat",
                version=prompts.CHAT_V,
                reasoning=False,
                completion=done,
            )
        if result.text:
            with deps.uow() as s:
                s.add(
                    ChatMessage(
                        user_id=user_id,
                        question_id=question_id,
                        role="assistant",
                        content=result.text,
                        created_at=deps.clock.now(),
                    )
                )

    return TextStream(gen)


# ----------------------------------------------------------------------- rubric grading


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
