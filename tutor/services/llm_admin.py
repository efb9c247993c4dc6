"""Model providers (admin), the resolved configuration, and usage statistics.

API keys are kept only in the environment (.env / the process environment), never in the
database: a provider row stores the *name* of the variable that holds its key. That keeps
keys out of the database and its backups without inventing our own encryption (whose key
would have to live in the environment anyway).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import statistics
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tutor.config import Settings
from tutor.db.models import LLMCall, LLMProvider
from tutor.llm.client import ClientConfig, LLMClient
from tutor.llm.presets import PRESETS, get_preset
from tutor.services import audit
from tutor.services.accounts import authorize
from tutor.services.clock import SYSTEM_CLOCK, Clock
from tutor.services.errors import InvalidInput, NotFound


@dataclass(frozen=True, slots=True)
class ModelConfig:
    provider: str
    preset: str
    base_url: str
    model: str
    api_key: str | None
    price_in: float
    price_out: float

    def fingerprint(self) -> tuple[str, ...]:
        return (
            self.provider,
            self.preset,
            self.base_url,
            self.model,
            str(bool(self.api_key)),
            str(hash(self.api_key)),
            str(self.price_in),
            str(self.price_out),
        )


def resolve(s: Session | None, settings: Settings) -> ModelConfig | None:
    """The default provider row if an admin set one, else TUTOR_LLM_* from the environment,
    else None (AI features off)."""
    if s is not None:
        row = s.scalar(select(LLMProvider).where(LLMProvider.is_default.is_(True)))
        if row is not None:
            key = os.environ.get(row.api_key_env) if row.api_key_env else None
            return ModelConfig(
                row.name,
                row.preset,
                row.base_url,
                row.model,
                key,
                row.price_input_per_m,
                row.price_output_per_m,
            )
    if not settings.llm_base_url:
        return None
    preset = get_preset(settings.llm_preset)
    model = settings.llm_model or (preset.models[0] if preset.models else "")
    if not model:
        return None
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    return ModelConfig(
        "env",
        preset.name,
        settings.llm_base_url,
        model,
        key,
        settings.llm_price_input_per_m
        if settings.llm_price_input_per_m is not None
        else preset.price_input_per_m,
        settings.llm_price_output_per_m
        if settings.llm_price_output_per_m is not None
        else preset.price_output_per_m,
    )


def make_client(cfg: ModelConfig, **kw: Any) -> LLMClient:
    return LLMClient(
        ClientConfig(
            base_url=cfg.base_url,
            model=cfg.model,
            preset=get_preset(cfg.preset),
            api_key=cfg.api_key,
            **kw,
        )
    )


# ---------------------------------------------------------------------- providers (admin)


@dataclass(frozen=True, slots=True)
class ProviderInfo:
    id: int
    name: str
    preset: str
    base_url: str
    model: str
    api_key_env: str | None
    key_present: bool  # whether that variable is set — never the key itself
    price_in: float
    price_out: float
    is_default: bool


def list_providers(s: Session, actor_id: int) -> list[ProviderInfo]:
    authorize(s, actor_id, "admin")
    return [
        ProviderInfo(
            p.id,
            p.name,
            p.preset,
            p.base_url,
            p.model,
            p.api_key_env,
            bool(p.api_key_env and os.environ.get(p.api_key_env)),
            p.price_input_per_m,
            p.price_output_per_m,
            p.is_default,
        )
        for p in s.scalars(select(LLMProvider).order_by(LLMProvider.id))
    ]


def save_provider(
    s: Session,
    actor_id: int,
    *,
    name: str,
    preset: str,
    base_url: str,
    model: str,
    api_key_env: str | None,
    price_in: float,
    price_out: float,
    make_default: bool,
    clock: Clock = SYSTEM_CLOCK,
) -> None:
    authorize(s, actor_id, "admin")
    name, base_url, model = name.strip(), base_url.strip(), model.strip()
    if not name or not model:
        raise InvalidInput("이름과 모델을 입력하세요")
    if preset not in PRESETS:
        raise InvalidInput(f"프리셋은 {', '.join(PRESETS)} 중 하나입니다")
    if not base_url.startswith(("http://", "https://")):
        raise InvalidInput("base URL은 http:// 또는 https://로 시작해야 합니다")
    env = (api_key_env or "").strip() or None
    if env is not None and not (env.startswith("TUTOR_") and env.replace("_", "").isalnum()):
        raise InvalidInput(
            "키 변수 이름은 TUTOR_로 시작하는 환경 변수 이름이어야 합니다 "
            "(키 자체는 여기에 쓰지 않습니다)"
        )
    if price_in < 0 or price_out < 0:
        raise InvalidInput("가격은 0 이상이어야 합니다")
    row = s.scalar(select(LLMProvider).where(LLMProvider.name == name))
    if row is None:
        row = LLMProvider(name=name, created_at=clock.now())
        s.add(row)
    row.preset, row.base_url, row.model, row.api_key_env = preset, base_url, model, env
    row.price_input_per_m, row.price_output_per_m = price_in, price_out
    if make_default:
        for other in s.scalars(select(LLMProvider).where(LLMProvider.is_default.is_(True))):
            other.is_default = False
        row.is_default = True
    audit.record(
        s,
        "llm.provider",
        actor_id=actor_id,
        target=name,
        detail={"preset": preset, "base_url": base_url, "model": model, "default": make_default},
        at=clock.now(),
    )


def clear_default(s: Session, actor_id: int) -> None:
    authorize(s, actor_id, "admin")
    for p in s.scalars(select(LLMProvider).where(LLMProvider.is_default.is_(True))):
        p.is_default = False


def delete_provider(s: Session, actor_id: int, provider_id: int) -> None:
    authorize(s, actor_id, "admin")
    p = s.get(LLMProvider, provider_id)
    if p is None:
        raise NotFound("제공자가 없습니다")
    s.delete(p)


# ---------------------------------------------------------------------------- usage


def _pct(values: list[float], q: int) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def usage(s: Session, actor_id: int | None, since: dt.datetime | None = None) -> dict[str, Any]:
    """Totals and breakdowns (per purpose, per model, per day) with latency percentiles.
    actor_id None: the operator's CLI."""
    if actor_id is not None:
        authorize(s, actor_id, "admin")
    stmt = select(LLMCall)
    if since is not None:
        stmt = stmt.where(LLMCall.created_at >= since)
    calls = list(s.scalars(stmt.order_by(LLMCall.created_at)))

    def summary(rows: list[LLMCall]) -> dict[str, Any]:
        lat = [r.latency_ms for r in rows if r.status == "ok" and not r.cache_hit]
        return {
            "calls": len(rows),
            "prompt_tokens": sum(r.prompt_tokens for r in rows),
            "completion_tokens": sum(r.completion_tokens for r in rows),
            "cost": round(sum(r.cost for r in rows), 6),
            "errors": sum(1 for r in rows if r.status == "error"),
            "refused": sum(1 for r in rows if r.status == "refused"),
            "cache_hits": sum(1 for r in rows if r.cache_hit),
            "p50_latency_ms": round(_pct(lat, 50), 1),
            "p95_latency_ms": round(_pct(lat, 95), 1),
        }

    def group(key: Any) -> dict[str, Any]:
        buckets: dict[str, list[LLMCall]] = {}
        for r in calls:
            buckets.setdefault(str(key(r)), []).append(r)
        return {k: summary(v) for k, v in sorted(buckets.items())}

    from zoneinfo import ZoneInfo

    seoul = ZoneInfo("Asia/Seoul")
    return {
        **summary(calls),
        "by_purpose": group(lambda r: r.purpose),
        "by_model": group(lambda r: r.model),
        "by_day": group(lambda r: r.created_at.astimezone(seoul).date().isoformat()),
    }


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A spreadsheet never runs a cell we export: text starting like a formula is quoted."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def usage_csv(s: Session, actor_id: int, since: dt.datetime | None = None) -> str:
    authorize(s, actor_id, "admin")
    stmt = select(LLMCall).order_by(LLMCall.created_at)
    if since is not None:
        stmt = stmt.where(LLMCall.created_at >= since)
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(
        [
            "created_at",
            "user_id",
            "purpose",
            "provider",
            "model",
            "reasoning",
            "prompt_tokens",
            "completion_tokens",
            "cost",
            "latency_ms",
            "status",
            "cache_hit",
            "error",
        ]
    )
    for r in s.scalars(stmt):
        w.writerow(
            [
                safe_cell(v)
                for v in (
                    r.created_at.isoformat(),
                    r.user_id,
                    r.purpose,
                    r.provider,
                    r.model,
                    r.reasoning,
                    r.prompt_tokens,
                    r.completion_tokens,
                    r.cost,
                    round(r.latency_ms, 1),
                    r.status,
                    r.cache_hit,
                    r.error or "",
                )
            ]
        )
    return out.getvalue()
