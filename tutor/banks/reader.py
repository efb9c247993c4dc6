"""Read and check question_banks/ folders. File I/O only; no database.

Every problem is collected (not just the first) with the file, the question and the
reason, so an editor can fix a whole bank in one pass.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from tutor.banks.schema import CHOICE_TYPES, BankSpec, ExamSpec, QuestionType

EXAM_FILE = "exam.yaml"


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    where: str  # question id / row, or "" for the whole file
    message: str

    def __str__(self) -> str:
        loc = f" [{self.where}]" if self.where else ""
        return f"{self.file}{loc}: {self.message}"


@dataclass
class ExamFolder:
    path: Path
    exam: ExamSpec | None
    banks: list[tuple[Path, BankSpec]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def canonical_hash(data: Any) -> str:
    blob = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def exam_dirs(path: Path) -> list[Path]:
    """`path` is one exam folder (has exam.yaml) or a folder of them."""
    if not path.exists():
        raise FileNotFoundError(f"폴더가 없습니다: {path}")
    if (path / EXAM_FILE).is_file():
        return [path]
    found = sorted(p for p in path.iterdir() if p.is_dir() and (p / EXAM_FILE).is_file())
    if not found:
        raise FileNotFoundError(f"{path}: exam.yaml이 있는 시험 폴더가 없습니다")
    return found


def _rel(p: Path, root: Path) -> str:
    try:
        return str(p.relative_to(root.parent))
    except ValueError:
        return str(p)


def _load_yaml(p: Path, label: str, problems: list[Problem]) -> Any:
    try:
        with p.open(encoding="utf-8") as f:
            return yaml.safe_load(f)
    except UnicodeDecodeError:
        problems.append(Problem(label, "", "UTF-8로 읽을 수 없습니다 (UTF-8로 저장하세요)"))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"{mark.line + 1}행" if mark is not None else ""
        reason = getattr(e, "problem", None) or str(e)
        problems.append(Problem(label, where, f"YAML 문법 오류: {reason}"))
    return None


def _pydantic_problems(label: str, raw: Any, err: ValidationError) -> list[Problem]:
    out = []
    for e in err.errors():
        loc = list(e.get("loc", ()))
        where = ""
        if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
            idx = loc[1]
            qid = None
            if isinstance(raw, dict) and isinstance(raw.get("questions"), list):
                qs = raw["questions"]
                if idx < len(qs) and isinstance(qs[idx], dict):
                    qid = qs[idx].get("id")
            where = f"{qid} (문항 {idx + 1})" if qid else f"문항 {idx + 1}"
            loc = loc[2:]
        fld = ".".join(str(x) for x in loc if not isinstance(x, int)) or ""
        msg = str(e.get("msg", "")).removeprefix("Value error, ")
        out.append(Problem(label, where, f"{fld}: {msg}" if fld else msg))
    return out


def read_exam_folder(folder: Path, root: Path | None = None) -> ExamFolder:
    root = root or folder
    problems: list[Problem] = []
    exam_label = _rel(folder / EXAM_FILE, root)
    raw_exam = _load_yaml(folder / EXAM_FILE, exam_label, problems)
    exam: ExamSpec | None = None
    if raw_exam is not None:
        try:
            exam = ExamSpec.model_validate(raw_exam)
        except ValidationError as e:
            problems.extend(_pydantic_problems(exam_label, raw_exam, e))
    if exam is not None and exam.slug != folder.name:
        problems.append(
            Problem(
                exam_label, "", f"slug '{exam.slug}'이(가) 폴더 이름 '{folder.name}'과 다릅니다"
            )
        )
    result = ExamFolder(path=folder, exam=exam, problems=problems)
    for p in sorted(folder.glob("*.yaml")):
        if p.name == EXAM_FILE:
            continue
        label = _rel(p, root)
        raw = _load_yaml(p, label, problems)
        if raw is None:
            if p.stat().st_size == 0:
                problems.append(Problem(label, "", "빈 파일입니다"))
            continue
        try:
            bank = BankSpec.model_validate(raw)
        except ValidationError as e:
            problems.extend(_pydantic_problems(label, raw, e))
            continue
        result.banks.append((p, bank))
        problems.extend(check_bank(bank, exam, folder, label))
    names = [b.bank for _, b in result.banks]
    for n in sorted({n for n in names if names.count(n) > 1}):
        problems.append(
            Problem(_rel(folder, root), "", f"은행 이름 '{n}'이(가) 두 파일에 있습니다")
        )
    return result


def check_bank(bank: BankSpec, exam: ExamSpec | None, folder: Path, label: str) -> list[Problem]:
    """Checks that need the blueprint or the whole bank (the schema checks one question)."""
    out: list[Problem] = []
    if bank.exam != folder.name:
        out.append(Problem(label, "", f"exam '{bank.exam}'이(가) 폴더 '{folder.name}'과 다릅니다"))
    seen: dict[str, int] = {}
    for i, q in enumerate(bank.questions, start=1):
        where = f"{q.id} (문항 {i})"
        if q.id in seen:
            out.append(Problem(label, where, f"ID가 문항 {seen[q.id]}과 중복됩니다"))
        else:
            seen[q.id] = i
        if exam is not None:
            if q.subject not in exam.subject_names():
                out.append(
                    Problem(label, where, f"과목 '{q.subject}'이(가) 시험 blueprint에 없습니다")
                )
            if q.type in CHOICE_TYPES and len(q.choices) != exam.options:
                out.append(
                    Problem(
                        label,
                        where,
                        f"보기가 {len(q.choices)}개입니다 (이 시험은 {exam.options}지선다)",
                    )
                )
        if q.type != QuestionType.essay and not q.explanation.strip():
            out.append(Problem(label, where, "해설(explanation)이 없습니다"))
        if not q.references:
            out.append(Problem(label, where, "근거(references)가 없습니다"))
        for img in q.images:
            ip = (folder / img).resolve()
            if not ip.is_relative_to(folder.resolve()):
                out.append(Problem(label, where, f"그림 경로가 시험 폴더 밖을 가리킵니다: {img}"))
            elif not ip.is_file():
                out.append(Problem(label, where, f"그림 파일이 없습니다: {img}"))
    return out


def read_all(path: Path) -> list[ExamFolder]:
    root = path if not (path / EXAM_FILE).is_file() else path.parent
    return [read_exam_folder(d, root) for d in exam_dirs(path)]


def question_hash(q: dict[str, Any]) -> str:
    return canonical_hash(q)


def bank_hash(bank: BankSpec) -> str:
    """Hash of the questions only: editing reviews/authors does not make a new version."""
    return canonical_hash([q.model_dump(mode="json") for q in bank.questions])


def exam_hash(exam: ExamSpec) -> str:
    return canonical_hash(exam.model_dump(mode="json"))
