"""Composition root: wires settings, engine, session factory and clock once per process."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tutor.config import Settings, get_settings
from tutor.db.engine import make_engine, make_session_factory, session_scope
from tutor.services.clock import SYSTEM_CLOCK, Clock


@dataclass
class AppContext:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Clock = field(default=SYSTEM_CLOCK)

    @contextmanager
    def uow(self) -> Iterator[Session]:
        """One unit of work per user action."""
        with session_scope(self.sessions) as s:
            yield s

    def dispose(self) -> None:
        self.engine.dispose()


def bootstrap(settings: Settings | None = None, *, clock: Clock = SYSTEM_CLOCK) -> AppContext:
    settings = settings or get_settings()
    path = settings.sqlite_path()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url(), echo=settings.sql_echo)
    return AppContext(settings, engine, make_session_factory(engine), clock)
