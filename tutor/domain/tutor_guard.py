"""Guards on model text, pure: hints must not leak the key; explanations must not argue
with it; rubric grades are validated and clamped."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from tutor.domain.grading import CIRCLED, HANGUL_LABELS

GENERIC_HINTS = (
    "문제가 묻는 핵심 개념이 무엇인지 한 단어로 적어 보세요. "
    "그 개념의 정의나 요건을 떠올리면 보기를 하나씩 지울 수 있습니다.",
    "'옳은 것'을 찾는지 '옳지 않은 것'을 찾는지 다시 확인하고, 확실히 틀린 보기부터 지워 보세요.",
    "관련 법령 조문이나 지침의 기준(기간, 수치, 주체)을 떠올리고 각 보기와 하나씩 맞춰 보세요.",
)


def _norm(s: str) -> str:
    return re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFKC", s).casefold())


def _label_patterns(n: int) -> list[str]:
    pats = [re.escape(CIRCLED[n - 1])] if n <= len(CIRCLED) else []
    pats += [
        rf"(?<![\d.]){n}\s*번",
        rf"(?<![\d.]){n}\s*\)",
        rf"보기\s*{n}(?!\d)",
        rf"선택지\s*{n}(?!\d)",
    ]
    if n <= len(HANGUL_LABELS):
        pats.append(rf"(?<![가-힣]){HANGUL_LABELS[n - 1]}\s*[.)]")
    if n <= 26:
        pats.append(rf"(?<![A-Za-z]){chr(64 + n)}\s*[.)]")
    return pats


def hint_leaks(text: str, answer: list[Any], choices: list[str], stem: str = "") -> str | None:
    """Why a hint would give the key away, or None if it is safe.

    Conservative on purpose: a withheld hint costs a generic hint; a leaked one costs the
    learner the question."""
    t = unicodedata.normalize("NFKC", text)
    if re.search(r"정답\s*(은|는|이|:)|답\s*은\s*\d|the answer is", t, re.IGNORECASE):
        return "정답을 말함"
    for a in answer:
        if not isinstance(a, int) or not 1 <= a <= len(choices):
            continue
        for p in _label_patterns(a):
            if re.search(p, text):
                return f"정답 번호 {a}를 가리킴"
        key_text = _norm(choices[a - 1])
        if len(key_text) >= 4 and key_text in _norm(text):
            return "정답 보기의 내용을 그대로 씀"
        # a short option ("셋", "4", "O2") named in the hint gives it away, unless the
        # question itself says it too
        if 0 < len(key_text) < 4 and key_text in _norm(text) and key_text not in _norm(stem):
            return "정답 보기의 내용을 그대로 씀"
        if len(key_text) >= 12:  # long options: a large verbatim fragment is a leak too
            frag = {key_text[i : i + 12] for i in range(0, len(key_text) - 11, 3)}
            if any(f in _norm(text) for f in frag):
                return "정답 보기의 일부를 그대로 씀"
    return None


_CLAIM = re.compile(
    r"(?:정답은|정답:|답은|정답이)\s*(?:보기\s*)?([①-⑩]|\d{1,2})\s*(?:번)?"
    r"|([①-⑩]|\d{1,2})\s*번?\s*(?:이|가)\s*정답"
)


def claimed_answers(text: str) -> set[int]:
    """Option numbers the text claims to be the answer ("정답은 ③", "2번이 정답")."""
    out: set[int] = set()
    for m in _CLAIM.finditer(text):
        token = m.group(1) or m.group(2)
        if token in CIRCLED:
            out.add(CIRCLED.index(token) + 1)
        elif token and token.isdigit():
            out.add(int(token))
    return out


def disagrees_with_key(text: str, answer: list[Any]) -> bool:
    claims = claimed_answers(text)
    return bool(claims) and not claims <= {int(a) for a in answer if isinstance(a, int)}


@dataclass(frozen=True, slots=True)
class CriterionGrade:
    name: str
    points: float
    awarded: float
    comment: str


@dataclass(frozen=True, slots=True)
class RubricGrade:
    score: float
    max_score: float
    criteria: list[CriterionGrade]
    feedback: str
    adjusted: list[str]  # what validation changed (clamped, unknown criteria dropped…)


def validate_grade(raw: Any, rubric: list[dict[str, Any]]) -> RubricGrade:
    """Keep only the rubric's criteria, clamp each to [0, points], recompute the total.
    The model's own total (if any) is ignored: the rubric decides the maximum."""
    if not isinstance(raw, dict) or not isinstance(raw.get("criteria"), list):
        raise ValueError("채점 결과에 criteria 목록이 없습니다")
    by_name: dict[str, dict[str, Any]] = {}
    adjusted: list[str] = []
    for c in raw["criteria"]:
        if isinstance(c, dict) and isinstance(c.get("name"), str):
            by_name.setdefault(_norm(c["name"]), c)
    known = {_norm(str(r["name"])) for r in rubric}
    for extra in sorted(set(by_name) - known):
        adjusted.append(f"기준에 없는 항목 무시: {extra}")
    out = []
    for r in rubric:
        points = float(r["points"])
        c = by_name.get(_norm(str(r["name"])))
        if c is None:
            adjusted.append(f"'{r['name']}' 채점 누락 → 0점")
            awarded, comment = 0.0, ""
        else:
            try:
                awarded = float(c.get("awarded", 0))
            except (TypeError, ValueError):
                awarded = 0.0
                adjusted.append(f"'{r['name']}' 점수가 숫자가 아님 → 0점")
            if awarded != awarded:  # NaN
                awarded = 0.0
            if awarded < 0 or awarded > points:
                adjusted.append(f"'{r['name']}' {awarded:g}점 → 0~{points:g}점으로 제한")
                awarded = min(max(awarded, 0.0), points)
            comment = str(c.get("comment") or "")[:500]
        out.append(CriterionGrade(str(r["name"]), points, awarded, comment))
    feedback = str(raw.get("feedback") or "")[:2000]
    return RubricGrade(
        score=sum(c.awarded for c in out),
        max_score=sum(c.points for c in out),
        criteria=out,
        feedback=feedback,
        adjusted=adjusted,
    )
