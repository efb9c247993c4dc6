"""`python -m tutor …`: operator and instructor commands, on the same services as the UI.

Every command reads TUTOR_DATABASE_URL and ends with one readable line and a non-zero
exit code on bad input; never a traceback.
"""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from tutor import APP_NAME
from tutor.config import SettingsError, get_settings

if TYPE_CHECKING:
    from tutor.bootstrap import AppContext

app = typer.Typer(
    help=f"{APP_NAME} 관리 명령 (Korean licensing-exam tutor: admin and instructor commands).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="데이터베이스 스키마 (Alembic migrations).", no_args_is_help=True)
banks_app = typer.Typer(help="문제은행 검사와 적재 (question banks).", no_args_is_help=True)
users_app = typer.Typer(help="사용자 계정 (accounts).", no_args_is_help=True)
exams_app = typer.Typer(help="시험 목록과 blueprint (exams).", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(banks_app, name="banks")
app.add_typer(users_app, name="users")
app.add_typer(exams_app, name="exams")
from tutor.cli_llm import llm_app  # noqa: E402  (registers the llm commands)

app.add_typer(llm_app, name="llm")


def _fail(msg: str, code: int = 1) -> typer.Exit:
    typer.echo(msg, err=True)
    return typer.Exit(code)


def _ctx() -> AppContext:
    from tutor.bootstrap import bootstrap

    return bootstrap(get_settings())


def _default_banks() -> Path:
    return get_settings().banks_dir


# ------------------------------------------------------------------------------ db


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="목표 리비전")] = "head") -> None:
    """스키마를 최신(또는 주어진 리비전)으로 올립니다. Upgrade the schema."""
    from tutor.db import migrate

    ctx = _ctx()
    try:
        migrate.upgrade(ctx.engine, revision)
        typer.echo(f"스키마 리비전: {migrate.current_revision(ctx.engine)}")
    finally:
        ctx.dispose()


@db_app.command("downgrade")
def db_downgrade(revision: Annotated[str, typer.Argument(help="목표 리비전")] = "base") -> None:
    """스키마를 되돌립니다 (기본: 전부). Downgrade the schema (drops data)."""
    from tutor.db import migrate

    ctx = _ctx()
    try:
        migrate.downgrade(ctx.engine, revision)
        typer.echo(f"스키마 리비전: {migrate.current_revision(ctx.engine) or '없음'}")
    finally:
        ctx.dispose()


@db_app.command("current")
def db_current() -> None:
    """현재 스키마 리비전과 최신 리비전. Show current and head revisions."""
    from tutor.db import migrate

    ctx = _ctx()
    try:
        cur, head = migrate.current_revision(ctx.engine), migrate.head_revision()
        typer.echo(f"현재 {cur or '없음'} / 최신 {head}")
        if cur != head:
            raise typer.Exit(1)
    finally:
        ctx.dispose()


# ---------------------------------------------------------------------------- banks


@banks_app.command("check")
def banks_check(
    path: Annotated[Path | None, typer.Argument(help="question_banks 폴더 또는 시험 폴더")] = None,
) -> None:
    """파일만 검사합니다 (DB에 쓰지 않음). Exit 1 with every problem found."""
    from tutor.services.banks import check_path

    target = path or _default_banks()
    folders, problems = check_path(target)
    for p in problems:
        typer.echo(str(p))
    if problems:
        raise _fail(f"문제 {len(problems)}건: 고친 뒤 다시 검사하세요", 1)
    n_q = sum(len(b.questions) for f in folders for _, b in f.banks)
    n_b = sum(len(f.banks) for f in folders)
    typer.echo(f"이상 없음: 시험 {len(folders)}개, 은행 {n_b}개, 문항 {n_q}개")


@banks_app.command("load")
def banks_load(
    path: Annotated[Path | None, typer.Argument(help="question_banks 폴더 또는 시험 폴더")] = None,
) -> None:
    """검사 후 한 트랜잭션으로 적재합니다. 바뀐 은행만 새 버전이 됩니다. Idempotent."""
    from tutor.services.banks import BankProblems, load_path

    target = path or _default_banks()
    ctx = _ctx()
    try:
        with ctx.uow() as s:
            report = load_path(s, target)
    except BankProblems as e:
        for p in e.problems:
            typer.echo(str(p), err=True)
        raise _fail(f"{e.message}. 아무것도 적재하지 않았습니다", 1) from None
    finally:
        ctx.dispose()
    for label, items in (
        ("새 시험", report.exams_created),
        ("바뀐 시험", report.exams_updated),
        ("새 은행", report.banks_created),
        ("새 버전", report.banks_versioned),
    ):
        if items:
            typer.echo(f"{label}: {', '.join(items)}")
    if report.changed:
        typer.echo(f"적재한 문항: {report.questions_written}")
    else:
        typer.echo(f"바뀐 것 없음 (은행 {len(report.banks_unchanged)}개 그대로)")


