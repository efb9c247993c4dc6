"""Bank quality checks that look across questions: near-duplicates and blueprint coverage.

Pure functions over parsed banks (no database).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from tutor.banks.reader import ExamFolder, Problem
from tutor.banks.schema import QuestionSpec

SHINGLE = 5
NEAR_DUPLICATE = 0.8  # Jaccard similarity of character 5-grams of stem + choices
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def _text(q: QuestionSpec) -> str:
    raw = q.stem + " " + " ".join(q.choices)
    return _NOISE.sub("", unicodedata.normalize("NFKC", raw).casefold())


def _shingles(text: str) -> frozenset[str]:
    if len(text) <= SHINGLE:
        return frozenset([text])
    return frozenset(text[i : i + SHINGLE] for i in range(len(text) - SHINGLE + 1))


@dataclass(frozen=True, slots=True)
class _Item:
    label: str  # file
    where: str  # question id
    shingles: frozenset[str]


def near_duplicates(folders: list[ExamFolder], threshold: float = NEAR_DUPLICATE) -> list[Problem]:
    """Pairs of questions (within a bank, across banks and exams) that read nearly alike."""
    items: list[_Item] = []
    for f in folders:
        for path, bank in f.banks:
            label = f"{f.path.name}/{path.name}"
            for q in bank.questions:
                items.append(_Item(label, q.id, _shingles(_text(q))))
    # candidate pairs through an inverted index: only pairs that share shingles are compared
    index: dict[str, list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        for sh in it.shingles:
            index[sh].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for ids in index.values():
        if len(ids) > 50:  # a shingle in many questions ("것으로옳") says nothing
            continue
        for a, b in combinations(ids, 2):
            shared[(a, b)] += 1
    out = []
    for (a, b), n in sorted(shared.items()):
        x, y = items[a], items[b]
        union = len(x.shingles) + len(y.shingles) - n
        if union and n / union >= threshold:
            out.append(
                Problem(
                    x.label,
                    x.where,
                    f"{y.label} [{y.where}]와(과) 거의 같은 문항입니다 (유사도 {n / union:.0%})",
                )
            )
    return out


def stats(folders: list[ExamFolder]) -> list[dict[str, Any]]:
    """Per exam: questions per subject against the blueprint's proportions, types,
    difficulty, key positions, and which banks carry a recorded review."""
    out = []
    for f in folders:
        if f.exam is None:
            continue
        exam = f.exam
        questions = [q for _, b in f.banks for q in b.questions]
        total = len(questions)
        by_subject = Counter(q.subject for q in questions)
        subjects = []
        for s in exam.subjects:
            n = by_subject.get(s.name, 0)
            subjects.append(
                {
                    "name": s.name,
                    "group": s.group,
                    "blueprint": s.questions,
                    "blueprint_share": round(s.questions / exam.total_questions, 4),
                    "questions": n,
                    "share": round(n / total, 4) if total else 0.0,
                }
            )
        keys = Counter(
            str(q.answer[0]) for q in questions if q.type.value == "single" and len(q.answer) == 1
        )
        out.append(
            {
                "exam": exam.slug,
                "name_ko": exam.name_ko,
                "questions": total,
                "blueprint_questions": exam.total_questions,
                "subjects": subjects,
                "types": dict(Counter(q.type.value for q in questions)),
                "difficulty": {
                    str(k): v
                    for k, v in sorted(Counter(q.difficulty or 0 for q in questions).items())
                },
                "key_positions": dict(sorted(keys.items())),
                "banks": [
                    {
                        "bank": b.bank,
                        "file": p.name,
                        "questions": len(b.questions),
                        "reviews": len(b.reviews),
                    }
                    for p, b in f.banks
                ],
            }
        )
    return out
