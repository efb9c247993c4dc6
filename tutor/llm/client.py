"""OpenAI-compatible Chat Completions client over httpx (sync and SSE streaming).

Robust like the best SDKs: short connect timeout, read timeout per purpose, bounded
retries with jittered exponential backoff on connection errors, 408/409/429/5xx honouring
Retry-After (seconds or HTTP date) and retry-after-ms, flat and nested error bodies,
a circuit breaker after repeated failures. The API key is never logged or put in a message.
"""

from __future__ import annotations

import email.utils
import json
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
from pydantic import ValidationError

from tutor.llm.errors import (
    LLMBadOutput,
    LLMCircuitOpen,
    LLMConnectionError,
    LLMError,
    LLMRateLimited,
    LLMStatusError,
    LLMTimeout,
)
from tutor.llm.presets import Preset
from tutor.llm.reasoning import StreamSplitter, split_reasoning
from tutor.llm.schemas import ChatResponse, ModelList

MAX_RETRY_AFTER = 60.0  # a server asking for longer is treated as "not now"


@dataclass
class ClientConfig:
    base_url: str
    model: str
    preset: Preset
    api_key: str | None = None
    connect_timeout: float = 5.0
    read_timeout: float = 60.0
    max_retries: int = 2
    backoff_base: float = 0.5
    backoff_max: float = 8.0
    breaker_threshold: int = 5
    breaker_cooldown: float = 30.0


@dataclass
class Completion:
    text: str
    reasoning: str
    prompt_tokens: int | None
    completion_tokens: int | None
    model: str
    latency_ms: float
    finish_reason: str | None
    attempts: int = 1


@dataclass
class StreamEvent:
    kind: str  # "answer" | "reasoning" | "done"
    text: str = ""
    completion: Completion | None = None


@dataclass
class _Breaker:
    threshold: int
    cooldown: float
    failures: int = 0
    open_until: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def check(self, now: float) -> None:
        with self.lock:
            if self.failures >= self.threshold and now < self.open_until:
                raise LLMCircuitOpen("AI 기능 일시 중단: 모델 서버가 잇달아 응답하지 않았습니다")

    def success(self) -> None:
        with self.lock:
            self.failures = 0

    def failure(self, now: float) -> None:
        with self.lock:
            self.failures += 1
            if self.failures >= self.threshold:
                self.open_until = now + self.cooldown

    def is_open(self, now: float) -> bool:
        with self.lock:
            return self.failures >= self.threshold and now < self.open_until


def parse_retry_after(headers: httpx.Headers, now: float | None = None) -> float | None:
    """Seconds to wait, from retry-after-ms, or Retry-After in seconds or as an HTTP date."""
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


def error_message(body: str) -> str:
    """The human part of an error body: {"error": {"message": …}}, {"error": "…"},
    {"message": …}, {"detail": …}, or the text itself."""
    try:
        data = json.loads(body)
    except ValueError:
        return body.strip()[:300]
    if isinstance(data, dict):
        err = data.get("error")
        if isinstance(err, dict):
            msg = err.get("message") or err.get("msg") or err.get("type")
            if msg:
                return str(msg)[:300]
        if isinstance(err, str):
            return err[:300]
        for key in ("message", "detail", "msg"):
            if data.get(key):
                return str(data[key])[:300]
    return body.strip()[:300]


