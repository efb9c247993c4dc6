"""Overhead of our model client versus raw httpx, against the same local simulator.

- per call (non-streaming): our LLMClient.chat vs httpx.Client.post + json (goal: < 2 ms)
- time to first streamed token: our LLMClient.stream vs raw httpx SSE (goal: < 10 ms)
Both floors are measured in the same run against the same server, and printed as ratios.

    python bench/llm_client.py [--calls 300] [--streams 50]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.llm_sim import ModelSim, Reply  # noqa: E402
from tutor.llm.client import ClientConfig, LLMClient  # noqa: E402
from tutor.llm.presets import get_preset  # noqa: E402

MSG = [{"role": "user", "content": "관세법 제30조를 한 문장으로 설명하세요."}]
ANSWER = "과세가격은 실제지급가격에 가산요소를 더해 정합니다. " * 4


def timed(fn: Callable[[], None], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=300)
    ap.add_argument("--streams", type=int, default=50)
    args = ap.parse_args()
    with ModelSim() as sim:
        sim.responder = lambda body: Reply(content=ANSWER, chunk=8)
        ours = LLMClient(
            ClientConfig(base_url=sim.url, model=sim.model, preset=get_preset("vllm-exaone4"))
        )
        raw = httpx.Client(base_url=sim.url, timeout=30)
        payload = ours.build_payload(MSG)

        def raw_call() -> None:
            r = raw.post("/chat/completions", json=payload)
            r.raise_for_status()
            data = r.json()
            assert data["choices"][0]["message"]["content"]

        def our_call() -> None:
            assert ours.chat(MSG).text

        for _ in range(20):  # warm up both
            raw_call()
            our_call()
        raw_t, our_t = [], []
        for _ in range(args.calls):  # interleave so both see the same machine
            raw_t += timed(raw_call, 1)
            our_t += timed(our_call, 1)
        r_med, o_med = statistics.median(raw_t), statistics.median(our_t)
        overhead = (o_med - r_med) * 1000
        print(
            f"call   raw httpx median {r_med * 1000:.2f} ms · ours {o_med * 1000:.2f} ms · "
            f"ratio {o_med / r_med:.2f}x · overhead {overhead:.2f} ms "
            f"(goal < 2 ms: {'met' if overhead < 2 else 'MISSED'})"
        )

        sim.responder = lambda body: Reply(content=ANSWER, chunk=8, first_byte_delay=0.02)
        stream_payload = ours.build_payload(MSG, stream=True)

        def raw_ttft() -> float:
            t0 = time.perf_counter()
            ttft = None
            with raw.stream("POST", "/chat/completions", json=stream_payload) as r:
                for line in r.iter_lines():
                    if ttft is None and line.startswith("data:") and line[5:].strip() != "[DONE]":
                        delta = json.loads(line[5:])["choices"][0]["delta"]
                        if delta.get("content"):
                            ttft = time.perf_counter() - t0
            assert ttft is not None
            return ttft

        def our_ttft() -> float:
            t0 = time.perf_counter()
            ttft = None
            for ev in ours.stream(MSG):
                if ev.kind == "answer" and ttft is None:
                    ttft = time.perf_counter() - t0
            assert ttft is not None
            return ttft

        raw_s, our_s = [], []
        for _ in range(args.streams):
            raw_s.append(raw_ttft())
            our_s.append(our_ttft())
        r_med, o_med = statistics.median(raw_s), statistics.median(our_s)
        overhead = (o_med - r_med) * 1000
        print(
            f"stream raw TTFT median {r_med * 1000:.2f} ms (server first byte 20 ms) · ours "
            f"{o_med * 1000:.2f} ms · ratio {o_med / r_med:.2f}x · overhead {overhead:.2f} ms "
            f"(goal < 10 ms: {'met' if overhead < 10 else 'MISSED'})"
        )
        ours.close()
        raw.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
