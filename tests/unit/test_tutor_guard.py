from tutor.domain.tutor_guard import (
    claimed_answers,
    disagrees_with_key,
    hint_leaks,
    validate_grade,
)

CHOICES = ["수입신고를 한 때", "통관우체국에 도착한 때", "하역을 한 때", "셋", "보세구역 반입 때"]


def test_hint_leak_patterns() -> None:
    key = [2]
    for leak in [
        "정답은 ②",
        "2번을 보세요",
        "보기 2가 핵심",
        "② 를 생각",
        "the answer is B",
        "통관우체국에 도착한 때를 생각해 보세요",
        "나) 를 보세요",
        "B) 일까요?",
    ]:
        assert hint_leaks(leak, key, CHOICES) is not None, leak
    for safe in [
        "우편물의 과세물건 확정시기 규정을 떠올려 보세요",
        "제16조의 각 호를 보세요",
        "12번 조문이 아니라 16조입니다",
        "2.5배",
    ]:
        assert hint_leaks(safe, key, CHOICES) is None, safe


def test_short_key_text_is_a_leak_unless_the_stem_says_it() -> None:
    assert hint_leaks("셋이라는 말이 보이죠?", [4], CHOICES) is not None
    assert hint_leaks("셋이라는 말이 보이죠?", [4], CHOICES, stem="하나, 둘, 셋 중") is None


def test_disagreement_detection() -> None:
    assert claimed_answers("정답은 ③입니다. 또 2번이 정답이라는 견해도") == {2, 3}
    assert disagrees_with_key("정답은 ②번입니다", [3])
    assert not disagrees_with_key("정답은 ③입니다", [3])
    assert not disagrees_with_key("복수정답: 정답은 ② 또는 ④", [2, 4])
    assert not disagrees_with_key("③이 맞는 이유: 제30조", [3])


def test_validate_grade_clamps_and_ignores_unknown() -> None:
    rubric = [{"name": "원칙", "points": 4}, {"name": "근거", "points": 2}]
    g = validate_grade(
        {
            "criteria": [
                {"name": " 원 칙 ", "awarded": -3},
                {"name": "근거", "awarded": "x"},
                {"name": "덤", "awarded": 5},
            ],
            "feedback": "f",
        },
        rubric,
    )
    assert [(c.name, c.awarded) for c in g.criteria] == [("원칙", 0), ("근거", 0)]
    assert g.score == 0 and g.max_score == 6 and len(g.adjusted) == 3