class LLMClient:
    """One per process (thread-safe: httpx.Client is)."""

    def __init__(
        self,
        config: ClientConfig,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.config = config
        self._sleep = sleep
        self._rng = rng or random.Random()
        headers = {"Accept": "application/json"}
        if config.api_key:
            headers["Authorization"] = f"Bearer {config.api_key}"
        self._http = httpx.Client(
            base_url=config.base_url.rstrip("/"),
            headers=headers,
            timeout=httpx.Timeout(config.read_timeout, connect=config.connect_timeout),
            transport=transport,
        )
        self._breaker = _Breaker(config.breaker_threshold, config.breaker_cooldown)

    # ------------------------------------------------------------------ public API

    @property
    def preset(self) -> Preset:
        return self.config.preset

    def breaker_open(self) -> bool:
        return self._breaker.is_open(time.monotonic())

    def close(self) -> None:
        self._http.close()

    def models(self, *, timeout: float = 10.0) -> list[str]:
        r = self._request("GET", "/models", None, timeout)
        try:
            data = ModelList.model_validate(r.json())
        except (ValueError, ValidationError) as e:
            raise LLMBadOutput(f"모델 목록을 읽을 수 없습니다: {type(e).__name__}") from None
        return [str(m.get("id")) for m in data.data if m.get("id")]

    def build_payload(
        self,
        messages: list[dict[str, Any]],
        *,
        reasoning: bool = False,
        max_tokens: int | None = None,
        response_format: dict[str, Any] | None = None,
        stream: bool = False,
    ) -> dict[str, Any]:
        sampling = self.preset.sampling(reasoning)
        payload: dict[str, Any] = {
            "model": self.config.model,
            "messages": messages,
            "temperature": sampling.temperature,
            "top_p": sampling.top_p,
            **self.preset.reasoning_params(reasoning),
        }
        if max_tokens:
            payload["max_tokens"] = max_tokens
        if response_format is not None and self.preset.json_schema:
            payload["response_format"] = response_format
        if stream:
            payload["stream"] = True
            payload["stream_options"] = {"include_usage": True}
        return payload

    def chat(
        self,
        messages: list[dict[str, Any]],
        *,
        reasoning: bool = False,
        max_tokens: int | None = None,
        read_timeout: float | None = None,
        response_format: dict[str, Any] | None = None,
    ) -> Completion:
        payload = self.build_payload(
            messages, reasoning=reasoning, max_tokens=max_tokens, response_format=response_format
        )
        started = time.perf_counter()
        r = self._request("POST", "/chat/completions", payload, read_timeout)
        try:
            data = ChatResponse.model_validate(r.json())
        except ValueError:
            raise LLMBadOutput("모델 서버가 올바른 JSON을 보내지 않았습니다") from None
        except ValidationError:
            raise LLMBadOutput("모델 서버의 응답 형식이 예상과 다릅니다") from None
        if not data.choices or data.choices[0].message is None:
            raise LLMBadOutput("모델 서버가 빈 응답(choices 없음)을 보냈습니다")
        msg = data.choices[0].message
        inline_reasoning, text = split_reasoning(msg.content or "")
        reasoning_text = msg.reasoning_content or msg.reasoning or inline_reasoning
        usage = data.usage
        return Completion(
            text=text,
            reasoning=reasoning_text.strip(),
            prompt_tokens=usage.prompt_tokens if usage else None,
            completion_tokens=usage.completion_tokens if usage else None,
            model=data.model or self.config.model,
            latency_ms=(time.perf_counter() - started) * 1000,
            finish_reason=data.choices[0].finish_reason,
            attempts=int(r.extensions.get("tutor_attempts", 1)),
        )

    def stream(
        self,
        messages: list[dict[str, Any]],
        *,
        reasoning: bool = False,
        max_tokens: int | None = None,
        read_timeout: float | None = None,
    ) -> Iterator[StreamEvent]:
        """Yield answer/reasoning deltas as they arrive, then one 'done' event.

        Retries happen only before the first byte; a stream cut later raises with the
        text received so far in `partial`."""
        payload = self.build_payload(
            messages, reasoning=reasoning, max_tokens=max_tokens, stream=True
        )
        started = time.perf_counter()
        attempt = 0
        while True:
            self._breaker.check(time.monotonic())
            try:
                with self._http.stream(
                    "POST", "/chat/completions", json=payload, timeout=self._timeout(read_timeout)
                ) as r:
                    if r.status_code >= 400:
                        r.read()
                        raise self._status_error(r)
                    yield from self._read_sse(r, started, attempt + 1, reasoning)
                self._breaker.success()
                return
            except LLMError as e:
                if e.partial or not e.retryable or attempt >= self.config.max_retries:
                    self._breaker.failure(time.monotonic())
                    raise
                self._sleep(self._delay(attempt, getattr(e, "retry_after", None)))
                attempt += 1
            except httpx.HTTPError as e:
                err = self._transport_error(e)
                if attempt >= self.config.max_retries:
                    self._breaker.failure(time.monotonic())
                    raise err from None
                self._sleep(self._delay(attempt, None))
                attempt += 1

    # ------------------------------------------------------------------- internals

    def _timeout(self, read: float | None) -> httpx.Timeout:
        return httpx.Timeout(read or self.config.read_timeout, connect=self.config.connect_timeout)

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return retry_after
        base = min(self.config.backoff_max, self.config.backoff_base * (2**attempt))
        return float(base * (1 - 0.25 * self._rng.random()))  # jitter: 75–100 % of the step

    def _scrub(self, text: str) -> str:
        key = self.config.api_key
        return text.replace(key, "***") if key else text

    def _status_error(self, r: httpx.Response) -> LLMStatusError:
        body = self._scrub(r.text)
        detail = self._scrub(error_message(body))
        if r.status_code == 429:
            return LLMRateLimited(
                f"모델 서버가 요청이 많다고 합니다 (429): {detail}",
                retry_after=parse_retry_after(r.headers),
                body=body,
            )
        if r.status_code in (401, 403):
            return LLMStatusError(
                f"모델 서버가 인증을 거절했습니다 ({r.status_code}): API 키를 확인하세요",
                status=r.status_code,
                body=body,
            )
        return LLMStatusError(
            f"모델 서버 오류 ({r.status_code}): {detail}", status=r.status_code, body=body
        )

    def _transport_error(self, e: httpx.HTTPError, partial: str = "") -> LLMError:
        if isinstance(e, httpx.TimeoutException):
            return LLMTimeout("모델 서버가 제때 응답하지 않았습니다 (시간 초과)", partial=partial)
        if isinstance(e, httpx.RemoteProtocolError) and partial:
            return LLMConnectionError("모델 응답이 중간에 끊겼습니다", partial=partial)
        return LLMConnectionError(
            f"모델 서버에 연결할 수 없습니다 ({type(e).__name__})", partial=partial
        )

    def _request(
        self, method: str, path: str, payload: dict[str, Any] | None, read: float | None
    ) -> httpx.Response:
        attempt = 0
        while True:
            self._breaker.check(time.monotonic())
            try:
                r = self._http.request(method, path, json=payload, timeout=self._timeout(read))
                if r.status_code >= 400:
                    raise self._status_error(r)
                self._breaker.success()
                r.extensions = {**r.extensions, "tutor_attempts": attempt + 1}
                return r
            except LLMStatusError as e:
                retry_after = getattr(e, "retry_after", None)
                too_long = retry_after is not None and retry_after > MAX_RETRY_AFTER
                if not e.retryable or attempt >= self.config.max_retries or too_long:
                    self._breaker.failure(time.monotonic())
                    raise
                self._sleep(self._delay(attempt, retry_after))
            except httpx.HTTPError as e:
                if attempt >= self.config.max_retries:
                    self._breaker.failure(time.monotonic())
                    raise self._transport_error(e) from None
                self._sleep(self._delay(attempt, None))
            attempt += 1

    def _read_sse(
        self, r: httpx.Response, started: float, attempts: int, reasoning_on: bool
    ) -> Iterator[StreamEvent]:
        splitter = StreamSplitter(undecided=reasoning_on)
        answer: list[str] = []
        reasoning: list[str] = []
        usage: dict[str, Any] = {}
        model = self.config.model
        finish: str | None = None
        done = False
        try:
            for line in r.iter_lines():
                if not line or line.startswith(":") or not line.startswith("data:"):
                    continue
                data = line[5:].strip()
                if data == "[DONE]":
                    done = True
                    break
                try:
                    chunk = ChatResponse.model_validate(json.loads(data))
                except (ValueError, ValidationError):
                    raise LLMBadOutput(
                        "모델 서버가 스트림 중에 잘못된 데이터를 보냈습니다",
                        partial="".join(answer),
                    ) from None
                model = chunk.model or model
                if chunk.usage is not None:
                    usage = chunk.usage.model_dump()
                if not chunk.choices:
                    continue
                choice = chunk.choices[0]
                finish = choice.finish_reason or finish
                delta = choice.delta
                if delta is None:
                    continue
                side = delta.reasoning_content or delta.reasoning
                if side:
                    reasoning.append(side)
                    yield StreamEvent("reasoning", side)
                    _, released = splitter.release()  # reasoning comes separately
                    if released:
                        answer.append(released)
                        yield StreamEvent("answer", released)
                if delta.content:
                    think, text = splitter.feed(delta.content)
                    if think:
                        reasoning.append(think)
                        yield StreamEvent("reasoning", think)
                    if text:
                        answer.append(text)
                        yield StreamEvent("answer", text)
        except httpx.HTTPError as e:
            raise self._transport_error(e, partial="".join(answer)) from None
        think, text = splitter.close()
        if think:
            reasoning.append(think)
        if text:
            answer.append(text)
            yield StreamEvent("answer", text)
        if not done and finish is None:
            raise LLMConnectionError("모델 응답이 중간에 끊겼습니다", partial="".join(answer))
        yield StreamEvent(
            "done",
            completion=Completion(
                text="".join(answer).strip(),
                reasoning="".join(reasoning).strip(),
                prompt_tokens=usage.get("prompt_tokens"),
                completion_tokens=usage.get("completion_tokens"),
                model=model,
                latency_ms=(time.perf_counter() - started) * 1000,
                finish_reason=finish,
                attempts=attempts,
            ),
        )
