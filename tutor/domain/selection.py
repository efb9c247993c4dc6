"""Which questions a practice session asks, and in what order. Pure."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

ORDERS = ("random", "in_order", "unseen_first")


@dataclass(frozen=True, slots=True)
class Candidate:
    question_id: int
    lineage: str  # stable across bank versions: "<bank>/<external id>"
    position: int  # order within its bank


def choose(
    candidates: Sequence[Candidate],
    count: int,
    order: str,
    seen: set[str],
    rng: random.Random,
) -> list[int]:
    """Pick `count` question ids.

    random: a uniform sample; in_order: bank order; unseen_first: questions this
    learner never answered (in any bank version) come first, shuffled, then the rest.
    """
    if order not in ORDERS:
        raise ValueError(f"알 수 없는 순서입니다: {order}")
    if count < 1:
        raise ValueError("문항 수는 1 이상이어야 합니다")
    pool = list(candidates)
    if order == "in_order":
        pool.sort(key=lambda c: (c.lineage.split("/", 1)[0], c.position))
    elif order == "random":
        rng.shuffle(pool)
    else:
        unseen = [c for c in pool if c.lineage not in seen]
        seen_ones = [c for c in pool if c.lineage in seen]
        rng.shuffle(unseen)
        rng.shuffle(seen_ones)
        pool = unseen + seen_ones
    return [c.question_id for c in pool[:count]]
