"""`python -m tutor llm …`: check the configured model, preview what learners get, usage."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tutor.config import get_settings

if TYPE_CHECKING:
    from tutor.bootstrap import AppContext

llm_app = typer.Typer(help="AI 모델 연결 확인, 미리보기, 사용량 (the model).", no_args_is_help=True)


def _fail(msg: str, code: int = 1) -> typer.Exit:
    typer.echo(msg, err=True)
    return typer.Exit(code)


def _ctx() -> AppContext:
    from tutor.bootstrap import bootstrap

    return bootstrap(get_settings())


def _ai_deps(ctx: AppContext) -> tuple[Any, Any]:
    from tutor.services import llm_admin
    from tutor.services.ai import AIDeps

    with ctx.uow() as s:
        cfg = llm_admin.resolve(s, ctx.settings)
    if cfg is None:
        raise _fail(
            "AI 모델이 설정되지 않았습니다: TUTOR_LLM_BASE_URL과 TUTOR_LLM_MODEL을 지정하세요", 1
        )
    client = llm_admin.make_client(cfg, max_retries=1, read_timeout=60)
    deps = AIDeps(
        uow=ctx.uow,
        client=client,
        provider=cfg.provider,
        price_in=cfg.price_in,
        price_out=cfg.price_out,
    )
    return deps, cfg


@llm_app.command("check")
def llm_check(
    as_json: Annotated[bool, typer.Option("--json", help="JSON으로 출력")] = False,
) -> None:
    """설정된 모델이 작은 요청에 답하는지 확인합니다. Exit 0 only if it answered."""
    from tutor.services import ai

    ctx = _ctx()
    try:
        deps, cfg = _ai_deps(ctx)
        result = ai.check_connection(deps)
        deps.client.close()
    finally:
        ctx.dispose()
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    elif result["ok"]:
        typer.echo(f"OK {result['model']} @ {result['base_url']} ({result['latency_ms']} ms)")
    if not result["ok"]:
        raise _fail(f"모델 확인 실패 ({cfg.base_url}): {result['error']}", 1)


@llm_app.command("ask")
def llm_ask(
    exam: Annotated[str, typer.Option(help="시험 slug")],
    mode: Annotated[str, typer.Option(help="explain | hint")] = "explain",
    question: Annotated[str | None, typer.Option(help="문항 ID (은행의 id)")] = None,
    sample: Annotated[int | None, typer.Option(help="무작위 N문항")] = None,
    reasoning: Annotated[bool, typer.Option("--reasoning", help="추론 모드")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON으로 출력")] = False,
) -> None:
    """수험생이 볼 AI 해설/힌트를 미리 봅니다 (UI와 같은 서비스)."""
    import random as _random

    from sqlalchemy import select

    from tutor.db.models import Bank, Exam, Question
    from tutor.llm.errors import LLMError
    from tutor.services import ai

    if mode not in ("explain", "hint"):
        raise _fail("--mode는 explain 또는 hint입니다", 2)
    if (question is None) == (sample is None):
        raise _fail("--question ID 또는 --sample N 중 하나를 주세요", 2)
    ctx = _ctx()
    out: list[dict[str, Any]] = []
    try:
        deps, _cfg = _ai_deps(ctx)
        with ctx.uow() as s:
            stmt = (
                select(Question.id, Question.external_id)
                .join(Bank, Bank.id == Question.bank_id)
                .join(Exam, Exam.id == Bank.exam_id)
                .where(
                    Exam.slug == exam,
                    Bank.status == "published",
                    Question.type.in_(["single", "multi"]),
                )
            )
            rows = s.execute(stmt).all()
        if not rows:
            raise _fail(f"시험 '{exam}'에 문항이 없습니다", 1)
        if question is not None:
            rows = [r for r in rows if r[1] == question]
            if not rows:
                raise _fail(f"문항 '{question}'이(가) 시험 '{exam}'에 없습니다", 1)
        else:
            rows = _random.sample(rows, min(sample or 1, len(rows)))
        for qid, ext in rows:
            item: dict[str, Any] = {
                "question_id": ext,
                "mode": mode,
                "ok": False,
                "text": "",
                "error": None,
                "tokens": 0,
                "cost": 0.0,
                "latency_ms": 0.0,
                "cached": False,
                "flagged": False,
            }
            try:
                if mode == "explain":
                    stream = ai.explain(deps, None, qid, reasoning=reasoning)
                    for _ in stream.chunks():
                        pass
                    r = stream.result
                    item.update(
                        ok=not r.error and not r.flagged,
                        text=r.fallback or r.text,
                        error=r.error or None,
                        tokens=r.tokens,
                        cost=r.cost,
                        latency_ms=round(r.latency_ms, 1),
                        cached=r.cached,
                        flagged=r.flagged,
                    )
                else:
                    h = ai.preview_hint(deps, qid)
                    item.update(
                        ok=not h.error, text=h.text, error=h.error or None, flagged=h.generic
                    )
            except LLMError as e:
                item["error"] = e.message
            out.append(item)
    finally:
        ctx.dispose()
    if as_json:
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for item in out:
            head = f"[{item['question_id']}] {item['mode']}"
            typer.echo(f"{head}: {'OK' if item['ok'] else item['error'] or 'flagged'}")
            typer.echo(item["text"])
            typer.echo("")
    if not all(i["ok"] for i in out):
        raise typer.Exit(1)


@llm_app.command("usage")
def llm_usage(
    since: Annotated[str | None, typer.Option(help="YYYY-MM-DD (Asia/Seoul) 이후")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON으로 출력")] = False,
) -> None:
    """모델 호출 수, 토큰, 비용, 오류 (목적별, 모델별)."""
    import datetime as _dt

    from tutor.services.llm_admin import usage

    start = None
    if since:
        try:
            day = _dt.date.fromisoformat(since)
        except ValueError:
            raise _fail(f"--since는 YYYY-MM-DD 형식이어야 합니다: {since}", 2) from None
        start = _dt.datetime.combine(day, _dt.time(), get_settings().tz).astimezone(_dt.UTC)
    ctx = _ctx()
    try:
        with ctx.uow() as s:
            data = usage(s, None, start)
    finally:
        ctx.dispose()
    keys = (
        "calls",
        "prompt_tokens",
        "completion_tokens",
        "cost",
        "errors",
        "by_purpose",
        "by_model",
    )
    summary = {k: data[k] for k in keys}
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    typer.echo(
        f"호출 {data['calls']} · 입력 {data['prompt_tokens']:,} · 출력 "
        f"{data['completion_tokens']:,} 토큰 · 비용 {data['cost']:.4f} · 오류 {data['errors']}"
    )
    for k, v in data["by_purpose"].items():
        typer.echo(f"  {k:<8} {v['calls']:>5}회  {v['cost']:.4f}  p95 {v['p95_latency_ms']} ms")
