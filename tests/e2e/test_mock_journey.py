"""A 1/4-scale 관세사 mock exam in Chromium: answer, reload mid-way (time and answers kept),
submit both 교시, read the verdict. Screenshots under tests/artifacts/."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import BUNDLED_BANKS
from tests.e2e.test_journey import _backend, _full_page_screenshot, _sign_up
from tutor.bootstrap import AppContext
from tutor.services.banks import load_path

pytestmark = pytest.mark.browser
UI = 20_000
PASSWORD = "mock-exam-pass-1"


@pytest.fixture
def customs(seeded: AppContext, tmp_path: Path) -> AppContext:
    """Only the reviewed 관세사 core bank, whatever else question_banks/ holds."""
    dst = tmp_path / "banks" / "customs-broker"
    dst.mkdir(parents=True)
    for name in ("exam.yaml", "core.yaml"):
        shutil.copy(BUNDLED_BANKS / "customs-broker" / name, dst / name)
    with seeded.uow() as s:
        load_path(s, dst.parent)
    return seeded


def _idle(page: Page) -> None:
    expect(
        page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')
    ).to_have_count(1, timeout=UI)


def _remaining_seconds(page: Page) -> int:
    text = page.get_by_text(re.compile(r"남은 시간 \d")).first.inner_text()
    m = re.search(r"(\d+):(\d{2})(?::(\d{2}))?", text)
    assert m, text
    parts = [int(x) for x in m.groups() if x is not None]
    return (
        parts[0] * 60 + parts[1] if len(parts) == 2 else parts[0] * 3600 + parts[1] * 60 + parts[2]
    )


def _answer_period(page: Page, first: int, count: int, choice: str) -> None:
    """Answer `count` questions of the open 교시 (numbered from `first`) with the same option,
    moving with 다음 ▶; each answer must show on the answer sheet before moving on."""
    sheet = page.locator(".st-key-answer_sheet")
    question = page.locator(".st-key-mock_question")
    for n in range(first, first + count):
        # the bold number heading the question, not any "22." inside the previous stem
        expect(question.locator("strong").first).to_have_text(f"{n}.", timeout=UI)
        _idle(page)
        question.get_by_test_id("stRadio").locator("label").filter(has_text=choice).first.click()
        expect(sheet.get_by_role("button", name=re.compile(rf"^{n}{choice}"))).to_be_visible(
            timeout=UI
        )
        if n < first + count - 1:
            _idle(page)
            page.get_by_role("button", name="다음 ▶").click()


def _sign_in(page: Page, email: str) -> None:
    page.get_by_label("이메일", exact=True).fill(email)
    page.get_by_label("비밀번호", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()


def test_quarter_customs_mock_to_verdict(
    db: AppContext, customs: AppContext, live_server: str, page: Page, artifacts: Path
) -> None:
    backend = _backend(db)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    email = f"mock-{backend}@example.com"
    _sign_up(page, live_server, "모의수험생", email, PASSWORD)
    page.get_by_role("link", name="모의고사").click()
    expect(page.get_by_role("heading", name="모의고사", exact=True)).to_be_visible(timeout=UI)
    exam = page.get_by_role("combobox", name="시험", exact=True)
    exam.click()
    page.get_by_role("option", name="관세사 제1차 시험").click()
    _idle(page)
    # 1/4 of the official blueprint: 10 per subject, 20 minutes per 교시 (80 / 4)
    expect(
        page.get_by_text(re.compile(r"1교시: 관세법개론 10, 무역영어 10.*· 20분"))
    ).to_be_visible()
    _idle(page)
    page.get_by_role("button", name="모의고사 시작").click()
    expect(page.get_by_text("답안 표기란")).to_be_visible(timeout=UI)
    _idle(page)
    sheet = page.locator(".st-key-answer_sheet").get_by_role("button")
    n1 = sheet.count()
    assert n1 >= 15, n1  # 10 관세법개론 + up to 10 무역영어 (the bank may be short)
    before = _remaining_seconds(page)
    assert 19 * 60 < before <= 20 * 60

    _answer_period(page, 1, 5, "②")
    expect(page.locator(".st-key-answer_sheet").get_by_role("button", name="3②")).to_be_visible()
    _idle(page)
    page.get_by_role("button", name="☆ 검토 표시").click()
    _idle(page)
    _full_page_screenshot(page, artifacts / f"mock-{backend}-screen.png")

    # Reload: still signed in (the browser's token), and the server kept the 교시, its time
    # and every answer.
    page.wait_for_timeout(1500)
    page.reload()
    expect(page.get_by_text("답안 표기란")).to_be_visible(timeout=UI)
    expect(page.get_by_label("비밀번호", exact=True)).to_have_count(0)
    _idle(page)
    sheet = page.locator(".st-key-answer_sheet")
    for n in range(1, 6):
        expect(sheet.get_by_role("button", name=re.compile(rf"^{n}②"))).to_be_visible()
    expect(sheet.get_by_role("button", name="5②★")).to_be_visible()
    after = _remaining_seconds(page)
    assert after < before, (before, after)  # the clock kept running on the server
    assert before - after < 120

    _idle(page)
    page.get_by_role("button", name="답안 제출").click()
    expect(page.get_by_text(re.compile(rf"안 푼 문항이 {n1 - 5}개 있습니다"))).to_be_visible()
    _idle(page)
    page.get_by_role("button", name="제출합니다").click()
    expect(
        page.get_by_text(re.compile(r"1교시 제출 완료. 다음은 2교시 \(20문항, 20분\)"))
    ).to_be_visible(timeout=UI)
    _idle(page)
    page.get_by_role("button", name="2교시 시작").click()
    expect(page.get_by_text("답안 표기란")).to_be_visible(timeout=UI)
    _idle(page)
    _answer_period(page, n1 + 1, 3, "①")
    _idle(page)
    page.get_by_role("button", name="답안 제출").click()
    _idle(page)
    page.get_by_role("button", name="제출합니다").click()

    expect(page.get_by_role("heading", name="모의고사 결과")).to_be_visible(timeout=UI)
    # 8 of ~40 answered: the verdict must be 불합격 with its reasons, and all 8 answers kept
    expect(page.get_by_text("불합격").first).to_be_visible()
    answered = page.get_by_test_id("stMetric").filter(has_text="정답/문항")
    expect(answered).to_be_visible()
    review = page.get_by_test_id("stExpander")
    expect(review).to_have_count(n1 + 20, timeout=UI)
    expect(page.get_by_text(re.compile(r"과락"))).not_to_have_count(0)
    for subject in ("관세법개론", "무역영어", "내국소비세법", "회계학"):
        expect(
            page.get_by_role("gridcell", name=subject).or_(page.get_by_text(subject)).first
        ).to_be_visible()
    page.wait_for_timeout(800)  # let the verdict chart draw before the screenshot
    _full_page_screenshot(page, artifacts / f"mock-{backend}-verdict.png")
    assert errors == [], errors

    # Signing out ends the browser's sign-in: a reload shows the sign-in form again.
    _idle(page)
    page.get_by_role("button", name="로그아웃").click()
    expect(page.get_by_role("button", name="로그인")).to_be_visible(timeout=UI)
    page.wait_for_timeout(1000)
    page.reload()
    expect(page.get_by_role("button", name="로그인")).to_be_visible(timeout=UI)
    _sign_in(page, email)  # back on the page the URL names (the mock-exam verdict)
    expect(page.get_by_role("button", name="로그아웃")).to_be_visible(timeout=UI)
    expect(page.get_by_role("heading", name="모의고사 결과")).to_be_visible(timeout=UI)
