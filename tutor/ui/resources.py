"""Process-wide resources (st.cache_resource): one engine/session factory per database URL."""

from __future__ import annotations

import streamlit as st

from tutor.bootstrap import AppContext, bootstrap
from tutor.config import get_settings
from tutor.db import migrate
from tutor.llm.client import LLMClient
from tutor.services import llm_admin
from tutor.services.ai import AIDeps
from tutor.services.llm_admin import ModelConfig


@st.cache_resource(show_spinner=False)
def _app_for(database_url: str) -> AppContext:
    settings = get_settings()
    return bootstrap(settings)


def get_app() -> AppContext:
    return _app_for(get_settings().database_url)


@st.cache_resource(show_spinner=False, ttl=60)
def schema_status(database_url: str) -> tuple[str | None, str | None]:
    """(current, head) revision; rechecked every minute, not every rerun."""
    app = _app_for(database_url)
    return migrate.current_revision(app.engine), migrate.head_revision()


@st.cache_resource(show_spinner=False, max_entries=4)
def _client_for(fingerprint: tuple[str, ...], _cfg: ModelConfig) -> LLMClient:
    """One client per process and configuration (the fingerprint is the cache key)."""
    return llm_admin.make_client(_cfg)


def get_ai() -> AIDeps:
    """The AI dependencies for this rerun: the default provider or TUTOR_LLM_*, or offline."""
    app = get_app()
    with app.uow() as s:
        cfg = llm_admin.resolve(s, app.settings)
    if cfg is None:
        return AIDeps(uow=app.uow, client=None, clock=app.clock)
    client = _client_for(cfg.fingerprint(), cfg)
    return AIDeps(
        uow=app.uow,
        client=client,
        banks_dir=app.settings.banks_dir,
        provider=cfg.provider,
        price_in=cfg.price_in,
        price_out=cfg.price_out,
        clock=app.clock,
    )
