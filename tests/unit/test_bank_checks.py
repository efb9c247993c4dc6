"""`banks check` finds every problem an editor can make, with file, question and reason."""

import json
import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURE_BANKS
from tutor.banks.schema import BankSpec, ExamSpec, json_schema
from tutor.services.banks import check_path


@pytest.fixture
def exam_dir(tmp_path: Path) -> Path:
    dst = tmp_path / "sample"
    shutil.copytree(FIXTURE_BANKS / "sample", dst)
    return dst


def _edit_bank(folder: Path, fn) -> None:  # type: ignore[no-untyped-def]
    p = folder / "core.yaml"
    data = yaml.safe_load(p.read_text(encoding="utf-8"))
    fn(data)
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _messages(folder: Path) -> list[str]:
    _, problems = check_path(folder)
    return [str(p) for p in problems]


def test_fixture_bank_is_clean(exam_dir: Path) -> None:
    assert _messages(exam_dir) == []


def test_answer_outside_choices_names_file_question_and_reason(exam_dir: Path) -> None:
    _edit_bank(exam_dir, lambda d: d["questions"][0].__setitem__("answer", [6]))
    msgs = _messages(exam_dir)
    assert len(msgs) == 1
    assert "core.yaml" in msgs[0] and "s-law-1 (문항 1)" in msgs[0]
    assert "정답 '6'이(가) 보기 수(5)를 넘습니다" in msgs[0]


def test_every_problem_is_reported_not_just_the_first(exam_dir: Path) -> None:
    def breaks(d: dict) -> None:  # type: ignore[type-arg]
        qs = d["questions"]
        qs[1]["id"] = qs[0]["id"]  # duplicate id
        qs[2]["subject"] = "없는과목"  # not in blueprint
        qs[6]["choices"] = qs[6]["choices"][:4]  # 4 options in a 5-option exam
        qs[7]["explanation"] = ""  # missing explanation
        qs[5]["references"] = []  # missing references

    _edit_bank(exam_dir, breaks)
    text = "\n".join(_messages(exam_dir))
    assert "ID가 문항 1과 중복됩니다" in text
    assert "과목 '없는과목'이(가) 시험 blueprint에 없습니다" in text
    assert "보기가 4개입니다 (이 시험은 5지선다)" in text
    assert "해설(explanation)이 없습니다" in text
    assert "근거(references)가 없습니다" in text


def test_yaml_syntax_error_gives_the_line(exam_dir: Path) -> None:
    (exam_dir / "broken.yaml").write_text("bank: x\nquestions: [\n  - id: 1\n", encoding="utf-8")
    msgs = _messages(exam_dir)
    assert any("broken.yaml" in m and "YAML 문법 오류" in m and "행" in m for m in msgs)


def test_missing_image_and_path_escape(exam_dir: Path) -> None:
    def imgs(d: dict) -> None:  # type: ignore[type-arg]
        d["questions"][0]["images"] = ["figures/none.png", "../../etc/passwd"]

    _edit_bank(exam_dir, imgs)
    text = "\n".join(_messages(exam_dir))
    assert "그림 파일이 없습니다: figures/none.png" in text
    assert "시험 폴더 밖" in text


def test_exam_blueprint_consistency(exam_dir: Path) -> None:
    p = exam_dir / "exam.yaml"
    data = yaml.safe_load(p.read_text(encoding="utf-8"))
    data["sessions"][0]["subjects"] = ["법규"]  # 계산 sits in no 교시
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert any("어느 교시에도 없는 과목: 계산" in m for m in _messages(exam_dir))


def test_missing_folder_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    _, problems = check_path(tmp_path / "nope")
    assert problems and "폴더가 없습니다" in problems[0].message


def test_json_schema_matches_the_committed_file() -> None:
    committed = Path(__file__).resolve().parents[2] / "question_banks" / "schema.json"
    assert json.loads(committed.read_text(encoding="utf-8")) == json.loads(
        json.dumps(json_schema(), ensure_ascii=False)
    ), "regenerate with: python -m tutor banks schema --out question_banks/schema.json"


def test_type_specific_answers() -> None:
    base = {"id": "x", "subject": "s", "stem": "?", "explanation": "e", "references": ["r"]}
    with pytest.raises(ValueError, match="true_false"):
        BankSpec.model_validate(
            {
                "bank": "b",
                "title": "t",
                "exam": "e",
                "questions": [{**base, "type": "true_false", "answer": [1]}],
            }
        )
    with pytest.raises(ValueError, match="rubric"):
        BankSpec.model_validate(
            {"bank": "b", "title": "t", "exam": "e", "questions": [{**base, "type": "essay"}]}
        )
    with pytest.raises(ValueError, match="per_group"):
        ExamSpec.model_validate(
            {
                "slug": "x",
                "name_ko": "x",
                "name_en": "x",
                "authority": "a",
                "options": 5,
                "sessions": [{"name": "1교시", "minutes": 10, "subjects": ["a"]}],
                "subjects": [{"name": "a", "questions": 1}],
                "pass_rule": {"subject_min": 40, "total_min": 60, "basis": "per_group"},
                "sources": [{"title": "t"}],
            }
        )


def test_near_duplicate_within_a_bank(exam_dir: Path) -> None:
    def dup(d: dict) -> None:  # type: ignore[type-arg]
        q = dict(d["questions"][0])
        q["id"] = "s-law-1-copy"
        q["stem"] = q["stem"].replace("첫 번째", "첫번째") + " "  # spacing differs only
        d["questions"].append(q)

    _edit_bank(exam_dir, dup)
    msgs = _messages(exam_dir)
    assert len(msgs) == 1 and "s-law-1" in msgs[0] and "s-law-1-copy" in msgs[0]
    assert "거의 같은 문항" in msgs[0]


def test_near_duplicate_across_banks_but_not_for_different_questions(exam_dir: Path) -> None:
    data = yaml.safe_load((exam_dir / "core.yaml").read_text(encoding="utf-8"))
    other = {**data, "bank": "other", "questions": [dict(data["questions"][6], id="o-1")]}
    (exam_dir / "other.yaml").write_text(yaml.safe_dump(other, allow_unicode=True), "utf-8")
    msgs = _messages(exam_dir)
    assert len(msgs) == 1 and "other.yaml [o-1]" in msgs[0] and "s-calc-3" in msgs[0]


def test_stats_against_blueprint(exam_dir: Path) -> None:
    from tutor.banks.quality import stats
    from tutor.banks.reader import read_all

    [e] = stats(read_all(exam_dir))
    assert e["exam"] == "sample" and e["questions"] == 8 and e["blueprint_questions"] == 8
    assert [(x["name"], x["questions"], x["blueprint_share"]) for x in e["subjects"]] == [
        ("법규", 4, 0.5),
        ("계산", 4, 0.5),
    ]
    assert e["types"] == {"single": 4, "multi": 1, "true_false": 1, "numeric": 1, "short": 1}
    assert e["banks"] == [{"bank": "core", "file": "core.yaml", "questions": 8, "reviews": 0}]


def test_every_fixture_bank_passes_the_checker() -> None:
    """Fixtures must stay valid as the checker grows (the near-duplicate check once
    flagged a templated fixture)."""
    root = Path(__file__).resolve().parents[1] / "fixtures"
    for folder in (root / "banks", root / "mock_banks"):
        _, problems = check_path(folder)
        assert [str(p) for p in problems] == [], folder
