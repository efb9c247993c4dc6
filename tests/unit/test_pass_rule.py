import pytest

from tutor.domain.pass_rule import PassRule, SubjectBlueprint, judge

CB = [SubjectBlueprint(n, 40) for n in ("관세법개론", "무역영어", "내국소비세법", "회계학")]
RULE = PassRule(subject_min=40, total_min=60, total_basis="mean_of_subjects")


def test_exactly_40_and_60_pass() -> None:
    # 40% in one subject is not 과락; an average of exactly 60% passes.
    v = judge(CB, RULE, {"관세법개론": 16, "무역영어": 32, "내국소비세법": 24, "회계학": 24})
    assert v.passed, v.reasons
    assert v.total_percent == pytest.approx(60.0)
    assert not any(u.failed for u in v.units)


def test_one_question_below_40_is_gwarak_even_with_high_average() -> None:
    v = judge(CB, RULE, {"관세법개론": 40, "무역영어": 40, "내국소비세법": 40, "회계학": 15})
    assert not v.passed
    assert v.total_percent > 60
    failed = [u.name for u in v.units if u.failed]
    assert failed == ["회계학"]
    assert v.reasons == ["회계학 15/40 = 37.5% < 40% 과락"]


def test_average_just_below_60_fails() -> None:
    v = judge(CB, RULE, {"관세법개론": 24, "무역영어": 24, "내국소비세법": 24, "회계학": 23})
    assert not v.passed and v.total_failed
    assert "평균" in v.reasons[0]


def test_unanswered_and_missing_subjects_count_as_wrong() -> None:
    v = judge(CB, RULE, {"관세법개론": 40})
    assert not v.passed
    assert {u.name for u in v.units if u.failed} == {"무역영어", "내국소비세법", "회계학"}


def test_points_basis_differs_from_mean_when_subject_sizes_differ() -> None:
    subjects = [
        SubjectBlueprint("총론", 60),
        SubjectBlueprint("각론", 240),
        SubjectBlueprint("법규", 20),
    ]
    correct = {"총론": 30, "각론": 150, "법규": 20}
    by_points = judge(subjects, PassRule(40, 60, total_basis="points"), correct)
    by_mean = judge(subjects, PassRule(40, 60, total_basis="mean_of_subjects"), correct)
    assert by_points.total_percent == pytest.approx(200 / 320 * 100)
    assert by_mean.total_percent == pytest.approx((50 + 62.5 + 100) / 3)
    assert by_points.passed and by_mean.passed


def test_grouped_subjects_judge_the_group_not_each_member() -> None:
    subjects = [
        SubjectBlueprint("소아치과학", 20, "소아·교정"),
        SubjectBlueprint("치과교정학", 20, "소아·교정"),
        SubjectBlueprint("치과보철학", 40, "보철"),
    ]
    correct = {"소아치과학": 4, "치과교정학": 14, "치과보철학": 30}  # 20% and 70% → group 45%
    grouped = judge(subjects, PassRule(40, 60, basis="per_group"), correct)
    assert [u.name for u in grouped.units] == ["소아·교정", "보철"]
    assert not any(u.failed for u in grouped.units)
    per_subject = judge(subjects, PassRule(40, 60, basis="per_subject"), correct)
    assert [u.name for u in per_subject.units if u.failed] == ["소아치과학"]


def test_scaled_mock_uses_the_questions_actually_set() -> None:
    quarter = [SubjectBlueprint(s.name, 10) for s in CB]
    v = judge(quarter, RULE, {"관세법개론": 4, "무역영어": 8, "내국소비세법": 6, "회계학": 6})
    assert v.passed and v.total_percent == pytest.approx(60.0)
    v = judge(quarter, RULE, {"관세법개론": 3, "무역영어": 10, "내국소비세법": 10, "회계학": 10})
    assert not v.passed and v.reasons[0].startswith("관세법개론 3/10 = 30%")


def test_rule_is_data_not_code() -> None:
    strict = PassRule(subject_min=50, total_min=70)
    v = judge(CB, strict, {n.name: 24 for n in CB})  # 60% everywhere
    assert not v.passed and v.total_failed and not any(u.failed for u in v.units)


def test_bad_counts_are_rejected() -> None:
    with pytest.raises(ValueError, match="벗어납니다"):
        judge(CB, RULE, {"회계학": 41})
    with pytest.raises(ValueError, match="없는 과목"):
        judge(CB, RULE, {"영어": 1})
