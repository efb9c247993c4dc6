"""The AI tutor's shared pieces: dependencies, status, budgets, accounting, streaming.

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
    Exam,
    LLMCall,
    Question,
)
from tutor.llm import prompts
from tutor.llm.client import Completion, LLMClient
from tutor.llm.cost import cost
from tutor.llm.errors import LLMBudgetExceeded, LLMDisabled, LLMError
from tutor.services.accounts import authorize
from tutor.services.clock import SYSTEM_CLOCK, Clock
from tutor.services.errors import InvalidInput, NotFound, PermissionDenied

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
    completion: Completion | None = None
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


def stream_into(
    deps: AIDeps,
    client: LLMClient,
    messages: list[dict[str, Any]],
    result: TextResult,
    *,
    user_id: int | None,
    question_id: int,
    purpose: str,
    version: str,
    reasoning: bool = False,
) -> Iterator[str]:
    """Stream the answer into `result` (reasoning too), yielding answer text as it comes;
    record the call either way. On a model error `result.error` is set and the partial text
    stays in `result.text`."""
    try:
        for ev in client.stream(messages, reasoning=reasoning, read_timeout=120):
            if ev.kind == "answer":
                result.text += ev.text
                yield ev.text
            elif ev.kind == "reasoning":
                result.reasoning += ev.text
            elif ev.kind == "done":
                result.completion = ev.completion
    except LLMError as e:
        result.error = e.message
        _record(
            deps,
            user_id=user_id,
            question_id=question_id,
            purpose=purpose,
            version=version,
            reasoning=reasoning,
            error=e.message,
        )
        return
    done = result.completion
    assert done is not None
    result.tokens = (done.prompt_tokens or 0) + (done.completion_tokens or 0)
    result.latency_ms = done.latency_ms
    call = _record(
        deps,
        user_id=user_id,
        question_id=question_id,
        purpose=purpose,
        version=version,
        reasoning=reasoning,
        completion=done,
    )
    result.cost = call.cost


def check_connection(deps: AIDeps) -> dict[str, Any]:
    """Does the configured model answer a tiny request? The same probe for the admin page
    and `python -m tutor llm check`: {ok, base_url, model, models, latency_ms,
    reasoning_supported, error}."""
    client = _client(deps)
    result: dict[str, Any] = {
        "ok": False,
        "base_url": client.config.base_url,
        "model": client.config.model,
        "models": [],
        "latency_ms": None,
        "reasoning_supported": client.preset.reasoning_switch != "none",
        "error": None,
    }
    try:
        result["models"] = client.models()
    except LLMError as e:
        result["error"] = e.message
    try:
        c = client.chat([{"role": "user", "content": "1+1=? 숫자만."}], max_tokens=8)
    except LLMError as e:
        result["error"] = e.message
    else:
        result.update(ok=True, error=None, latency_ms=round(c.latency_ms, 1))
    return result
