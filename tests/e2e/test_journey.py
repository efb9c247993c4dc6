"""A learner's first visit, in a real browser: sign up → practise 3 questions → progress.

Runs once per database backend (the `db` fixture): a live `streamlit run app.py` against
the fixture bank (tests/fixtures/banks), driven by headless Chromium via Playwright.
Screenshots go to tests/artifacts/journey-<backend>-{feedback,progress}.png.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tutor.bootstrap import AppContext

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Without playwright the tests/conftest.py `browser` gate skips this (and fails in CI);
# importorskip keeps the module importable so that gate gets to decide.
expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser

EXAM = "시험용 모의 자격시험"
# Streamlit reruns asynchronously: every wait is bounded, none is a sleep.
UI = 30_000  # ms for an ordinary rerun (generous: CI machines are often loaded)
FIRST_LOAD = 60_000  # ms for the first page load (imports, DB engine)
ANSWERED = 3
PLANNED = 4  # in bank order: s-law-1..4, so the 4th question is the <script> stem
SCRIPT_STEM = "<script>alert('x')</script> 이 문장은 참이다."


def _click_option(text: str) -> Callable[[Page], None]:
    """Radio options and checkboxes are labels: click the visible option text."""

    def act(page: Page) -> None:
        idle(page)
        page.get_by_text(text, exact=True).click()

    return act


def _click_options(*texts: str) -> Callable[[Page], None]:
    def act(page: Page) -> None:
        for text in texts:
            idle(page)
            page.get_by_text(text, exact=True).click()

    return act


def _type_answer(value: str) -> Callable[[Page], None]:
    def act(page: Page) -> None:
        page.get_by_label("답 입력").fill(value)

    return act


# The fixture bank's keys (they are also written in the stems), by external id, so the
# journey copes with whatever question (and type) the app shows next.
ANSWERS: dict[str, Callable[[Page], None]] = {
    "s-law-1": _click_option("③ 셋"),
    "s-law-2": _click_option("② 둘"),
    "s-law-3": _click_options("① 하나", "⑤ 다섯"),
    "s-law-4": _click_option("O (맞다)"),
    "s-calc-1": _type_answer("144"),
    "s-calc-2": _type_answer("서울"),
    "s-calc-3": _click_option("① 가"),
    "s-calc-4": _click_option("⑤ 4"),
}
QUESTION_ID = re.compile(r"s-(law|calc)-\d\b")


def idle(page: Page) -> None:
    """Wait until Streamlit has finished the current run: a click that lands while the page
    is being rebuilt can hit an element that is about to be replaced."""
    expect(
        page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')
    ).to_have_count(1, timeout=UI)


def _backend(db: AppContext) -> str:
    return "pg" if db.engine.dialect.name == "postgresql" else "sqlite"


def _current_question(page: Page, position: int) -> str:
    """Wait for question `position` (1-based) and return its external id."""
    caption = page.get_by_text(re.compile(rf"^문항 {position}/{PLANNED} · .*문항 ID s-"))
    expect(caption).to_be_visible(timeout=UI)
    found = QUESTION_ID.search(caption.inner_text())
    assert found, caption.inner_text()
    return found.group(0)


def _assert_script_stem_inert(page: Page, dialogs: list[str]) -> None:
    """s-law-4's stem contains <script>: it must show as text, never run or be markup."""
    expect(page.get_by_text(SCRIPT_STEM, exact=True)).to_be_visible(timeout=UI)
    assert page.locator("script", has_text="alert('x')").count() == 0
    assert page.evaluate("() => document.body.innerHTML.includes(\"<script>alert('x')\")") is False
    assert dialogs == [], f"a bank stem opened a dialog: {dialogs}"


def _full_page_screenshot(page: Page, path: Path) -> None:
    """Streamlit scrolls inside its main container, so `full_page` alone captures only the
    viewport: grow the viewport to the content's height for the shot, then restore it."""
    viewport = page.viewport_size or {"width": 1280, "height": 900}
    height = page.evaluate(
        """() => Math.max(document.documentElement.scrollHeight, ...Array.from(
            document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"]'),
            (e) => e.scrollHeight))"""
    )
    page.set_viewport_size({"width": viewport["width"], "height": max(viewport["height"], height)})
    try:
        page.screenshot(path=path, full_page=True, animations="disabled")
    finally:
        page.set_viewport_size(viewport)


def _sign_up(page: Page, base: str, name: str, email: str, password: str) -> None:
    page.goto(f"{base}/signup")
    form = page.get_by_test_id("stForm")
    expect(form.get_by_role("heading", name="회원가입")).to_be_visible(timeout=FIRST_LOAD)
    form.get_by_label("이름", exact=True).fill(name)
    form.get_by_label("이메일", exact=True).fill(email)
    form.get_by_label("비밀번호", exact=True).fill(password)
    form.get_by_label("비밀번호 확인", exact=True).fill(password)
    expect(form.get_by_label("이메일", exact=True)).to_have_value(email)
    idle(page)
    form.get_by_role("button", name="가입하기").click()


