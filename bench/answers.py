"""Submit and grade 10,000 answers through the service layer, on SQLite and PostgreSQL.

Prints, per backend: the total time, the floor (the same 10,000 attempt rows inserted
with one executemany, measured in the same run on the same database), their ratio, and
p50/p95 per answer. Goal: p95 < 5 ms on SQLite and < 10 ms on PostgreSQL.

    python bench/answers.py [--answers 10000] [--pg-url postgresql+psycopg://…/test]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import yaml
from sqlalchemy import create_engine, delete, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.bootstrap import AppContext, bootstrap  # noqa: E402
from tutor.config import Settings  # noqa: E402
from tutor.db import migrate  # noqa: E402
from tutor.db.models import Attempt, Question, User  # noqa: E402
from tutor.services import practice  # noqa: E402
from tutor.services.banks import load_path  # noqa: E402

QUESTIONS = 400
PER_SESSION = 100


def write_bank(folder: Path) -> None:
    exam = folder / "bench"
    exam.mkdir(parents=True)
    subjects = ["과목A", "과목B", "과목C", "과목D"]
    (exam / "exam.yaml").write_text(
        yaml.safe_dump(
            {
                "slug": "bench",
                "name_ko": "벤치마크 시험",
                "name_en": "Benchmark",
                "authority": "bench",
                "options": 5,
                "sessions": [{"name": "1교시", "minutes": 80, "subjects": subjects}],
                "subjects": [{"name": s, "questions": 40} for s in subjects],
                "pass_rule": {"subject_min": 40, "total_min": 60},
                "sources": [{"title": "generated for the benchmark"}],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    rng = random.Random(0)
    questions = [
        {
            "id": f"b{i:04d}",
            "subject": subjects[i % 4],
            "stem": f"문제 {i}: " + "가나다 " * 40,
            "choices": [f"보기 {k} " + "라마바 " * 5 for k in range(1, 6)],
            "answer": [rng.randint(1, 5)],
            "explanation": "해설 " * 60,
            "references": ["근거"],
        }
        for i in range(QUESTIONS)
    ]
    (exam / "core.yaml").write_text(
        yaml.safe_dump(
            {"bank": "core", "title": "bench", "exam": "bench", "questions": questions},
            allow_unicode=True,
        ),
        encoding="utf-8",
    )


def prepare(url: str, banks: Path, learners: int) -> tuple[AppContext, list[int]]:
    ctx = bootstrap(Settings(database_url=url))
    migrate.upgrade(ctx.engine)
    with ctx.uow() as s:
        load_path(s, banks)
        # accounts straight into the table: argon2 hashing is not what we measure here
        s.execute(
            insert(User),
            [
                {
                    "email": f"u{i}@bench.local",
                    "display_name": f"u{i}",
                    "password_hash": "x",
                    "role": "learner",
                    "locale": "ko",
                    "disabled": False,
                    "failed_logins": 0,
                }
                for i in range(learners)
            ],
        )
        ids = list(s.scalars(select(User.id).order_by(User.id)))
    return ctx, ids


def run_service(ctx: AppContext, users: list[int], n: int) -> tuple[float, list[float]]:
    rng = random.Random(1)
    per: list[float] = []
    total_start = time.perf_counter()
    done = 0
    while done < n:
        for uid in users:
            if done >= n:
                break
            with ctx.uow() as s:
                sid = practice.start_practice(
                    s,
                    uid,
                    "bench",
                    ["과목A", "과목B", "과목C", "과목D"],
                    PER_SESSION,
                    "random",
                    rng=rng,
                )
            for _ in range(PER_SESSION):
                if done >= n:
                    break
                with ctx.uow() as s:
                    st = practice.practice_state(s, uid, sid)
                assert st.current is not None
                t0 = time.perf_counter()
                with ctx.uow() as s:
                    practice.submit_answer(
                        s, uid, sid, st.current.id, {"choice": rng.randint(1, 5)}
                    )
                per.append(time.perf_counter() - t0)
                done += 1
                with ctx.uow() as s:
                    practice.next_question(s, uid, sid)
    return time.perf_counter() - total_start, per


def run_floor(ctx: AppContext, n: int) -> float:
    """The same number of attempt rows, one executemany, one commit."""
    with ctx.uow() as s:
        rows = list(
            s.execute(
                select(
                    Attempt.session_id,
                    Attempt.user_id,
                    Attempt.question_id,
                    Attempt.response,
                    Attempt.is_correct,
                )
            ).all()
        )
        qids = list(s.scalars(select(Question.id)))
        s.execute(delete(Attempt))
    assert len(rows) == n
    params = [
        {
            "session_id": r[0],
            "user_id": r[1],
            "question_id": r[2],
            "response": r[3],
            "is_correct": r[4],
            "score": 1.0 if r[4] else 0.0,
            "max_score": 1.0,
            "grader": "exact",
            "seconds": 1.0,
        }
        for r in rows
    ]
    assert qids
    t0 = time.perf_counter()
    with ctx.uow() as s:
        s.execute(insert(Attempt), params)
    return time.perf_counter() - t0


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[int(p) - 1] if len(values) > 1 else values[0]


def bench(label: str, url: str, banks: Path, n: int, goal_ms: float) -> bool:
    learners = max(1, n // PER_SESSION)
    ctx, users = prepare(url, banks, learners)
    try:
        # service time, submits only (the floor is a pure write), and the whole loop
        loop_s, per = run_service(ctx, users, n)
        floor_s = run_floor(ctx, n)
    finally:
        ctx.dispose()
    submit_s = sum(per)
    p50, p95 = pct(per, 50) * 1000, pct(per, 95) * 1000
    ok = p95 < goal_ms
    print(
        f"{label:10} answers={n}  submit+grade total={submit_s:.2f}s  "
        f"floor(executemany)={floor_s:.3f}s  ratio={submit_s / floor_s:.1f}x  "
        f"p50={p50:.2f}ms  p95={p95:.2f}ms (goal <{goal_ms:g}ms: {'met' if ok else 'MISSED'})  "
        f"[whole loop incl. page reads {loop_s:.2f}s]"
    )
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--answers", type=int, default=10_000)
    ap.add_argument("--pg-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    ap.add_argument("--skip-pg", action="store_true")
    args = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        banks = Path(tmp) / "banks"
        write_bank(banks)
        results.append(bench("sqlite", f"sqlite:///{tmp}/bench.db", banks, args.answers, 5.0))
        if not args.skip_pg:
            name = f"tutor_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(args.pg_url, isolation_level="AUTOCOMMIT")
            with admin.connect() as c:
                c.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                url = args.pg_url.rsplit("/", 1)[0] + f"/{name}"
                results.append(bench("postgresql", url, banks, args.answers, 10.0))
            finally:
                with admin.connect() as c:
                    c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
