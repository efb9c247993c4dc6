"""Fixtures for browser end-to-end tests: a live `streamlit run app.py` and a Chromium page.

The server runs as a subprocess against the `db` fixture's database (migrated by the
shared conftest) with the small fixture bank loaded and an admin created, so the
first-run screen is skipped and anonymous visitors land on sign-in / sign-up.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tutor.bootstrap import AppContext

# Same values as tests/conftest.py (not imported: that file is loaded as a conftest plugin).
ROOT = Path(__file__).resolve().parents[2]
FIXTURE_BANKS = ROOT / "tests" / "fixtures" / "banks"
CHROMIUM = os.environ.get("TUTOR_TEST_CHROMIUM", "/usr/bin/chromium")

STARTUP_TIMEOUT = 60.0
SHUTDOWN_TIMEOUT = 10.0
ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "admin-password-123"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:  # noqa: S310 - local URL
            return bool(resp.status == 200 and resp.read().strip() == b"ok")
    except (urllib.error.URLError, OSError):
        return False


def _tail(path: Path, limit: int = 4000) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no output)"
    return text[-limit:] or "(empty)"


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=SHUTDOWN_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=SHUTDOWN_TIMEOUT)


@pytest.fixture
def seeded(db: AppContext) -> AppContext:
    """The test database with the fixture bank loaded and an admin account."""
    from tutor.services.accounts import create_user
    from tutor.services.banks import load_path

    with db.uow() as s:
        load_path(s, FIXTURE_BANKS)
        create_user(s, ADMIN_EMAIL, ADMIN_PASSWORD, "admin", display_name="관리자", actor_id=None)
    return db


@pytest.fixture
def live_server(seeded: AppContext) -> Iterator[str]:
    """Start `streamlit run app.py` on a free port; yield its base URL; stop it afterwards."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "TUTOR_DATABASE_URL": seeded.settings.database_url,
        "TUTOR_BANKS_DIR": str(FIXTURE_BANKS),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("TUTOR_SQL_ECHO", None)
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    with tempfile.TemporaryDirectory(prefix="e2e-streamlit-") as tmp:
        out_path, err_path = Path(tmp) / "stdout.log", Path(tmp) / "stderr.log"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=err)
            try:
                deadline = time.monotonic() + STARTUP_TIMEOUT
                while not _healthy(f"{base}/_stcore/health"):
                    if proc.poll() is not None:
                        pytest.fail(
                            f"streamlit exited with code {proc.returncode} before it was "
                            f"healthy.\nstderr:\n{_tail(err_path)}\nstdout:\n{_tail(out_path)}"
                        )
                    if time.monotonic() > deadline:
                        pytest.fail(
                            f"streamlit not healthy at {base} after {STARTUP_TIMEOUT:.0f}s."
                            f"\nstderr:\n{_tail(err_path)}\nstdout:\n{_tail(out_path)}"
                        )
                    time.sleep(0.2)
                yield base
            finally:
                _stop(proc)
                # Shown by pytest only when the test failed: the server's side of the story.
                print(f"--- streamlit stderr (exit {proc.returncode}) ---\n{_tail(err_path)}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Debian Chromium for the whole run (Playwright's sync API)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context and page per test (no shared cookies or session state)."""
    context = browser.new_context(viewport=VIEWPORT, locale="ko-KR", timezone_id="Asia/Seoul")
    context.set_default_timeout(15_000)
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()
