"""The model client against the simulator over real loopback HTTP: every fault."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.llm_sim import ModelSim, Reply
from tutor.llm.client import ClientConfig, LLMClient, StreamEvent, error_message, parse_retry_after
from tutor.llm.errors import (
    LLMBadOutput,
    LLMCircuitOpen,
    LLMConnectionError,
    LLMRateLimited,
    LLMStatusError,
    LLMTimeout,
)
from tutor.llm.presets import get_preset
from tutor.llm.reasoning import StreamSplitter, split_reasoning

MSG = [{"role": "user", "content": "안녕하세요"}]


@pytest.fixture
def sim() -> Iterator[ModelSim]:
    with ModelSim(api_key="sk-test-secret") as s:
        yield s


def make(sim: ModelSim, **kw: object) -> tuple[LLMClient, list[float]]:
    slept: list[float] = []
    cfg = ClientConfig(
        base_url=sim.url,
        model=sim.model,
        preset=get_preset("vllm-exaone4"),
        api_key="sk-test-secret",
        read_timeout=2.0,
        **kw,  # type: ignore[arg-type]
    )
    return LLMClient(cfg, sleep=slept.append), slept


def _collect(events: Iterator[StreamEvent]) -> tuple[str, str, StreamEvent]:
    answer, reasoning, last = [], [], None
    for e in events:
        if e.kind == "answer":
            answer.append(e.text)
        elif e.kind == "reasoning":
            reasoning.append(e.text)
        last = e
    assert last is not None and last.kind == "done"
    return "".join(answer), "".join(reasoning), last


@pytest.mark.parametrize("where", ["reasoning_content", "reasoning", "think", "think_no_open"])
def test_reasoning_is_separated_wherever_it_comes(sim: ModelSim, where: str) -> None:
    client, _ = make(sim)
    sim.enqueue(
        Reply(content="정답은 해설에 있습니다.", reasoning="먼저 생각한다.", reasoning_in=where)
    )
    c = client.chat(MSG, reasoning=True)
    assert c.text == "정답은 해설에 있습니다." and c.reasoning == "먼저 생각한다."
    sim.enqueue(Reply(content="스트림 답", reasoning="스트림 생각", reasoning_in=where, chunk=2))
    answer, reasoning, done = _collect(client.stream(MSG, reasoning=True))
    assert answer == "스트림 답" and "<think>" not in answer and "</think>" not in answer
    assert reasoning == "스트림 생각"
    assert done.completion is not None and done.completion.text == "스트림 답"


def test_request_carries_exaone_reasoning_switch_sampling_and_usage_option(sim: ModelSim) -> None:
    client, _ = make(sim)
    client.chat(MSG, reasoning=True)
    body = sim.requests[-1].body
    assert body["chat_template_kwargs"] == {"enable_thinking": True}
    assert (body["temperature"], body["top_p"]) == (0.6, 0.95)
    list(client.stream(MSG))
    body = sim.requests[-1].body
    assert body["chat_template_kwargs"] == {"enable_thinking": False}
    assert body["stream_options"] == {"include_usage": True} and body["temperature"] < 0.6


def test_usage_from_stream(sim: ModelSim) -> None:
    client, _ = make(sim)
    sim.enqueue(Reply(content="abc", usage=(11, 7)))
    _, _, done = _collect(client.stream(MSG))
    assert done.completion is not None
    assert (done.completion.prompt_tokens, done.completion.completion_tokens) == (11, 7)


def test_429_with_retry_after_seconds_is_honoured_then_succeeds(sim: ModelSim) -> None:
    client, slept = make(sim)
    sim.enqueue(
        Reply(status=429, body='{"error":{"message":"slow down"}}', headers={"Retry-After": "2"}),
        Reply(content="ok"),
    )
    c = client.chat(MSG)
    assert c.text == "ok" and slept == [2.0] and c.attempts == 2


def test_retry_after_ms_and_http_date() -> None:
    assert parse_retry_after(httpx.Headers({"retry-after-ms": "1500"})) == 1.5
    now = time.time()
    date = email.utils.formatdate(now + 30, usegmt=True)
    got = parse_retry_after(httpx.Headers({"retry-after": date}), now=now)
    assert got is not None and 28 <= got <= 31
    assert parse_retry_after(httpx.Headers({"retry-after": "soon"})) is None


def test_rate_limit_exhausts_retries_with_a_clear_error(sim: ModelSim) -> None:
    client, slept = make(sim, max_retries=2)
    for _ in range(3):
        sim.enqueue(Reply(status=429, body='{"error":"busy"}', headers={"retry-after-ms": "10"}))
    with pytest.raises(LLMRateLimited) as e:
        client.chat(MSG)
    assert "429" in e.value.message and "busy" in e.value.message and slept == [0.01, 0.01]


@pytest.mark.parametrize("status", [500, 503, 408, 409])
def test_server_errors_are_retried_with_jittered_backoff(sim: ModelSim, status: int) -> None:
    client, slept = make(sim, backoff_base=0.5)
    sim.enqueue(
        Reply(status=status, body="upstream down"),
        Reply(status=status, body="{}"),
        Reply(content="회복"),
    )
    assert client.chat(MSG).text == "회복"
    assert len(slept) == 2 and 0.375 <= slept[0] <= 0.5 and 0.75 <= slept[1] <= 1.0


def test_client_errors_are_not_retried_and_the_key_never_shows(sim: ModelSim) -> None:
    client, slept = make(sim)
    sim.enqueue(Reply(status=400, body='{"detail":"bad sk-test-secret request"}'))
    with pytest.raises(LLMStatusError) as e:
        client.chat(MSG)
    assert e.value.status == 400 and slept == []
    assert "sk-test-secret" not in e.value.message and "sk-test-secret" not in e.value.body
    bad = LLMClient(
        ClientConfig(base_url=sim.url, model="m", preset=get_preset(None), api_key="wrong-key"),
        sleep=lambda s: None,
    )
    with pytest.raises(LLMStatusError, match="API 키를 확인하세요") as e2:
        bad.models()
    assert "wrong-key" not in str(e2.value)


@pytest.mark.parametrize(
    "body,expected",
    [
        ('{"error": {"message": "nested", "type": "x"}}', "nested"),
        ('{"error": "flat"}', "flat"),
        ('{"message": "top"}', "top"),
        ('{"detail": "fastapi style"}', "fastapi style"),
        ("plain text", "plain text"),
    ],
)
def test_error_body_shapes(body: str, expected: str) -> None:
    assert error_message(body) == expected


def test_malformed_json_and_empty_choices(sim: ModelSim) -> None:
    client, _ = make(sim)
    sim.enqueue(Reply(body="{this is not json"))
    with pytest.raises(LLMBadOutput, match="JSON"):
        client.chat(MSG)
    sim.enqueue(Reply(empty_choices=True))
    with pytest.raises(LLMBadOutput, match="choices"):
        client.chat(MSG)


def test_cut_stream_keeps_the_partial_text(sim: ModelSim) -> None:
    client, _ = make(sim)
    sim.enqueue(Reply(content="가나다라마바사아자차", chunk=2, cut_after=3))
    got: list[str] = []
    with pytest.raises(LLMConnectionError) as e:
        for ev in client.stream(MSG):
            got.append(ev.text)
    assert e.value.partial == "가나다라" and "".join(got) == "가나다라"
    assert "끊겼습니다" in e.value.message


def test_malformed_stream_chunk(sim: ModelSim) -> None:
    client, _ = make(sim)
    sim.enqueue(Reply(content="abcdef", chunk=2, bad_chunk_at=2))
    with pytest.raises(LLMBadOutput) as e:
        list(client.stream(MSG))
    assert e.value.partial == "ab"


def test_slow_first_byte_is_fine_but_a_hang_times_out(sim: ModelSim) -> None:
    client, slept = make(sim, max_retries=1)
    sim.enqueue(Reply(content="늦은 답", first_byte_delay=0.5))
    assert client.chat(MSG, read_timeout=2.0).text == "늦은 답"
    sim.enqueue(Reply(hang=1.5), Reply(hang=1.5))
    t0 = time.perf_counter()
    with pytest.raises(LLMTimeout):
        client.chat(MSG, read_timeout=0.5)
    assert time.perf_counter() - t0 < 3.0 and len(slept) == 1


def test_stream_retries_only_before_the_first_byte(sim: ModelSim) -> None:
    client, slept = make(sim)
    sim.enqueue(Reply(status=503, body="{}"), Reply(content="두 번째"))
    answer, _, _ = _collect(client.stream(MSG))
    assert answer == "두 번째" and len(slept) == 1


def test_dead_server_is_a_connection_error() -> None:
    client = LLMClient(
        ClientConfig(
            base_url="http://127.0.0.1:9/v1", model="m", preset=get_preset(None), max_retries=1
        ),
        sleep=lambda s: None,
    )
    with pytest.raises(LLMConnectionError, match="연결할 수 없습니다"):
        client.chat(MSG)


def test_circuit_breaker_opens_after_repeated_failures(sim: ModelSim) -> None:
    client, _ = make(sim, max_retries=0, breaker_threshold=3, breaker_cooldown=60)
    for _ in range(3):
        sim.enqueue(Reply(status=500, body="{}"))
        with pytest.raises(LLMStatusError):
            client.chat(MSG)
    n = len(sim.requests)
    with pytest.raises(LLMCircuitOpen, match="일시 중단"):
        client.chat(MSG)
    assert len(sim.requests) == n and client.breaker_open()  # refused without trying


def test_models_list(sim: ModelSim) -> None:
    client, _ = make(sim)
    assert client.models() == [sim.model]


def test_split_reasoning_and_stream_splitter_with_tags_across_chunks() -> None:
    assert split_reasoning("<think>a</think>b") == ("a", "b")
    assert split_reasoning("a</think>b") == ("a", "b")
    assert split_reasoning("plain") == ("", "plain")
    text = "<think>생각 중</think>정답 해설"
    for size in range(1, len(text) + 1):
        sp = StreamSplitter()
        r, a = "", ""
        for i in range(0, len(text), size):
            dr, da = sp.feed(text[i : i + size])
            r, a = r + dr, a + da
        dr, da = sp.close()
        assert (r + dr, a + da) == ("생각 중", "정답 해설"), size
    # the template opened <think> itself: only </think> shows up, split anywhere
    text = "생각 중</think>정답 해설"
    for size in range(1, len(text) + 1):
        sp = StreamSplitter(undecided=True)
        r, a = "", ""
        for i in range(0, len(text), size):
            dr, da = sp.feed(text[i : i + size])
            r, a = r + dr, a + da
        dr, da = sp.close()
        assert (r + dr, a + da) == ("생각 중", "정답 해설"), size
    sp = StreamSplitter(undecided=True)
    assert sp.feed("태그 없는 답") == ("", "") and sp.close() == ("", "태그 없는 답")