@banks_app.command("stats")
def banks_stats(
    path: Annotated[Path | None, typer.Argument(help="question_banks 폴더 또는 시험 폴더")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON으로 출력")] = False,
) -> None:
    """시험·과목·유형·난이도별 문항 수를 blueprint 비율과 나란히. Counts against the blueprint."""
    from tutor.banks.quality import stats
    from tutor.services.banks import check_path

    folders, problems = check_path(path or _default_banks())
    if not folders:
        raise _fail("; ".join(str(p) for p in problems) or "시험 폴더가 없습니다", 1)
    data = stats(folders)
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for e in data:
        reviewed = sum(1 for b in e["banks"] if b["reviews"])
        typer.echo(
            f"{e['exam']} — {e['name_ko']}: 문항 {e['questions']} "
            f"(blueprint {e['blueprint_questions']}), 검토된 은행 {reviewed}/{len(e['banks'])}"
        )
        for x in e["subjects"]:
            typer.echo(
                f"  {x['name']:<28} {x['questions']:>4}  ({x['share']:.0%} / blueprint "
                f"{x['blueprint_share']:.0%})"
            )
        typer.echo(f"  유형 {e['types']}  난이도 {e['difficulty']}  정답 위치 {e['key_positions']}")
    if problems:
        typer.echo(f"(검사 문제 {len(problems)}건: banks check로 보세요)", err=True)


@banks_app.command("schema")
def banks_schema(
    out: Annotated[Path | None, typer.Option(help="쓸 파일 (기본: 표준 출력)")] = None,
) -> None:
    """편집기용 JSON Schema를 만듭니다. Write the JSON Schema of the bank format."""
    from tutor.banks.schema import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"썼습니다: {out}")


# ---------------------------------------------------------------------------- users


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("비밀번호: ")
        second = getpass.getpass("비밀번호 확인: ")
        if first != second:
            raise _fail("두 비밀번호가 다릅니다", 2)
        return first
    line = sys.stdin.readline()
    if not line:
        raise _fail("표준 입력에서 비밀번호를 읽지 못했습니다", 2)
    return line.rstrip("\r\n")


@users_app.command("create")
def users_create(
    email: Annotated[str, typer.Option(help="로그인 이메일")],
    role: Annotated[str, typer.Option(help="learner | instructor | admin")] = "learner",
    name: Annotated[str, typer.Option(help="표시 이름 (기본: 이메일 앞부분)")] = "",
) -> None:
    """계정을 만듭니다. 비밀번호는 프롬프트(두 번) 또는 표준 입력에서 읽습니다."""
    from tutor.services.accounts import create_user
    from tutor.services.errors import ServiceError

    password = _read_password()
    ctx = _ctx()
    try:
        with ctx.uow() as s:
            info = create_user(s, email, password, role, display_name=name, actor_id=None)
    except ServiceError as e:
        raise _fail(e.message, 2) from None
    finally:
        ctx.dispose()
    typer.echo(f"만들었습니다: {info.email} ({info.role})")


# ---------------------------------------------------------------------------- exams


@exams_app.command("list")
def exams_list(
    as_json: Annotated[bool, typer.Option("--json", help="JSON으로 출력")] = False,
) -> None:
    """적재된 시험과 blueprint, 문제은행의 문항 수. List exams."""
    from tutor.services.exams import list_exams

    ctx = _ctx()
    try:
        with ctx.uow() as s:
            exams = list_exams(s)
    finally:
        ctx.dispose()
    if as_json:
        typer.echo(json.dumps([e.as_json() for e in exams], ensure_ascii=False, indent=2))
        return
    if not exams:
        typer.echo("적재된 시험이 없습니다: python -m tutor banks load")
        return
    for e in exams:
        sessions = " · ".join(f"{x.name} {x.minutes}분" for x in e.spec.sessions)
        rule = e.spec.pass_rule
        typer.echo(
            f"{e.slug:18} {e.name_ko} — {e.spec.total_questions}문항 {e.spec.options}지선다, "
            f"{sessions}; 과락 {rule.subject_min:g}% / 합격 {rule.total_min:g}%; "
            f"은행 문항 {e.questions_in_banks}"
        )


def _safe_url() -> str:
    try:
        return make_url(get_settings().database_url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - only used to print a message
        return "(TUTOR_DATABASE_URL)"


def main() -> None:
    """Entry point: settings and connection problems end in one line, not a traceback."""
    try:
        app()
    except SettingsError as e:
        typer.echo(str(e), err=True)
        raise SystemExit(2) from None
    except OperationalError as e:
        reason = str(e.orig).strip().splitlines()[0] if e.orig else "연결 실패"
        typer.echo(f"데이터베이스에 연결할 수 없습니다 ({_safe_url()}): {reason}", err=True)
        raise SystemExit(1) from None
