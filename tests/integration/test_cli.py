"""The CLI end to end, as an operator runs it, on SQLite and PostgreSQL."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_BANKS, ROOT
from tutor.bootstrap import AppContext


def run(
    db: AppContext | None, *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    e = {**os.environ, "TUTOR_BANKS_DIR": str(FIXTURE_BANKS)}
    if db is not None:
        e["TUTOR_DATABASE_URL"] = db.settings.database_url
    e.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "tutor", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=e,
        timeout=120,
    )


def test_full_operator_flow(db: AppContext, tmp_path: Path) -> None:
    r = run(db, "db", "upgrade")
    assert r.returncode == 0, r.stderr
    r = run(db, "banks", "check")
    assert r.returncode == 0 and "이상 없음" in r.stdout, r.stdout + r.stderr
    r = run(db, "banks", "load")
    assert r.returncode == 0 and "새 은행: sample/core v1" in r.stdout, r.stderr
    r = run(db, "banks", "load")
    assert r.returncode == 0 and "바뀐 것 없음" in r.stdout
    r = run(
        db,
        "users",
        "create",
        "--email",
        "Boss@Example.com",
        "--role",
        "admin",
        stdin="admin-password\n",
    )
    assert r.returncode == 0 and "boss@example.com (admin)" in r.stdout, r.stderr
    assert "admin-password" not in r.stdout + r.stderr
    r = run(db, "users", "create", "--email", "boss@example.com", stdin="another-pass\n")
    assert r.returncode == 2 and "이미 가입된 이메일" in r.stderr
    r = run(db, "exams", "list", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert [(e["slug"], e["options"], e["questions_in_banks"]) for e in data] == [("sample", 5, 8)]
    assert set(data[0]) >= {"sessions", "subjects", "pass_rule", "name_ko", "name_en"}
    r = run(db, "exams", "list")
    assert r.returncode == 0 and "sample" in r.stdout and "5지선다" in r.stdout


def test_banks_check_lists_problems_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "sample"
    bad.mkdir()
    (bad / "exam.yaml").write_text(
        (FIXTURE_BANKS / "sample" / "exam.yaml").read_text("utf-8"), encoding="utf-8"
    )
    text = (FIXTURE_BANKS / "sample" / "core.yaml").read_text("utf-8")
    (bad / "core.yaml").write_text(text.replace("answer: [3]", "answer: [6]", 1), encoding="utf-8")
    r = run(None, "banks", "check", str(tmp_path))
    assert r.returncode == 1
    assert "s-law-1 (문항 1)" in r.stdout and "보기 수(5)를 넘습니다" in r.stdout
    assert "Traceback" not in r.stderr


def test_bad_settings_exit_2_with_one_line() -> None:
    r = run(None, "exams", "list", env={"TUTOR_DATABASE_URL": "nope://"})
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "TUTOR_DATABASE_URL" in r.stderr


def test_unreachable_database_is_one_line() -> None:
    r = run(
        None,
        "exams",
        "list",
        env={"TUTOR_DATABASE_URL": "postgresql+psycopg://nobody:secret@127.0.0.1:1/x"},
    )
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "데이터베이스에 연결할 수 없습니다" in r.stderr and "secret" not in r.stderr


@pytest.mark.parametrize("cmd", [[], ["db"], ["banks"], ["users", "create"], ["exams", "list"]])
def test_every_command_has_help(cmd: list[str]) -> None:
    r = run(None, *cmd, "--help")
    assert r.returncode == 0 and "Usage" in r.stdout


def test_banks_stats_json() -> None:
    r = run(None, "banks", "stats", "--json")
    assert r.returncode == 0, r.stderr
    [e] = json.loads(r.stdout)
    assert e["exam"] == "sample" and e["questions"] == 8
    assert {x["name"]: x["questions"] for x in e["subjects"]} == {"법규": 4, "계산": 4}
    r = run(None, "banks", "stats")
    assert r.returncode == 0 and "blueprint" in r.stdout
