"""Migrations upgrade an empty database and downgrade back; models and migrations agree."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from tutor.bootstrap import AppContext
from tutor.db import migrate
from tutor.db.models import Base


def test_models_and_migrations_agree(db: AppContext) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert diff == [], f"models differ from migrations: {diff}"


def test_downgrade_to_empty_and_back(db: AppContext) -> None:
    migrate.downgrade(db.engine, "base")
    try:
        tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
        assert migrate.current_revision(db.engine) is None
    finally:
        migrate.upgrade(db.engine)
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    assert {"users", "attempts", "questions"} <= set(inspect(db.engine).get_table_names())


def test_sqlite_pragmas(_sqlite_ctx: AppContext) -> None:
    """SQLite only: WAL and foreign keys are on for every connection."""
    with _sqlite_ctx.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
