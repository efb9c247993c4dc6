"""Separate a model's reasoning from its answer, wherever the server puts it.

Reasoning arrives in `reasoning_content` or `reasoning` (message or stream delta), or inline
as <think>…</think> in the content — sometimes without the opening tag (the chat template
already opened it), sometimes with a tag split across stream chunks.
"""

from __future__ import annotations

OPEN, CLOSE = "<think>", "</think>"


def split_reasoning(content: str) -> tuple[str, str]:
    """(reasoning, answer) of a complete message's content."""
    text = content
    if CLOSE in text:
        head, _, tail = text.partition(CLOSE)
        reasoning = head.split(OPEN, 1)[1] if OPEN in head else head
        return reasoning.strip(), tail.strip()
    if OPEN in text:  # opened but never closed: everything after it is reasoning
        before, _, after = text.partition(OPEN)
        return after.strip(), before.strip()
    return "", text.strip()


class StreamSplitter:
    """Feed content deltas; get (reasoning_delta, answer_delta) back, tags removed.

    With `undecided=True` (reasoning was requested), text is held until it is clear what it
    is: an opening <think> (normal), a closing </think> with no opening (the template opened
    it: the held text was reasoning), `release()` (the server sends reasoning separately, so
    content is answer), or the end of the stream (no tags at all: answer).
    """

    def __init__(self, *, undecided: bool = False) -> None:
        self._in_think = False
        self._buf = ""
        self._seen_close = False
        self._undecided = undecided
        self._held = ""

    def release(self) -> tuple[str, str]:
        """Stop holding: what was held is answer text."""
        if not self._undecided:
            return "", ""
        self._undecided = False
        held, self._held = self._held, ""
        return self.feed(held)

    def feed(self, delta: str) -> tuple[str, str]:
        if self._undecided:
            self._held += delta
            if CLOSE in self._held and OPEN not in self._held.split(CLOSE, 1)[0]:
                head, _, tail = self._held.partition(CLOSE)
                self._undecided, self._held, self._seen_close = False, "", True
                r, a = self.feed(tail)
                return head + r, a
            if OPEN in self._held:
                return self.release()
            return "", ""
        self._buf += delta
        reasoning: list[str] = []
        answer: list[str] = []
        while self._buf:
            tag = CLOSE if self._in_think else OPEN
            i = self._buf.find(tag)
            if i >= 0:
                (reasoning if self._in_think else answer).append(self._buf[:i])
                self._buf = self._buf[i + len(tag) :]
                if self._in_think:
                    self._seen_close = True
                self._in_think = not self._in_think
                continue
            # keep a possible partial tag at the end for the next chunk
            keep = _partial_suffix(self._buf, tag)
            if not self._in_think and not self._seen_close:
                keep = max(keep, _partial_suffix(self._buf, CLOSE))
            emit, self._buf = self._buf[: len(self._buf) - keep], self._buf[len(self._buf) - keep :]
            (reasoning if self._in_think else answer).append(emit)
            break
        return "".join(reasoning), "".join(answer)

    def close(self) -> tuple[str, str]:
        if self._undecided:
            self._undecided = False
            self._buf, self._held = self._held, ""
        rest, self._buf = self._buf, ""
        return (rest, "") if self._in_think else ("", rest)


def _partial_suffix(text: str, tag: str) -> int:
    for n in range(min(len(tag) - 1, len(text)), 0, -1):
        if text.endswith(tag[:n]):
            return n
    return 0
