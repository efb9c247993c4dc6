"""A model simulator: a real HTTP server on 127.0.0.1 speaking OpenAI Chat Completions.

Streaming (SSE, chunked) and not; reasoning in `reasoning_content`, `reasoning`, inline
<think>…</think> or with the opening tag missing; faults on demand: status codes with
Retry-After, malformed JSON, empty choices, a stream cut mid-way, a malformed stream chunk,
a slow first byte, a hang. Tests queue behaviours; with the queue empty a `responder`
callable (or a plain default reply) answers. Used by tests and bench/llm_client.py.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    content: str = "시뮬레이터의 답입니다."
    reasoning: str = ""
    reasoning_in: str = "reasoning_content"  # reasoning | think | think_no_open | none
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None  # raw body (error bodies, malformed JSON)
    empty_choices: bool = False
    first_byte_delay: float = 0.0
    hang: float = 0.0  # sleep this long before answering at all
    chunk: int = 3  # characters per streamed delta
    cut_after: int | None = None  # stream: drop the connection after N content chunks
    bad_chunk_at: int | None = None  # stream: send invalid JSON as chunk N
    usage: tuple[int, int] | None = None  # (prompt, completion); default counts characters


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


class ModelSim:
    def __init__(self, *, model: str = "LGAI-EXAONE/EXAONE-4.0-32B", api_key: str | None = None):
        self.model = model
        self.api_key = api_key
        self.queue: deque[Reply] = deque()
        self.requests: list[Seen] = []
        self.responder: Callable[[dict[str, Any]], Reply] | None = None
        self._lock = threading.Lock()
        sim = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                # as real serving stacks do: no Nagle delay on small writes
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def log_message(self, *args: Any) -> None:  # quiet
                return

            def do_GET(self) -> None:  # noqa: N802
                if not self._authorised():
                    return
                if self.path.rstrip("/").endswith("/models"):
                    self._json(200, {"object": "list", "data": [{"id": sim.model}]})
                else:
                    self._json(404, {"error": {"message": "not found"}})

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b"{}"
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = {}
                with sim._lock:
                    sim.requests.append(Seen(self.path, dict(self.headers.items()), body))
                    reply = sim.queue.popleft() if sim.queue else None
                if reply is None:
                    reply = sim.responder(body) if sim.responder else Reply()
                if not self._authorised():
                    return
                if reply.hang:
                    time.sleep(reply.hang)
                if reply.status != 200 or reply.body is not None:
                    self._raw(reply.status, reply.body or "", reply.headers)
                    return
                if body.get("stream"):
                    self._stream(reply, body)
                else:
                    time.sleep(reply.first_byte_delay)
                    self._json(200, sim.completion(reply, body))

            # -------------------------------------------------------------- helpers

            def _authorised(self) -> bool:
                if sim.api_key and self.headers.get("authorization") != f"Bearer {sim.api_key}":
                    self._json(401, {"error": {"message": "invalid api key", "type": "auth"}})
                    return False
                return True

            def _raw(self, status: int, text: str, headers: dict[str, str]) -> None:
                data = text.encode("utf-8")
                self.send_response(status)
                self.send_header("content-type", "application/json")
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _json(self, status: int, obj: Any) -> None:
                self._raw(status, json.dumps(obj, ensure_ascii=False), {})

            def _chunk(self, text: str) -> None:
                data = text.encode("utf-8")
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()

            def _stream(self, reply: Reply, body: dict[str, Any]) -> None:
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("transfer-encoding", "chunked")
                self.end_headers()
                time.sleep(reply.first_byte_delay)
                for n, delta in enumerate(sim.deltas(reply)):
                    if reply.bad_chunk_at is not None and n == reply.bad_chunk_at:
                        self._chunk("data: {not json\n\n")
                    if reply.cut_after is not None and n >= reply.cut_after:
                        self.wfile.flush()
                        self.connection.shutdown(socket.SHUT_RDWR)
                        self.close_connection = True
                        return
                    chunk = {
                        "id": "sim",
                        "object": "chat.completion.chunk",
                        "model": sim.model,
                        "choices": [{"index": 0, "delta": delta, "finish_reason": None}],
                    }
                    self._chunk("data: " + json.dumps(chunk, ensure_ascii=False) + "\n\n")
                final = {
                    "id": "sim",
                    "object": "chat.completion.chunk",
                    "model": sim.model,
                    "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                }
                self._chunk("data: " + json.dumps(final) + "\n\n")
                if (body.get("stream_options") or {}).get("include_usage"):
                    usage = {"id": "sim", "choices": [], "usage": sim.usage(reply, body)}
                    self._chunk("data: " + json.dumps(usage) + "\n\n")
                self._chunk("data: [DONE]\n\n")
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------- public

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def enqueue(self, *replies: Reply) -> None:
        with self._lock:
            self.queue.extend(replies)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> ModelSim:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ------------------------------------------------------------ wire format

    def usage(self, reply: Reply, body: dict[str, Any]) -> dict[str, int]:
        if reply.usage:
            p, c = reply.usage
        else:
            p = sum(len(str(m.get("content", ""))) for m in body.get("messages", []))
            c = len(reply.content) + len(reply.reasoning)
        return {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}

    def message(self, reply: Reply) -> dict[str, Any]:
        msg: dict[str, Any] = {"role": "assistant", "content": reply.content}
        if reply.reasoning:
            if reply.reasoning_in in ("reasoning_content", "reasoning"):
                msg[reply.reasoning_in] = reply.reasoning
            elif reply.reasoning_in == "think":
                msg["content"] = f"<think>{reply.reasoning}</think>{reply.content}"
            elif reply.reasoning_in == "think_no_open":
                msg["content"] = f"{reply.reasoning}</think>{reply.content}"
        return msg

    def completion(self, reply: Reply, body: dict[str, Any]) -> dict[str, Any]:
        choices = (
            []
            if reply.empty_choices
            else [{"index": 0, "message": self.message(reply), "finish_reason": "stop"}]
        )
        return {
            "id": "sim",
            "object": "chat.completion",
            "model": self.model,
            "choices": choices,
            "usage": self.usage(reply, body),
        }

    def deltas(self, reply: Reply) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = [{"role": "assistant", "content": ""}]
        step = max(1, reply.chunk)
        if reply.reasoning and reply.reasoning_in in ("reasoning_content", "reasoning"):
            for i in range(0, len(reply.reasoning), step):
                out.append({reply.reasoning_in: reply.reasoning[i : i + step]})
            text = reply.content
        else:
            text = self.message(reply)["content"]
        for i in range(0, len(text), step):
            out.append({"content": text[i : i + step]})
        return out
