"""Shared fixtures: a fresh database per run on SQLite and PostgreSQL, clean between tests.

PostgreSQL and Chromium are required in CI (CI=true): if either is missing there, the
run fails. Elsewhere those tests are skipped and one line says so.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tutor.bootstrap import AppContext, bootstrap
from tutor.config import Settings, get_settings
from tutor.db import migrate
from tutor.db.models import Base

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_BANKS = ROOT / "tests" / "fixtures" / "banks"
BUNDLED_BANKS = ROOT / "question_banks"
ARTIFACTS = ROOT / "tests" / "artifacts"
CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PG_ADMIN_URL = os.environ.get(
    "TUTOR_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
CHROMIUM = os.environ.get("TUTOR_TEST_CHROMIUM", "/usr/bin/chromium")

_missing: dict[str, str] = {}


def _pg_reason() -> str | None:
    try:
        eng = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with eng.connect() as c:
            c.execute(text("select 1"))
        eng.dispose()
        return None
    except Exception as e:  # noqa: BLE001 - any failure means "not available"
        return f"PostgreSQL at {PG_ADMIN_URL} not reachable ({type(e).__name__})"


def _chromium_reason() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM}"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


def pytest_configure(config: pytest.Config) -> None:
    for name, reason in (("pg", _pg_reason()), ("browser", _chromium_reason())):
        if reason:
            if CI:
                raise pytest.UsageError(f"CI requires {name} tests but: {reason}")
            _missing[name] = reason


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [f"SKIPPING {k} tests: {v}" for k, v in _missing.items()]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        for name, reason in _missing.items():
            if name in item.keywords:
                item.add_marker(pytest.mark.skip(reason=reason))


# ------------------------------------------------------------------------ databases


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("db") / f"tutor-{_worker()}.db"
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    name = f"tutor_test_{_worker()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _make_ctx(url: str) -> AppContext:
    ctx = bootstrap(Settings(database_url=url, banks_dir=FIXTURE_BANKS))
    migrate.upgrade(ctx.engine)
    return ctx


@pytest.fixture(scope="session")
def _sqlite_ctx(sqlite_url: str) -> Iterator[AppContext]:
    ctx = _make_ctx(sqlite_url)
    yield ctx
    ctx.dispose()


@pytest.fixture(scope="session")
def _pg_ctx(pg_url: str) -> Iterator[AppContext]:
    ctx = _make_ctx(pg_url)
    yield ctx
    ctx.dispose()


def clean(ctx: AppContext) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with ctx.engine.begin() as c:
        if ctx.engine.dialect.name == "postgresql":
            c.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for name in tables:
                c.execute(text(f"DELETE FROM {name}"))


@pytest.fixture(params=["sqlite", pytest.param("pg", marks=pytest.mark.pg)])
def db(request: pytest.FixtureRequest) -> Iterator[AppContext]:
    """A migrated, empty database; every test runs once on each backend."""
    ctx: AppContext = request.getfixturevalue(
        "_sqlite_ctx" if request.param == "sqlite" else "_pg_ctx"
    )
    clean(ctx)
    yield ctx
    clean(ctx)


@pytest.fixture
def loaded(db: AppContext) -> AppContext:
    """The database with the small fixture bank loaded."""
    from tutor.services.banks import load_path

    with db.uow() as s:
        load_path(s, FIXTURE_BANKS)
    return db


@pytest.fixture
def app_env(db: AppContext, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppContext]:
    """Point Settings (and so the Streamlit app) at the test database."""
    import streamlit as st

    monkeypatch.setenv("TUTOR_DATABASE_URL", db.settings.database_url)
    monkeypatch.setenv("TUTOR_BANKS_DIR", str(FIXTURE_BANKS))
    get_settings.cache_clear()
    st.cache_resource.clear()
    yield db
    st.cache_resource.clear()
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def bundled_copy(tmp_path: Path) -> Path:
    """A scratch copy of the bundled banks, for tests that edit files."""
    dst = tmp_path / "question_banks"
    shutil.copytree(BUNDLED_BANKS, dst)
    return dst
