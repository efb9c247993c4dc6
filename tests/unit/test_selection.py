import random

import pytest

from tutor.domain.selection import Candidate, choose

POOL = [Candidate(i, f"core/q{i}", i) for i in range(1, 11)]


def test_in_order_follows_bank_position() -> None:
    shuffled = list(reversed(POOL))
    assert choose(shuffled, 4, "in_order", set(), random.Random(1)) == [1, 2, 3, 4]


def test_random_is_a_sample_without_repeats() -> None:
    ids = choose(POOL, 10, "random", set(), random.Random(7))
    assert sorted(ids) == list(range(1, 11))
    assert ids != list(range(1, 11))


def test_unseen_first_puts_every_unseen_question_before_seen_ones() -> None:
    seen = {f"core/q{i}" for i in range(1, 8)}
    ids = choose(POOL, 5, "unseen_first", seen, random.Random(3))
    assert set(ids[:3]) == {8, 9, 10}
    assert all(i <= 7 for i in ids[3:])


def test_count_larger_than_pool_returns_the_pool() -> None:
    assert len(choose(POOL, 50, "random", set(), random.Random(0))) == 10


@pytest.mark.parametrize("order,count", [("sideways", 3), ("random", 0)])
def test_bad_arguments(order: str, count: int) -> None:
    with pytest.raises(ValueError):
        choose(POOL, count, order, set(), random.Random(0))
