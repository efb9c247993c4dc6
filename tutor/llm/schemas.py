"""Pydantic models of the Chat Completions wire format (tolerant of extra fields)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Usage(_Loose):
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None


class Message(_Loose):
    role: str | None = None
    content: str | None = None
    reasoning_content: str | None = None
    reasoning: str | None = None


class Choice(_Loose):
    index: int = 0
    message: Message | None = None
    delta: Message | None = None
    finish_reason: str | None = None


class ChatResponse(_Loose):
    id: str | None = None
    model: str | None = None
    choices: list[Choice] = []
    usage: Usage | None = None


class ModelList(_Loose):
    data: list[dict[str, Any]] = []
