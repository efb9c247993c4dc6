"""The question-bank file format (question_banks/<exam>/exam.yaml and <bank>.yaml).

These pydantic models are the single definition of the format: the loader validates
against them, `banks check` reports their errors, and question_banks/schema.json is
generated from them (`python -m tutor banks schema`).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# --------------------------------------------------------------------------- exam.yaml


class SourceRef(_Strict):
    """Where a blueprint fact comes from."""

    title: str = Field(min_length=1, description="공고/법령/보도 제목")
    url: str | None = Field(default=None, description="주소 (있으면)")
    date: dt.date | None = Field(default=None, description="공고·시행일 또는 확인한 날짜")
    note: str | None = Field(default=None, description="이 출처가 뒷받침하는 사실, 미확인 사항")


class SessionSpec(_Strict):
    """One 교시: a sitting with its own time limit."""

    name: str = Field(min_length=1, examples=["1교시"])
    minutes: int = Field(gt=0, le=600)
    subjects: list[str] = Field(min_length=1)


class SubjectSpec(_Strict):
    name: str = Field(min_length=1)
    questions: int = Field(gt=0, description="이 과목의 문항 수")
    group: str | None = Field(
        default=None, description="과락을 묶어서 판정하는 과목군 (basis=per_group일 때)"
    )


class PassBasis(StrEnum):
    per_subject = "per_subject"
    per_group = "per_group"


class TotalBasis(StrEnum):
    points = "points"  # total correct / total questions
    mean_of_subjects = "mean_of_subjects"  # mean of the subject percentages


class PassRuleSpec(_Strict):
    subject_min: float = Field(ge=0, le=100, description="과목(군)별 최저 득점률 %, 과락 기준")
    total_min: float = Field(ge=0, le=100, description="총점 또는 평균 최저 득점률 %")
    basis: PassBasis = PassBasis.per_subject
    total_basis: TotalBasis = Field(
        default=TotalBasis.points,
        description="points: 총 정답 수/총 문항 수, mean_of_subjects: 과목별 득점률의 평균",
    )


class ExamSpec(_Strict):
    slug: str = Field(pattern=SLUG_PATTERN)
    name_ko: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    authority: str = Field(min_length=1, description="시행 기관")
    part: str | None = Field(default=None, description="예: 1차 객관식, 필기")
    options: int = Field(ge=2, le=10, description="객관식 보기 수")
    sessions: list[SessionSpec] = Field(min_length=1)
    subjects: list[SubjectSpec] = Field(min_length=1)
    pass_rule: PassRuleSpec
    sources: list[SourceRef] = Field(min_length=1)
    notes: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ExamSpec:
        names = [s.name for s in self.subjects]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"과목 이름이 중복됩니다: {', '.join(dupes)}")
        in_sessions = [n for s in self.sessions for n in s.subjects]
        unknown = [n for n in in_sessions if n not in names]
        if unknown:
            raise ValueError(f"교시에 적힌 과목이 subjects에 없습니다: {', '.join(unknown)}")
        missing = [n for n in names if n not in in_sessions]
        if missing:
            raise ValueError(f"어느 교시에도 없는 과목: {', '.join(missing)}")
        twice = sorted({n for n in in_sessions if in_sessions.count(n) > 1})
        if twice:
            raise ValueError(f"두 교시에 걸친 과목: {', '.join(twice)}")
        if self.pass_rule.basis == PassBasis.per_group:
            no_group = [s.name for s in self.subjects if not s.group]
            if no_group:
                raise ValueError(f"basis가 per_group인데 group이 없는 과목: {', '.join(no_group)}")
        return self

    @property
    def total_questions(self) -> int:
        return sum(s.questions for s in self.subjects)

    def subject_names(self) -> list[str]:
        return [s.name for s in self.subjects]


# --------------------------------------------------------------------------- <bank>.yaml


class QuestionType(StrEnum):
    single = "single"  # one choice; `answer` lists every accepted choice (복수정답)
    multi = "multi"  # choose all that apply; `answer` is the exact set
    true_false = "true_false"
    short = "short"  # short text; `answer` lists accepted strings
    numeric = "numeric"  # a number; `answer` lists accepted values, `tolerance` absolute
    essay = "essay"  # free text graded against `rubric`


CHOICE_TYPES = {QuestionType.single, QuestionType.multi}


class RubricCriterion(_Strict):
    name: str = Field(min_length=1)
    points: float = Field(gt=0)
    description: str | None = None


class Review(_Strict):
    by: str = Field(min_length=1, description="검토자 (사람 또는 검토 세션)")
    date: dt.date
    scope: str = Field(default="all keys", description="무엇을 검토했는지")
    note: str | None = None


AnswerValue = Annotated[int | float | bool | str, Field()]


class QuestionSpec(_Strict):
    id: str = Field(pattern=ID_PATTERN, description="은행 안에서 바뀌지 않는 문항 ID")
    subject: str = Field(min_length=1)
    type: QuestionType = QuestionType.single
    stem: str = Field(min_length=1, description="문제 (Markdown)")
    choices: list[str] = Field(default_factory=list, description="보기 (번호 없이)")
    answer: list[AnswerValue] = Field(
        default_factory=list,
        description="정답. 객관식은 1부터 세는 보기 번호; 여러 개면 single은 복수정답, "
        "multi는 모두 골라야 하는 집합",
    )
    tolerance: float | None = Field(default=None, ge=0, description="numeric 허용 오차")
    explanation: str = Field(default="", description="정답인 이유와 각 오답이 틀린 이유")
    rubric: list[RubricCriterion] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list, description="법령 조문, 지침, 교과서 장")
    difficulty: int | None = Field(default=None, ge=1, le=5)
    tags: list[str] = Field(default_factory=list)
    year: int | None = Field(default=None, ge=1950, le=2100)
    round: int | None = Field(default=None, ge=1, description="회차")
    checked: dt.date | None = Field(default=None, description="법령·지침과 대조한 날짜")
    images: list[str] = Field(default_factory=list, description="exam 폴더 안의 상대 경로")

    @field_validator("choices")
    @classmethod
    def _no_blank_choices(cls, v: list[str]) -> list[str]:
        for i, c in enumerate(v, start=1):
            if not c.strip():
                raise ValueError(f"보기 {i}이(가) 비어 있습니다")
        return v

    @model_validator(mode="after")
    def _answer_matches_type(self) -> QuestionSpec:
        t = self.type
        if t in CHOICE_TYPES:
            if len(self.choices) < 2:
                raise ValueError("객관식 문항에는 보기가 2개 이상 있어야 합니다")
            if not self.answer:
                raise ValueError("정답(answer)이 없습니다")
            for a in self.answer:
                if isinstance(a, bool) or not isinstance(a, int):
                    raise ValueError(f"객관식 정답은 보기 번호(정수)여야 합니다: {a!r}")
                if not 1 <= a <= len(self.choices):
                    raise ValueError(f"정답 '{a}'이(가) 보기 수({len(self.choices)})를 넘습니다")
            if len(set(self.answer)) != len(self.answer):
                raise ValueError("정답 번호가 중복됩니다")
        elif t == QuestionType.true_false:
            if len(self.answer) != 1 or not isinstance(self.answer[0], bool):
                raise ValueError("true_false 문항의 answer는 [true] 또는 [false]입니다")
            if self.choices:
                raise ValueError("true_false 문항에는 choices를 적지 않습니다")
        elif t == QuestionType.short:
            if not self.answer or not all(isinstance(a, str) and a.strip() for a in self.answer):
                raise ValueError("short 문항의 answer는 인정하는 답 문자열의 목록입니다")
        elif t == QuestionType.numeric:
            if not self.answer or not all(
                isinstance(a, int | float) and not isinstance(a, bool) for a in self.answer
            ):
                raise ValueError("numeric 문항의 answer는 숫자의 목록입니다")
        elif t == QuestionType.essay and not self.rubric:
            raise ValueError("essay 문항에는 rubric(채점 기준)이 있어야 합니다")
        if self.tolerance is not None and t != QuestionType.numeric:
            raise ValueError("tolerance는 numeric 문항에만 씁니다")
        return self


class BankSpec(_Strict):
    bank: str = Field(pattern=SLUG_PATTERN, description="시험 안에서 유일한 은행 이름")
    title: str = Field(min_length=1)
    exam: str = Field(pattern=SLUG_PATTERN, description="이 은행이 속한 시험 slug")
    language: Literal["ko", "en"] = "ko"
    authors: list[str] = Field(default_factory=list)
    reviews: list[Review] = Field(default_factory=list, description="정답 검토 기록")
    license: str | None = None
    questions: list[QuestionSpec] = Field(min_length=1)


def json_schema() -> dict[str, object]:
    """JSON Schema for editors: exam.yaml and bank files."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "합격노트 question banks",
        "description": "question_banks/<exam>/exam.yaml (ExamSpec) and <bank>.yaml (BankSpec)",
        "oneOf": [{"$ref": "#/$defs/ExamSpec"}, {"$ref": "#/$defs/BankSpec"}],
        "$defs": _merged_defs(),
    }


def _merged_defs() -> dict[str, object]:
    defs: dict[str, object] = {}
    for model in (ExamSpec, BankSpec):
        schema = model.model_json_schema(ref_template="#/$defs/{model}")
        defs.update(schema.pop("$defs", {}))
        defs[model.__name__] = schema
    return defs
