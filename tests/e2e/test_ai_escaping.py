"""In Chromium: model text with HTML/script is shown as text and never runs; Markdown renders."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_journey import _backend, _full_page_screenshot, _sign_up, _start_practice
from tests.llm_sim import ModelSim, Reply
from tutor.bootstrap import AppContext

pytestmark = pytest.mark.browser
UI = 20_000
EVIL = (
    '**③**이 정답입니다. <img src=x onerror="window.__pwned=1">'
    "<script>window.__pwned=2</script><b>굵은태그</b>"
)


@pytest.fixture
def ai_sim(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModelSim]:
    with ModelSim() as sim:
        sim.responder = lambda body: Reply(content=EVIL, chunk=7)
        monkeypatch.setenv("TUTOR_LLM_BASE_URL", sim.url)
        monkeypatch.setenv("TUTOR_LLM_PRESET", "vllm-exaone4")
        monkeypatch.setenv("TUTOR_LLM_MODEL", sim.model)
        yield sim


def test_model_html_is_escaped_in_the_browser(
    db: AppContext, ai_sim: ModelSim, live_server: str, page: Page, artifacts: Path
) -> None:
    backend = _backend(db)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _sign_up(page, live_server, "에이아이", f"ai-{backend}@example.com", "ai-escape-pass")
    _start_practice(page)
    page.get_by_test_id("stRadio").locator("label").filter(has_text="③ 셋").click()
    page.get_by_role("button", name="제출").click()
    expect(page.get_by_text("정답입니다").first).to_be_visible(timeout=UI)
    page.get_by_role("button", name="AI 해설").click()
    shown = page.get_by_text(re.compile(r"<img src=x onerror="))
    expect(shown.first).to_be_visible(timeout=UI)
    expect(page.get_by_text(re.compile(r"<script>window.__pwned=2</script>")).first).to_be_visible()
    assert page.evaluate("() => window.__pwned === undefined")
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("b", has_text="굵은태그").count() == 0  # the tag is text, not markup
    expect(page.locator("strong", has_text="③").first).to_be_visible()  # Markdown still renders
    assert dialogs == []
    _full_page_screenshot(page, artifacts / f"ai-{backend}-escaped.png")
    assert any(r.path.endswith("/chat/completions") for r in ai_sim.requests)
