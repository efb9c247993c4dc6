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


# ------------------------------------------------------------------------------ llm


def _llm_env(url: str, key: str | None = None) -> dict[str, str]:
    env = {"TUTOR_LLM_BASE_URL": url, "TUTOR_LLM_PRESET": "vllm-exaone4"}
    if key:
        env["TUTOR_LLM_API_KEY"] = key
    return env


def test_llm_check_ok_wrong_key_dead_server(db: AppContext) -> None:
    from tests.llm_sim import ModelSim

    run(db, "db", "upgrade")
    with ModelSim(api_key="sk-right-key") as sim:
        r = run(db, "llm", "check", "--json", env=_llm_env(sim.url, "sk-right-key"))
        assert r.returncode == 0, r.stderr
        data = json.loads(r.stdout)
        assert data["ok"] and data["models"] == [sim.model] and data["reasoning_supported"]
        assert set(data) == {
            "ok",
            "base_url",
            "model",
            "models",
            "latency_ms",
            "reasoning_supported",
            "error",
        }
        r = run(db, "llm", "check", env=_llm_env(sim.url, "sk-wrong-key"))
        assert r.returncode == 1 and "API 키를 확인하세요" in r.stderr
        assert "sk-wrong-key" not in r.stdout + r.stderr and "Traceback" not in r.stderr
    r = run(db, "llm", "check", env=_llm_env("http://127.0.0.1:9/v1"))
    assert r.returncode == 1 and "연결할 수 없습니다" in r.stderr and "Traceback" not in r.stderr
    r = run(db, "llm", "check", env={"TUTOR_LLM_BASE_URL": ""})
    assert r.returncode == 1 and "설정되지 않았습니다" in r.stderr


def test_llm_ask_and_usage(db: AppContext) -> None:
    from tests.llm_sim import ModelSim, Reply

    run(db, "db", "upgrade")
    run(db, "banks", "load")
    with ModelSim() as sim:
        sim.responder = lambda body: Reply(content="③이 맞는 이유를 설명합니다.", usage=(40, 10))
        r = run(
            db,
            "llm",
            "ask",
            "--exam",
            "sample",
            "--question",
            "s-law-1",
            "--mode",
            "explain",
            "--json",
            env=_llm_env(sim.url),
        )
        assert r.returncode == 0, r.stderr
        [item] = json.loads(r.stdout)
        assert set(item) == {
            "question_id",
            "mode",
            "ok",
            "text",
            "error",
            "tokens",
            "cost",
            "latency_ms",
            "cached",
            "flagged",
        }
        assert item["ok"] and item["question_id"] == "s-law-1" and item["tokens"] == 50
        sim.responder = lambda body: Reply(content="조문의 요건을 생각해 보세요.")
        r = run(
            db,
            "llm",
            "ask",
            "--exam",
            "sample",
            "--sample",
            "2",
            "--mode",
            "hint",
            "--json",
            env=_llm_env(sim.url),
        )
        assert r.returncode == 0, r.stderr
        assert len(json.loads(r.stdout)) == 2
    r = run(db, "llm", "usage", "--json")
    assert r.returncode == 0, r.stderr
    u = json.loads(r.stdout)
    assert set(u) == {
        "calls",
        "prompt_tokens",
        "completion_tokens",
        "cost",
        "errors",
        "by_purpose",
        "by_model",
    }
    assert u["calls"] == 3 and set(u["by_purpose"]) == {"explain", "hint"}
    r = run(db, "llm", "usage", "--since", "yesterday")
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr
