"""Official pass rules: 과락 per subject (or subject group) and a total/average floor.

Pure: the exam's blueprint states the rule; nothing here assumes 40/60.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EPS = 1e-9


@dataclass(frozen=True, slots=True)
class SubjectBlueprint:
    name: str
    questions: int
    group: str | None = None


@dataclass(frozen=True, slots=True)
class PassRule:
    subject_min: float  # percent
    total_min: float  # percent
    basis: str = "per_subject"  # or per_group
    total_basis: str = "points"  # or mean_of_subjects


@dataclass(frozen=True, slots=True)
class UnitScore:
    """A subject, or a subject group when the rule counts groups."""

    name: str
    correct: int
    questions: int
    percent: float
    failed: bool  # 과락


@dataclass(frozen=True, slots=True)
class Verdict:
    passed: bool
    units: list[UnitScore]
    total_correct: int
    total_questions: int
    total_percent: float
    total_failed: bool
    reasons: list[str] = field(default_factory=list)


def _pct(correct: int, questions: int) -> float:
    return 100.0 * correct / questions if questions else 0.0


def _fmt(p: float) -> str:
    return f"{p:.1f}".rstrip("0").rstrip(".")


def judge(subjects: list[SubjectBlueprint], rule: PassRule, correct: dict[str, int]) -> Verdict:
    """Apply the rule. `correct` maps subject name → number correct; absent = 0.

    `subjects[].questions` is the number actually set (a scaled mock sets fewer);
    unanswered questions are simply not correct.
    """
    unknown = set(correct) - {s.name for s in subjects}
    if unknown:
        raise ValueError(f"blueprint에 없는 과목: {', '.join(sorted(unknown))}")
    for s in subjects:
        c = correct.get(s.name, 0)
        if not 0 <= c <= s.questions:
            raise ValueError(f"{s.name}: 정답 수 {c}이(가) 문항 수 {s.questions}를 벗어납니다")

    groups: dict[str, list[SubjectBlueprint]] = {}
    for s in subjects:
        key = (s.group or s.name) if rule.basis == "per_group" else s.name
        groups.setdefault(key, []).append(s)

    units: list[UnitScore] = []
    reasons: list[str] = []
    for name, members in groups.items():
        c = sum(correct.get(m.name, 0) for m in members)
        q = sum(m.questions for m in members)
        p = _pct(c, q)
        failed = p + EPS < rule.subject_min
        units.append(UnitScore(name=name, correct=c, questions=q, percent=p, failed=failed))
        if failed:
            reasons.append(f"{name} {c}/{q} = {_fmt(p)}% < {_fmt(rule.subject_min)}% 과락")

    total_c = sum(correct.get(s.name, 0) for s in subjects)
    total_q = sum(s.questions for s in subjects)
    if rule.total_basis == "mean_of_subjects":
        per_subject = [_pct(correct.get(s.name, 0), s.questions) for s in subjects]
        total_p = sum(per_subject) / len(per_subject) if per_subject else 0.0
        label = "평균"
    else:
        total_p = _pct(total_c, total_q)
        label = "총점"
    total_failed = total_p + EPS < rule.total_min
    if total_failed:
        reasons.append(f"{label} {_fmt(total_p)}% < {_fmt(rule.total_min)}%")
    passed = not total_failed and not any(u.failed for u in units)
    return Verdict(
        passed=passed,
        units=units,
        total_correct=total_c,
        total_questions=total_q,
        total_percent=total_p,
        total_failed=total_failed,
        reasons=reasons,
    )