def _start_practice(page: Page) -> None:
    expect(page.get_by_role("heading", name="과목별 연습")).to_be_visible(timeout=UI)
    exam = page.get_by_role("combobox", name="시험", exact=True)
    expect(exam).to_have_value(re.compile(rf"^{EXAM} \(8\)$"), timeout=UI)
    form = page.get_by_test_id("stForm")
    count = form.get_by_label("문항 수", exact=True)
    count.fill(str(PLANNED))
    count.press("Tab")
    expect(count).to_have_value(str(PLANNED), timeout=UI)
    form.get_by_text("은행 순서대로", exact=True).click()
    expect(form.get_by_role("radio", name="은행 순서대로")).to_be_checked(timeout=UI)
    idle(page)
    form.get_by_role("button", name="연습 시작").click()


def test_learner_journey(db: AppContext, live_server: str, page: Page, artifacts: Path) -> None:
    backend = _backend(db)
    try:
        _journey(page, live_server, backend, artifacts)
    except BaseException:
        # Leave evidence for whoever reads the CI run (tests/artifacts is kept as an artifact).
        failure = artifacts / f"journey-{backend}-failure.png"
        try:
            _full_page_screenshot(page, failure)
        except Exception as e:  # noqa: BLE001 - never mask the real failure
            print(f"could not save {failure.name}: {e}")
        else:
            print(f"page at failure: {page.url} -> {failure}")
        raise


def _journey(page: Page, live_server: str, backend: str, artifacts: Path) -> None:
    dialogs: list[str] = []

    def on_dialog(d: Any) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page_errors: list[str] = []
    page.on("pageerror", lambda e: page_errors.append(str(e)))

    _sign_up(page, live_server, "김학생", f"learner-{backend}@example.com", "correct-horse-42")
    # The default page (연습) is served at the root URL, not /practice.
    expect(page).to_have_url(re.compile(r"/(practice)?$"), timeout=UI)
    expect(page.get_by_text("김학생 · 수험생")).to_be_visible(timeout=UI)

    _start_practice(page)

    for position in range(1, ANSWERED + 1):
        ext = _current_question(page, position)
        # The previous question's feedback must be gone before we answer this one.
        expect(page.get_by_role("button", name="다음 문제")).to_have_count(0, timeout=UI)
        expect(page.get_by_role("button", name="제출")).to_be_visible(timeout=UI)
        if ext == "s-law-4":
            _assert_script_stem_inert(page, dialogs)
        ANSWERS[ext](page)
        idle(page)
        page.get_by_role("button", name="제출").click()
        expect(page.get_by_role("button", name="다음 문제")).to_be_visible(timeout=UI)
        verdict = page.get_by_test_id("stAlert")
        expect(verdict).to_have_count(1, timeout=UI)
        expect(verdict).to_contain_text("정답입니다")
        expect(page.get_by_text("해설", exact=True)).to_be_visible(timeout=UI)
        if position == 1:
            expect(verdict).to_contain_text("정답: ③")
            _full_page_screenshot(page, artifacts / f"journey-{backend}-feedback.png")
        idle(page)
        page.get_by_role("button", name="다음 문제").click()

    # The 4th question is s-law-4 in bank order: check the <script> stem, then stop here.
    ext = _current_question(page, ANSWERED + 1)
    if ext == "s-law-4":
        _assert_script_stem_inert(page, dialogs)
    idle(page)
    page.get_by_role("button", name="세션 끝내기").click()
    expect(page.get_by_role("heading", name="세션 결과")).to_be_visible(timeout=UI)
    score = page.get_by_test_id("stMetric").filter(has_text="점수")
    expect(score.get_by_test_id("stMetricValue")).to_have_text(f"{ANSWERED}/{PLANNED}")

    page.get_by_role("link", name=re.compile("학습 기록")).click()
    expect(page).to_have_url(re.compile(r"/progress$"), timeout=UI)
    expect(page.get_by_role("heading", name="학습 기록")).to_be_visible(timeout=UI)
    answered = page.get_by_test_id("stMetric").filter(has_text="푼 문제")
    expect(answered.get_by_test_id("stMetricValue")).to_have_text(str(ANSWERED), timeout=UI)
    sessions = page.get_by_test_id("stMetric").filter(has_text="세션")
    expect(sessions.get_by_test_id("stMetricValue")).to_have_text("1")

    expect(page.get_by_role("heading", name="최근 세션")).to_be_visible()
    row = page.get_by_text(
        re.compile(rf"· {EXAM} · {PLANNED}문항 중 {ANSWERED}문항 풀이 · {ANSWERED}개 정답")
    )
    expect(row).to_have_count(1, timeout=UI)
    expect(page.get_by_role("link", name=re.compile("복습"))).to_have_count(1)
    # Both Altair charts (by subject, over time) have drawn before the screenshot.
    charts = page.get_by_test_id("stVegaLiteChart")
    expect(charts).to_have_count(2, timeout=UI)
    for i in range(2):
        expect(charts.nth(i).locator("canvas, svg").first).to_be_visible(timeout=UI)
    _full_page_screenshot(page, artifacts / f"journey-{backend}-progress.png")

    assert dialogs == []
    assert page_errors == [], f"JavaScript errors in the page: {page_errors}"
