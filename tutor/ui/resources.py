"""Process-wide resources (st.cache_resource): one engine/session factory per database URL."""

from __future__ import annotations

import streamlit as st

from tutor.bootstrap import AppContext, bootstrap
from tutor.config import get_settings
from tutor.db import migrate


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
