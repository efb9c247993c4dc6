"""AppTest for every page, through the real router (app.py), on both databases."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tutor.bootstrap import AppContext
from tutor.db.models import Attempt
from tutor.services import accounts, practice
from tutor.services.banks import load_path
from tutor.ui.state import SignedIn

V = "tutor/ui/views/"


def make_app(user: accounts.UserInfo | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    if user is not None:
        at.session_state["auth_user"] = SignedIn(
            user.id, user.email, user.display_name, user.role, user.locale
        )
    at.run()
    if page is not None:
        at.switch_page(V + page).run()
    assert not at.exception, at.exception
    return at


def _admin(db: AppContext) -> accounts.UserInfo:
    with db.uow() as s:
        return accounts.create_user(
            s, "admin@example.com", "admin-pass-1", "admin", display_name="관리자", actor_id=None
        )


def _learner(db: AppContext, email: str = "kim@example.com") -> accounts.UserInfo:
    with db.uow() as s:
        return accounts.sign_up(s, email, "김수험", "correct-horse")


def _texts(at: AppTest) -> str:
    parts = (
        [m.value for m in at.markdown]
        + [e.value for e in at.error]
        + [e.value for e in at.info]
        + [e.value for e in at.success]
        + [e.value for e in at.warning]
        + [c.value for c in at.caption]
        + [t.value for t in at.title]
        + [h.value for h in at.subheader]
        + [m.label for m in at.metric]
        + [str(m.value) for m in at.metric]
    )
    return "\n".join(str(p) for p in parts)


def _shown(at: AppTest) -> str:
    """The text as a browser shows it (HTML entities decoded, Markdown escapes dropped)."""
    return html.unescape(_texts(at)).replace("\\", "")


# ------------------------------------------------------------------ first run, auth


def test_first_run_creates_the_admin_once(app_env: AppContext) -> None:
    at = make_app()
    assert "첫 설정" in _texts(at)
    at.text_input(key="fr_name").input("관리자")
    at.text_input(key="fr_email").input("admin@example.com")
    at.text_input(key="fr_pw1").input("admin-pass-1")
    at.text_input(key="fr_pw2").input("admin-pass-2")
    at.button[0].click().run()
    assert "두 비밀번호가 다릅니다" in _texts(at)
    at.text_input(key="fr_pw2").input("admin-pass-1")
    at.button[0].click().run()
    assert not at.exception
    with app_env.uow() as s:
        assert accounts.has_admin(s)
    assert any(b.key == "sidebar_sign_out" for b in at.sidebar.button)


def test_sign_in_wrong_password_then_lock(app_env: AppContext) -> None:
    _admin(app_env)
    _learner(app_env)
    at = make_app()
    assert at.text_input(key="signin_email") is not None
    for _ in range(5):
        at.text_input(key="signin_email").input("kim@example.com")
        at.text_input(key="signin_password").input("wrong-password")
        at.button[0].click().run()
    text = _texts(at)
    assert "15분 동안 잠갔습니다" in text
    at.text_input(key="signin_password").input("correct-horse")
    at.button[0].click().run()
    assert "계정이 잠겼습니다" in _texts(at)
    assert "auth_user" not in at.session_state


def test_sign_in_success_shows_practice(app_env: AppContext) -> None:
    _admin(app_env)
    _learner(app_env)
    at = make_app()
    at.text_input(key="signin_email").input("kim@example.com")
    at.text_input(key="signin_password").input("wrong")
    at.button[0].click().run()
    assert "이메일 또는 비밀번호가 맞지 않습니다" in _texts(at)
    at.text_input(key="signin_password").input("correct-horse")
    at.button[0].click().run()
    assert not at.exception
    assert "과목별 연습" in _texts(at)
    # no exams loaded: the page says what to do
    assert "적재된 시험이 없습니다" in _texts(at)


def test_sign_up_errors_and_success(app_env: AppContext) -> None:
    _admin(app_env)
    _learner(app_env)
    at = make_app(page="sign_up.py")
    at.text_input(key="signup_name").input("이수험")
    at.text_input(key="signup_email").input("kim@example.com")
    at.text_input(key="signup_pw1").input("password-1")
    at.text_input(key="signup_pw2").input("password-1")
    at.button[0].click().run()
    assert "이미 가입된 이메일입니다" in _texts(at)
    at.text_input(key="signup_email").input("lee@example.com")
    at.text_input(key="signup_pw2").input("short")
    at.button[0].click().run()
    assert "두 비밀번호가 다릅니다" in _texts(at)
    at.text_input(key="signup_pw1").input("short")
    at.button[0].click().run()
    assert "8자 이상" in _texts(at)
    at.text_input(key="signup_pw1").input("password-1")
    at.text_input(key="signup_pw2").input("password-1")
    at.button[0].click().run()
    assert not at.exception and "과목별 연습" in _texts(at)


def test_unmigrated_database_says_how_to_fix(app_env: AppContext) -> None:
    from tutor.db import migrate

    migrate.downgrade(app_env.engine, "base")
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
        assert "python -m tutor db upgrade" in _texts(at)
    finally:
        migrate.upgrade(app_env.engine)


# ------------------------------------------------------------------------- practice


def test_practice_flow_answer_feedback_next_skip_summary(app_env: AppContext) -> None:
    from tests.conftest import FIXTURE_BANKS

    with app_env.uow() as s:
        load_path(s, FIXTURE_BANKS)
    _admin(app_env)
    user = _learner(app_env)
    at = make_app(user)
    at.multiselect(key="setup_subjects_sample").set_value(["법규"])
    at.number_input(key="setup_count").set_value(3)
    at.radio(key="setup_order").set_value("in_order")
    at.button[0].click().run()
    assert not at.exception
    assert "첫 번째 법규 문제" in _texts(at)
    # submitting nothing asks for an answer
    submit = next(b for b in at.button if b.label == "제출")
    submit.click().run()
    assert "답을 고른 뒤 제출하세요" in _texts(at)
    radio = next(r for r in at.radio if r.label == "답 고르기")
    radio.set_value(2)
    next(b for b in at.button if b.label == "제출").click().run()
    text = _texts(at)
    assert "오답입니다" in text and "정답: ③" in text and "셋이 정답이다" in text
    assert "테스트법 제1조" in text
    next(b for b in at.button if b.label == "다음 문제").click().run()
    assert "복수정답 문제" in _texts(at)
    next(b for b in at.button if b.label == "건너뛰기").click().run()
    assert "모두 고르시오" in _texts(at)
    next(b for b in at.button if b.label == "세션 끝내기").click().run()
    text = _texts(at)
    assert "세션 결과" in text and "0/3" in text
    with app_env.uow() as s:
        assert len(s.scalars(select(Attempt)).all()) == 1


def test_practice_resume_in_a_new_browser_session(app_env: AppContext) -> None:
    from tests.conftest import FIXTURE_BANKS

    with app_env.uow() as s:
        load_path(s, FIXTURE_BANKS)
    _admin(app_env)
    user = _learner(app_env)
    with app_env.uow() as s:
        sid = practice.start_practice(s, user.id, "sample", ["법규"], 4, "in_order")
    at = make_app(user)  # fresh session_state: as after signing in on another browser
    assert "이어서 풀기" in _texts(at)
    at.button(key=f"resume_{sid}").click().run()
    assert "첫 번째 법규 문제" in _texts(at)


def test_empty_bank_shows_a_message(app_env: AppContext) -> None:
    from tests.conftest import FIXTURE_BANKS
    from tutor.banks.reader import read_exam_folder
    from tutor.services.banks import LoadReport, _upsert_exam
    from tutor.services.clock import SYSTEM_CLOCK

    folder = read_exam_folder(FIXTURE_BANKS / "sample")
    assert folder.exam is not None
    with app_env.uow() as s:
        _upsert_exam(s, folder.exam, LoadReport(), SYSTEM_CLOCK)
    _admin(app_env)
    at = make_app(_learner(app_env))
    assert "아직 문제가 적재된 시험이 없습니다" in _texts(at)
    assert not any(b.label == "연습 시작" for b in at.button)


def test_html_in_a_stem_is_escaped(app_env: AppContext) -> None:
    from tests.conftest import FIXTURE_BANKS

    with app_env.uow() as s:
        load_path(s, FIXTURE_BANKS)
    _admin(app_env)
    user = _learner(app_env)
    with app_env.uow() as s:
        sid = practice.start_practice(s, user.id, "sample", ["법규"], 4, "in_order")
        for _ in range(3):
            practice.skip_question(s, user.id, sid)
    at = make_app(user)
    at.button(key=f"resume_{sid}").click().run()
    stems = [m.value for m in at.markdown if "이 문장은 참이다" in m.value]
    assert stems and "&lt;script>" in stems[0] and "<script>" not in stems[0]
    assert all(not m.allow_html for m in at.markdown)


# ------------------------------------------------------------------ progress, review


def _answered_session(db: AppContext, user: accounts.UserInfo) -> int:
    from tests.conftest import FIXTURE_BANKS

    with db.uow() as s:
        load_path(s, FIXTURE_BANKS)
        sid = practice.start_practice(s, user.id, "sample", ["법규"], 2, "in_order")
        q = practice.practice_state(s, user.id, sid).current
        assert q is not None
        practice.submit_answer(s, user.id, sid, q.id, {"choice": 3})
        practice.next_question(s, user.id, sid)
        q = practice.practice_state(s, user.id, sid).current
        assert q is not None
        practice.submit_answer(s, user.id, sid, q.id, {"choice": 1})
        practice.next_question(s, user.id, sid)
    return sid


def test_progress_empty_and_filled(app_env: AppContext) -> None:
    _admin(app_env)
    user = _learner(app_env)
    at = make_app(user, page="progress.py")
    assert "아직 푼 문제가 없습니다" in _texts(at)
    _answered_session(app_env, user)
    other = _learner(app_env, "other@example.com")
    at = make_app(user, page="progress.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["푼 문제"] == "2" and metrics["정답률"] == "50%"
    assert "최근 세션" in _texts(at)
    at = make_app(other, page="progress.py")  # sees nothing of the first learner
    assert "아직 푼 문제가 없습니다" in _texts(at)


def test_review_own_session_and_not_others(app_env: AppContext) -> None:
    _admin(app_env)
    user = _learner(app_env)
    sid = _answered_session(app_env, user)
    at = make_app(user)
    at.query_params["session"] = str(sid)
    at.switch_page(V + "review.py").run()
    text = _texts(at)
    assert not at.exception and "세션 복습" in text and "정답: ③" in text
    other = _learner(app_env, "other@example.com")
    at = make_app(other)
    at.query_params["session"] = str(sid)
    at.switch_page(V + "review.py").run()
    assert "학습 세션을 찾을 수 없습니다" in _texts(at)
    at = make_app(user)
    at.query_params["session"] = "abc"
    at.switch_page(V + "review.py").run()
    assert "복습할 세션을 고르세요" in _texts(at)


# --------------------------------------------------------------------------- account


def test_account_password_change(app_env: AppContext) -> None:
    _admin(app_env)
    user = _learner(app_env)
    at = make_app(user, page="account.py")
    at.text_input(key="pw_old").input("not-mine")
    at.text_input(key="pw_new1").input("brand-new-pass")
    at.text_input(key="pw_new2").input("brand-new-pass")
    next(b for b in at.button if b.label == "비밀번호 바꾸기").click().run()
    assert "현재 비밀번호가 맞지 않습니다" in _texts(at)
    at.text_input(key="pw_old").input("correct-horse")
    at.text_input(key="pw_new1").input("brand-new-pass")
    at.text_input(key="pw_new2").input("brand-new-pass")
    next(b for b in at.button if b.label == "비밀번호 바꾸기").click().run()
    assert "비밀번호를 바꿨습니다" in _texts(at)
    with app_env.uow() as s:
        accounts.sign_in(s, "kim@example.com", "brand-new-pass")


def test_language_switch_to_english(app_env: AppContext) -> None:
    _admin(app_env)
    user = _learner(app_env)
    at = make_app(user, page="account.py")
    at.radio(key="locale_pick").set_value("en").run()
    assert not at.exception
    at.switch_page(V + "practice.py").run()
    assert "Practice by subject" in _texts(at)


# -------------------------------------------------------------------- staff pages


def test_learner_menu_has_no_staff_pages_and_direct_access_is_refused(
    app_env: AppContext,
) -> None:
    _admin(app_env)
    user = _learner(app_env)
    at = make_app(user)
    with pytest.raises(Exception):  # noqa: B017 - the router does not know these pages
        at.switch_page(V + "users.py").run()
    # even if a page script is reached, the services refuse
    at = AppTest.from_file(str(ROOT / V / "users.py"), default_timeout=30)
    at.session_state["auth_user"] = SignedIn(user.id, user.email, "x", "admin", "ko")
    at.run()
    assert "권한이 없습니다" in _texts(at)  # role claimed in session_state is not trusted


def test_banks_page_for_instructor(app_env: AppContext) -> None:
    _admin(app_env)
    with app_env.uow() as s:
        inst = accounts.create_user(s, "t@example.com", "password-1", "instructor", actor_id=None)
    at = make_app(inst, page="banks.py")
    assert "적재된 문제은행이 없습니다" in _texts(at)
    at.button(key="reload_banks").click().run()
    assert "적재했습니다" in _texts(at) and "sample/core v1" in _texts(at)
    assert len(at.dataframe) == 2
    at.button(key="reload_banks").click().run()
    assert "바뀐 것이 없습니다" in _texts(at)


def test_users_page_for_admin(app_env: AppContext) -> None:
    admin = _admin(app_env)
    learner = _learner(app_env)
    at = make_app(admin, page="users.py")
    assert len(at.dataframe) == 1
    at.selectbox(key="ua_target").set_value(learner.id)
    at.selectbox(key="ua_role").set_value("instructor")
    at.radio(key="ua_action").set_value("role")
    next(b for b in at.button if b.label == "적용").click().run()
    assert not at.exception
    with app_env.uow() as s:
        assert accounts.get_user(s, learner.id).role == "instructor"
    at.selectbox(key="ua_target").set_value(admin.id)
    at.selectbox(key="ua_role").set_value("learner")
    at.radio(key="ua_action").set_value("role")
    next(b for b in at.button if b.label == "적용").click().run()
    assert "마지막 관리자" in _texts(at)


def test_disabled_user_is_signed_out_on_next_rerun(app_env: AppContext) -> None:
    admin = _admin(app_env)
    user = _learner(app_env)
    at = make_app(user)
    with app_env.uow() as s:
        accounts.set_disabled(s, admin.id, user.id, True)
    at.run()
    assert "auth_user" not in at.session_state
    assert at.text_input(key="signin_email") is not None


def test_clock_is_utc_in_db(app_env: AppContext) -> None:
    user = _learner(app_env)
    with app_env.uow() as s:
        info = accounts.get_user(s, user.id)
    assert info.created_at.tzinfo is not None
    assert info.created_at.utcoffset() == dt.timedelta(0)
