import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutor.domain.grading import InvalidResponse, choice_label, grade, normalize_text


def test_single_choice_key_decides() -> None:
    assert grade("single", [3], {"choice": 3}, n_choices=5).is_correct
    g = grade("single", [3], {"choice": 2}, n_choices=5)
    assert not g.is_correct and g.score == 0.0 and g.max_score == 1.0


def test_multiple_accepted_answers_bokssu_jeongdap() -> None:
    # 복수정답 after an official correction: either accepted choice scores.
    for pick in (2, 4):
        assert grade("single", [2, 4], {"choice": pick}, n_choices=5).is_correct
    assert not grade("single", [2, 4], {"choice": 3}, n_choices=5).is_correct


def test_all_options_accepted_jeonhang_jeongdap() -> None:
    for pick in range(1, 6):
        assert grade("single", [1, 2, 3, 4, 5], {"choice": pick}, n_choices=5).is_correct


def test_multi_needs_the_exact_set() -> None:
    assert grade("multi", [1, 5], {"choices": [5, 1]}, n_choices=5).is_correct
    assert not grade("multi", [1, 5], {"choices": [1]}, n_choices=5).is_correct
    assert not grade("multi", [1, 5], {"choices": [1, 2, 5]}, n_choices=5).is_correct


@pytest.mark.parametrize(
    "response",
    [{"choice": 6}, {"choice": 0}, {"choice": "3"}, {"choice": True}, {}, {"choice": None}],
)
def test_out_of_range_or_malformed_choice_is_rejected(response: dict[str, object]) -> None:
    with pytest.raises(InvalidResponse):
        grade("single", [3], response, n_choices=5)


def test_four_option_exam_rejects_choice_five() -> None:
    with pytest.raises(InvalidResponse, match="1~4"):
        grade("single", [1], {"choice": 5}, n_choices=4)


def test_true_false() -> None:
    assert grade("true_false", [True], {"value": True}).is_correct
    assert not grade("true_false", [True], {"value": False}).is_correct
    with pytest.raises(InvalidResponse):
        grade("true_false", [True], {"value": "O"})


def test_short_answer_normalises_width_case_and_spaces() -> None:
    assert grade("short", ["서울특별시"], {"text": " 서울 특별시 "}).is_correct
    assert grade("short", ["ABC"], {"text": "ａｂｃ"}).is_correct  # full-width, case
    assert not grade("short", ["서울"], {"text": "부산"}).is_correct
    with pytest.raises(InvalidResponse):
        grade("short", ["서울"], {"text": "  "})


def test_numeric_with_tolerance_and_commas() -> None:
    assert grade("numeric", [1200], {"value": "1,200"}, tolerance=0).is_correct
    assert grade("numeric", [3.14], {"value": 3.1}, tolerance=0.05).is_correct
    assert not grade("numeric", [3.14], {"value": 3.0}, tolerance=0.05).is_correct
    for bad in ("abc", float("nan"), True):
        with pytest.raises(InvalidResponse):
            grade("numeric", [1], {"value": bad})


def test_essay_is_not_auto_graded() -> None:
    with pytest.raises(InvalidResponse):
        grade("essay", [], {"text": "..."})


@given(st.lists(st.integers(1, 5), min_size=1, max_size=5, unique=True), st.integers(1, 5))
def test_single_is_correct_iff_pick_in_key(key: list[int], pick: int) -> None:
    assert grade("single", key, {"choice": pick}, n_choices=5).is_correct == (pick in key)


def test_labels() -> None:
    assert [choice_label(i) for i in (1, 3, 5)] == ["①", "③", "⑤"]
    assert choice_label(11) == "11"
    assert normalize_text("Ａ Ｂ") == "ab"
