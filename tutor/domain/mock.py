"""Mock exams (모의고사): scale a blueprint and draw questions to its proportions. Pure."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

SCALES: dict[str, Fraction] = {"1": Fraction(1), "1/2": Fraction(1, 2), "1/4": Fraction(1, 4)}


@dataclass(frozen=True, slots=True)
class PlannedSubject:
    name: str
    blueprint_questions: int  # the official count
    target: int  # after scaling
    set: int  # what the bank could supply (≤ target)
    group: str | None


@dataclass(frozen=True, slots=True)
class PlannedPeriod:
    name: str
    minutes: int  # scaled, rounded up
    subjects: list[str]


@dataclass(frozen=True, slots=True)
class Pool:
    question_id: int
    lineage: str
    last_seen_rank: int  # 0 = never seen; higher = seen more recently


def scaled(n: int, scale: Fraction) -> int:
    """Round half up, and never below one question for a subject that has any."""
    return max(1, math.floor(n * scale + Fraction(1, 2))) if n > 0 else 0


def scaled_minutes(minutes: int, scale: Fraction) -> int:
    return max(1, math.ceil(minutes * scale))


def plan_subjects(
    subjects: Sequence[tuple[str, int, str | None]],
    scale: Fraction,
    available: Mapping[str, int],
) -> list[PlannedSubject]:
    out = []
    for name, n, group in subjects:
        target = scaled(n, scale)
        out.append(PlannedSubject(name, n, target, min(target, available.get(name, 0)), group))
    return out


def plan_periods(
    periods: Sequence[tuple[str, int, Sequence[str]]], scale: Fraction
) -> list[PlannedPeriod]:
    return [PlannedPeriod(n, scaled_minutes(m, scale), list(s)) for n, m, s in periods]


def draw(pool: Sequence[Pool], count: int, rng: random.Random) -> list[int]:
    """`count` questions, never-seen first, then the least recently seen; random within ties."""
    shuffled = list(pool)
    rng.shuffle(shuffled)
    shuffled.sort(key=lambda p: p.last_seen_rank)
    return [p.question_id for p in shuffled[:count]]
