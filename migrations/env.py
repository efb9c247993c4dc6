"""Alembic environment. The URL comes from the caller (tutor.db.migrate) or Settings."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from tutor.db.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from tutor.bootstrap import bootstrap

    app = bootstrap()
    try:
        with app.engine.begin() as conn:
            _run(conn)
    finally:
        app.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run against a database")
run_migrations_online()
