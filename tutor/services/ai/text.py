"""AI explanation (cached, never contradicting the key) and chat about a question."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from tutor.db.models import ChatMessage, LLMCache, Question, QuestionFlag
from tutor.domain import tutor_guard
from tutor.llm import prompts
from tutor.services.accounts import authorize
from tutor.services.ai.core import (
    MAX_CHAT_CHARS,
    AIDeps,
    TextResult,
    TextStream,
    _prepare,
    _record,
    stream_into,
)
from tutor.services.errors import InvalidInput


def _cache_key(model: str, version: str, q: Question, reasoning: bool) -> str:
    raw = json.dumps([model, version, q.content_hash, reasoning], ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


def _pieces(text: str, size: int = 24) -> Iterator[str]:
    for i in range(0, len(text), size):
        yield text[i : i + size]


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
        messages = prompts.with_images(prompts.explain(ctx), ctx, client.preset.vision)
        yield from stream_into(
            deps,
            client,
            messages,
            result,
            user_id=user_id,
            question_id=q.id,
            purpose="explain",
            version=prompts.EXPLAIN_V,
            reasoning=reasoning,
        )
        if result.error:
            result.fallback = q.explanation
            return
        done = result.completion
        assert done is not None
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
        messages = prompts.with_images(
            prompts.chat(ctx, history, message), ctx, client.preset.vision
        )
        yield from stream_into(
            deps,
            client,
            messages,
            result,
            user_id=user_id,
            question_id=q.id,
            purpose="chat",
            version=prompts.CHAT_V,
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
