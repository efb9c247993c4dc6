"""Grading of one response against a question's key. Pure: no I/O.

The key decides. For single-choice questions `answer` lists every accepted choice
(복수정답, 전항정답 after an official correction); for multi it is the exact set.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import Any

AUTO_GRADED = frozenset({"single", "multi", "true_false", "short", "numeric"})


class InvalidResponse(ValueError):
    """The response does not fit the question (e.g. choice 6 of 5)."""


@dataclass(frozen=True, slots=True)
class Grade:
    is_correct: bool
    score: float
    max_score: float = 1.0


def normalize_text(s: str) -> str:
    """Compare short answers the way a human marker would: NFKC, case, spacing."""
    s = unicodedata.normalize("NFKC", s).casefold()
    return "".join(s.split())


def _choice(value: Any, n_choices: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidResponse(f"보기 번호가 아닙니다: {value!r}")
    if not 1 <= value <= n_choices:
        raise InvalidResponse(f"보기 번호 {value}은(는) 1~{n_choices} 범위 밖입니다")
    return value


def grade(
    qtype: str,
    answer: list[Any],
    response: dict[str, Any],
    *,
    n_choices: int = 0,
    tolerance: float | None = None,
) -> Grade:
    """Grade a response. Raises InvalidResponse for malformed input."""
    if qtype == "single":
        picked = _choice(response.get("choice"), n_choices)
        ok = picked in set(answer)
    elif qtype == "multi":
        raw = response.get("choices")
        if not isinstance(raw, list) or not raw:
            raise InvalidResponse("하나 이상 골라야 합니다")
        picked_set = {_choice(v, n_choices) for v in raw}
        ok = picked_set == set(answer)
    elif qtype == "true_false":
        value = response.get("value")
        if not isinstance(value, bool):
            raise InvalidResponse("O 또는 X를 골라야 합니다")
        ok = value is answer[0]
    elif qtype == "short":
        text = response.get("text")
        if not isinstance(text, str) or not text.strip():
            raise InvalidResponse("답을 입력해야 합니다")
        ok = normalize_text(text) in {normalize_text(str(a)) for a in answer}
    elif qtype == "numeric":
        value = response.get("value")
        if isinstance(value, str):
            try:
                value = float(value.replace(",", "").strip())
            except ValueError:
                raise InvalidResponse(f"숫자가 아닙니다: {value!r}") from None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise InvalidResponse("숫자를 입력해야 합니다")
        tol = tolerance or 0.0
        ok = any(abs(float(value) - float(a)) <= tol + 1e-9 for a in answer)
    else:
        raise InvalidResponse(f"자동 채점할 수 없는 문항 유형입니다: {qtype}")
    return Grade(is_correct=ok, score=1.0 if ok else 0.0)


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
HANGUL_LABELS = "가나다라마바사아자차"


def choice_label(n: int) -> str:
    """1 → ①; beyond ⑩, the plain number."""
    return CIRCLED[n - 1] if 1 <= n <= len(CIRCLED) else str(n)
