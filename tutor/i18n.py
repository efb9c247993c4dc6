"""The one table of UI strings: Korean first, English second.

`t("key", n=3)` looks the key up in the current locale and formats it. Content (questions,
explanations) stays in its own language and never goes through this table.
"""

from __future__ import annotations

from contextvars import ContextVar

LOCALES = ("ko", "en")
_locale: ContextVar[str] = ContextVar("locale", default="ko")

STRINGS: dict[str, tuple[str, str]] = {
    # navigation
    "nav.sign_in": ("로그인", "Sign in"),
    "nav.sign_up": ("회원가입", "Sign up"),
    "nav.first_run": ("첫 설정", "First-run setup"),
    "nav.practice": ("연습", "Practice"),
    "nav.progress": ("학습 기록", "Progress"),
    "nav.review": ("세션 복습", "Session review"),
    "nav.account": ("내 계정", "My account"),
    "nav.banks": ("문제은행", "Question banks"),
    "nav.users": ("사용자 관리", "Users"),
    "nav.section.study": ("학습", "Study"),
    "nav.section.teach": ("강사", "Instructor"),
    "nav.section.admin": ("관리", "Admin"),
    "nav.section.me": ("계정", "Account"),
    # common
    "common.email": ("이메일", "Email"),
    "common.password": ("비밀번호", "Password"),
    "common.password_again": ("비밀번호 확인", "Confirm password"),
    "common.name": ("이름", "Name"),
    "common.role": ("역할", "Role"),
    "common.save": ("저장", "Save"),
    "common.sign_out": ("로그아웃", "Sign out"),
    "common.db_not_ready": (
        "데이터베이스 스키마가 최신이 아닙니다 (현재 {cur}, 필요 {head}). "
        "`python -m tutor db upgrade`를 실행하세요.",
        "The database schema is not up to date (current {cur}, needed {head}). "
        "Run `python -m tutor db upgrade`.",
    ),
    "common.passwords_differ": ("두 비밀번호가 다릅니다", "The passwords differ"),
    "common.minutes": ("{n}분", "{n} min"),
    "role.learner": ("수험생", "Learner"),
    "role.instructor": ("강사", "Instructor"),
    "role.admin": ("관리자", "Admin"),
    # auth
    "auth.sign_in_title": ("로그인", "Sign in"),
    "auth.tagline": (
        "국가 전문자격 필기시험 연습: 과목별 연습, 즉시 채점, 해설과 근거",
        "Practice for Korean licensing exams: by subject, graded at once, with explanations",
    ),
    "auth.sign_in_button": ("로그인", "Sign in"),
    "auth.no_account": ("계정이 없으신가요?", "No account yet?"),
    "auth.go_sign_up": ("회원가입", "Create an account"),
    "auth.have_account": ("이미 계정이 있으신가요?", "Already registered?"),
    "auth.go_sign_in": ("로그인", "Sign in"),
    "auth.sign_up_title": ("회원가입", "Create an account"),
    "auth.sign_up_button": ("가입하기", "Sign up"),
    "auth.password_help": ("8자 이상", "At least 8 characters"),
    "auth.welcome": ("환영합니다, {name}님", "Welcome, {name}"),
    "auth.first_run_title": ("첫 설정: 관리자 계정 만들기", "First run: create the admin account"),
    "auth.first_run_body": (
        "아직 관리자가 없습니다. 이 서버를 관리할 계정을 만드세요. "
        "(명령줄에서는 `python -m tutor users create --email … --role admin`)",
        "There is no admin yet. Create the account that will manage this server "
        "(or from the command line: `python -m tutor users create --email … --role admin`).",
    ),
    "auth.first_run_button": ("관리자 계정 만들기", "Create admin account"),
    "auth.fill_all": ("모든 칸을 채우세요", "Fill in every field"),
    # practice
    "practice.title": ("과목별 연습", "Practice by subject"),
    "practice.no_exams": (
        "적재된 시험이 없습니다. 관리자에게 문제은행 적재를 요청하세요 "
        "(`python -m tutor banks load`).",
        "No exams are loaded yet. Ask an admin to load the banks (`python -m tutor banks load`).",
    ),
    "practice.exam": ("시험", "Exam"),
    "practice.no_questions": (
        "아직 문제가 적재된 시험이 없습니다. 강사나 관리자에게 문의하세요.",
        "No exam has questions yet. Ask an instructor or admin.",
    ),
    "practice.empty_exam": (
        "이 시험에는 아직 풀 수 있는 문제가 없습니다. 다른 시험을 고르거나 강사에게 문의하세요.",
        "This exam has no questions to practise yet. Pick another exam or ask your instructor.",
    ),
    "practice.subjects": ("과목", "Subjects"),
    "practice.pick_subjects": ("과목을 고르세요", "Choose subjects"),
    "practice.count": ("문항 수", "Number of questions"),
    "practice.order": ("출제 순서", "Order"),
    "practice.order.random": ("무작위", "Random"),
    "practice.order.in_order": ("은행 순서대로", "In bank order"),
    "practice.order.unseen_first": ("안 푼 문제 먼저", "Unseen first"),
    "practice.available": ("풀 수 있는 문제 {n}개", "{n} questions available"),
    "practice.start": ("연습 시작", "Start practice"),
    "practice.resume_title": ("이어서 풀기", "Continue where you left off"),
    "practice.resume_row": (
        "{exam} · {answered}/{total}문항 · {when} 시작",
        "{exam} · {answered}/{total} answered · started {when}",
    ),
    "practice.resume": ("이어서", "Continue"),
    "practice.progress": (
        "문항 {pos}/{total} · 정답 {correct} · 건너뜀 {skipped}",
        "Question {pos}/{total} · correct {correct} · skipped {skipped}",
    ),
    "practice.your_answer": ("답 고르기", "Your answer"),
    "practice.mine": ("내 답", "your answer"),
    "practice.answer_text": ("답 입력", "Your answer"),
    "practice.submit": ("제출", "Submit"),
    "practice.skip": ("건너뛰기", "Skip"),
    "practice.next": ("다음 문제", "Next question"),
    "practice.finish": ("세션 끝내기", "End session"),
    "practice.pick_one": ("답을 고른 뒤 제출하세요", "Choose an answer, then submit"),
    "practice.correct": ("정답입니다", "Correct"),
    "practice.wrong": ("오답입니다", "Incorrect"),
    "practice.key": ("정답: {key}", "Key: {key}"),
    "practice.you_chose": ("내 답: {mine}", "Your answer: {mine}"),
    "practice.explanation": ("해설", "Explanation"),
    "practice.references": ("근거", "References"),
    "practice.summary_title": ("세션 결과", "Session result"),
    "practice.score": ("점수", "Score"),
    "practice.accuracy": ("정답률", "Accuracy"),
    "practice.time": ("걸린 시간", "Time"),
    "practice.skipped": ("건너뜀", "Skipped"),
    "practice.new": ("새 연습 시작", "Start a new practice"),
    "practice.review_link": ("문항별 복습 보기", "Review every question"),
    "practice.stale": (
        "화면이 오래되었습니다. 다시 불러왔습니다.",
        "The page was stale; reloaded.",
    ),
    "practice.true": ("O (맞다)", "True"),
    "practice.false": ("X (틀리다)", "False"),
    # mock exams
    "nav.mock": ("모의고사", "Mock exam"),
    "mock.title": ("모의고사", "Mock exam"),
    "mock.intro": (
        "실제 시험의 교시·시간·과목별 문항 수·합격 기준 그대로 치릅니다. "
        "시간은 서버가 재므로 새로고침하거나 다른 기기에서 이어도 남은 시간과 답안이 그대로입니다.",
        "Sat under the official 교시, times, question counts and pass rule. The server keeps the "
        "time: reload or continue on another device with the same time left and answers.",
    ),
    "mock.scale": ("규모", "Length"),
    "mock.scale.1": ("실전 (전체)", "Full length"),
    "mock.scale.1/2": ("1/2 축소", "Half"),
    "mock.scale.1/4": ("1/4 축소", "Quarter"),
    "mock.plan_row": (
        "{name}: {subjects} · {n}문항 · {minutes}분",
        "{name}: {subjects} · {n} questions · {minutes} min",
    ),
    "mock.scaled_note": (
        "축소 모의고사: 모든 과목의 문항 수와 시간을 같은 비율로 줄였습니다.",
        "Scaled mock: every subject and every time limit is scaled by the same factor.",
    ),
    "mock.rule": ("합격 기준: {rule}", "Pass rule: {rule}"),
    "mock.start": ("모의고사 시작", "Start the mock exam"),
    "mock.history": ("지난 모의고사", "Past mock exams"),
    "mock.trend": ("과목별 점수 추이", "Scores per subject over time"),
    "mock.no_history": ("아직 본 모의고사가 없습니다.", "No mock exams yet."),
    "mock.remaining_time": ("남은 시간", "Time left"),
    "mock.remaining_q": ("안 푼 문항", "Unanswered"),
    "mock.font": ("글자 크기", "Text size"),
    "mock.prev": ("◀ 이전", "◀ Previous"),
    "mock.next": ("다음 ▶", "Next ▶"),
    "mock.mark": ("☆ 검토 표시", "☆ Mark for review"),
    "mock.unmark": ("★ 표시 해제", "★ Unmark"),
    "mock.clear": ("답 지우기", "Clear answer"),
    "mock.sheet": ("답안 표기란", "Answer sheet"),
    "mock.sheet_help": (
        "번호를 누르면 그 문제로 갑니다. ★ 검토 표시",
        "Click a number to jump. ★ marked",
    ),
    "mock.submit": ("답안 제출", "Submit answers"),
    "mock.confirm": (
        "{period} 답안을 제출할까요? 안 푼 문항이 {n}개 있습니다. "
        "제출하면 이 교시의 답은 바꿀 수 없습니다.",
        "Submit {period}? {n} questions are unanswered. After submitting you cannot change them.",
    ),
    "mock.confirm_yes": ("제출합니다", "Submit"),
    "mock.confirm_no": ("계속 풀기", "Keep working"),
    "mock.warn_10": ("남은 시간 10분", "10 minutes left"),
    "mock.warn_1": ("남은 시간 1분", "1 minute left"),
    "mock.time_up": (
        "시간이 끝나 {periods} 답안을 그대로 제출했습니다.",
        "Time ran out: {periods} submitted as it stood.",
    ),
    "mock.between": (
        "{done} 제출 완료. 다음은 {next} ({n}문항, {minutes}분)입니다.",
        "{done} submitted. Next: {next} ({n} questions, {minutes} min).",
    ),
    "mock.start_next": ("{next} 시작", "Start {next}"),
    "mock.abandon": ("여기서 끝내고 채점", "Stop here and grade"),
    "mock.pass": ("합격", "PASS"),
    "mock.fail": ("불합격", "FAIL"),
    "mock.result_title": ("모의고사 결과", "Mock exam result"),
    "mock.total": ("총점", "Total"),
    "mock.average": ("평균", "Average"),
    "mock.unit": ("과목", "Subject"),
    "mock.group": ("과목군", "Subject group"),
    "mock.score": ("정답/문항", "Correct"),
    "mock.percent": ("득점률", "Score"),
    "mock.gwarak": ("과락", "Below minimum"),
    "mock.review": ("문항별 복습", "Question review"),
    "mock.your": ("내 답", "Your answer"),
    "mock.unanswered": ("안 품", "Unanswered"),
    "mock.spent": ("머문 시간 {t}", "Time spent {t}"),
    "mock.back": ("모의고사 목록", "All mock exams"),
    "mock.shortfall": ("문제은행 부족", "Bank shortfall"),
    # AI tutor
    "ai.off": ("AI 기능 꺼짐", "AI features off"),
    "ai.paused": (
        "AI 기능 일시 중단: 모델 서버가 잇달아 응답하지 않아 잠시 쉬고 있습니다. "
        "채점과 해설은 그대로 됩니다.",
        "AI paused: the model server failed repeatedly. Grading and bank explanations still work.",
    ),
    "ai.hint": ("힌트", "Hint"),
    "ai.hint_button": ("AI 힌트 ({n}/{total})", "AI hint ({n}/{total})"),
    "ai.thinking": ("AI가 생각하는 중…", "The AI is thinking…"),
    "ai.explain": ("AI 해설", "AI explanation"),
    "ai.explain_title": ("AI 해설", "AI explanation"),
    "ai.reasoning": ("추론 모드", "Reasoning mode"),
    "ai.reasoning_help": (
        "모델이 먼저 생각한 뒤 답합니다. 느리지만 어려운 문제에 낫습니다.",
        "The model thinks before answering: slower, better on hard questions.",
    ),
    "ai.flagged": (
        "AI 해설이 확정된 정답과 맞지 않아 보여 주지 않습니다. 문제은행 해설을 보여 드리며, "
        "이 문항은 강사 검토로 보냈습니다.",
        "The AI explanation disagreed with the key, so it is not shown. Here is the bank's "
        "explanation; the question was sent to instructors for review.",
    ),
    "ai.fallback": ("문제은행 해설:", "The bank's explanation:"),
    "ai.cached": ("저장된 AI 해설 (추가 비용 없음)", "Saved AI explanation (no extra cost)"),
    "ai.cost": ("토큰 {tokens:,}", "{tokens:,} tokens"),
    "ai.thoughts": ("모델의 생각", "The model's reasoning"),
    "ai.chat_title": ("이 문제에 대해 AI에게 묻기", "Ask the AI about this question"),
    "ai.chat_input": ("질문", "Your question"),
    "ai.send": ("보내기", "Send"),
    "ai.grade_button": ("AI 채점 받기", "Get an AI grade"),
    "ai.grade_pending": (
        "AI 채점 (검토 전): {score}/{max}점",
        "AI grade (not yet reviewed): {score}/{max}",
    ),
    "ai.grade_final": ("채점 확정: {score}/{max}점", "Final grade: {score}/{max}"),
    "ai.grade_waiting": (
        "서술형 답안은 채점 기준에 따라 강사가 채점합니다.",
        "Written answers are graded against the rubric by an instructor.",
    ),
    "ai.criterion": ("채점 기준", "Criterion"),
    "ai.awarded": ("점수", "Points"),
    "ai.comment": ("평가", "Comment"),
    "practice.written": ("답안 작성", "Your answer"),
    "practice.rubric": ("채점 기준", "Rubric"),
    "practice.model_answer": ("모범 답안 요지", "Model answer"),
    "practice.submitted_written": ("답안을 저장했습니다", "Answer saved"),
    # instructor grading and admin AI
    "nav.grading": ("채점·검토", "Grading & flags"),
    "nav.ai_admin": ("AI 설정·사용량", "AI settings & usage"),
    "grading.title": ("서술형 채점과 문항 검토", "Written answers and flagged questions"),
    "grading.pending": ("검토할 서술형 답안 {n}건", "{n} written answers to review"),
    "grading.none": ("검토할 답안이 없습니다.", "Nothing to review."),
    "grading.score": ("점수", "Score"),
    "grading.note": ("메모 (수험생에게 보임)", "Note (shown to the learner)"),
    "grading.confirm": ("AI 채점 확정", "Confirm the AI grade"),
    "grading.override": ("이 점수로 확정", "Set this score"),
    "grading.flags": ("강사 검토가 필요한 문항 {n}건", "{n} flagged questions"),
    "grading.no_flags": ("표시된 문항이 없습니다.", "No flagged questions."),
    "grading.claimed": ("모델 주장", "model claimed"),
    "grading.key": ("정답", "key"),
    "grading.resolve": ("검토 완료", "Resolved"),
    "aiadmin.title": ("AI 설정·사용량", "AI settings & usage"),
    "aiadmin.on": ("AI 켜짐: {model}", "AI on: {model}"),
    "aiadmin.check": ("연결 확인", "Check the connection"),
    "aiadmin.check_ok": ("모델이 답했습니다 ({ms} ms)", "The model answered ({ms} ms)"),
    "aiadmin.usage": ("사용량 (30일)", "Usage (30 days)"),
    "aiadmin.providers": ("모델 제공자", "Providers"),
    "aiadmin.budgets": ("예산", "Budgets"),
    "aiadmin.calls": ("호출", "Calls"),
    "aiadmin.tokens": ("토큰", "Tokens"),
    "aiadmin.cost": ("비용", "Cost"),
    "aiadmin.errors": ("오류", "Errors"),
    "aiadmin.latency": ("지연 p50 {p50} ms · p95 {p95} ms", "Latency p50 {p50} ms · p95 {p95} ms"),
    "aiadmin.by_purpose": ("목적별", "By purpose"),
    "aiadmin.by_model": ("모델별", "By model"),
    "aiadmin.csv": ("CSV 내려받기", "Download CSV"),
    "aiadmin.keys_note": (
        "API 키는 데이터베이스에 저장하지 않습니다. 키를 담은 환경 변수 이름(TUTOR_…)만 적고, "
        "키는 서버의 환경 변수나 .env에 두세요.",
        "API keys are never stored in the database: enter the name of the environment variable "
        "(TUTOR_…) that holds the key, and keep the key in the server's environment or .env.",
    ),
    "aiadmin.preset": ("프리셋", "Preset"),
    "aiadmin.name": ("이름", "Name"),
    "aiadmin.model": ("모델", "Model"),
    "aiadmin.key_env": ("API 키 환경 변수 이름", "API key variable name"),
    "aiadmin.price_in": ("입력 가격 (1M 토큰당)", "Input price per 1M tokens"),
    "aiadmin.price_out": ("출력 가격 (1M 토큰당)", "Output price per 1M tokens"),
    "aiadmin.default": ("기본 제공자로 사용", "Use as the default provider"),
    "aiadmin.daily": (
        "수험생 1인 하루 토큰 한도 (0 = 제한 없음)",
        "Daily tokens per learner (0 = none)",
    ),
    "aiadmin.monthly": ("전체 월 비용 한도 (0 = 제한 없음)", "Monthly cost limit (0 = none)"),
    # progress
    "progress.title": ("학습 기록", "Progress"),
    "progress.empty": (
        "아직 푼 문제가 없습니다. '연습'에서 시작하세요.",
        "No answers yet. Start in Practice.",
    ),
    "progress.answered": ("푼 문제", "Answered"),
    "progress.accuracy": ("정답률", "Accuracy"),
    "progress.sessions": ("세션", "Sessions"),
    "progress.time": ("학습 시간", "Study time"),
    "progress.by_subject": ("과목별 정답률", "Accuracy by subject"),
    "progress.over_time": ("날짜별 정답률", "Accuracy over time"),
    "progress.recent": ("최근 세션", "Recent sessions"),
    "progress.session_row": (
        "{when} · {exam} · {planned}문항 중 {answered}문항 풀이 · {correct}개 정답",
        "{when} · {exam} · {answered} of {planned} answered · {correct} correct",
    ),
    "progress.in_progress": ("진행 중", "in progress"),
    "progress.review": ("복습", "Review"),
    # review
    "review.title": ("세션 복습", "Session review"),
    "review.pick": (
        "학습 기록에서 복습할 세션을 고르세요.",
        "Pick a session on the Progress page.",
    ),
    "review.not_answered": ("풀지 않음", "Not answered"),
    "review.back": ("학습 기록으로", "Back to progress"),
    "review.seconds": ("{s:.0f}초", "{s:.0f} s"),
    # account
    "account.title": ("내 계정", "My account"),
    "account.change_password": ("비밀번호 바꾸기", "Change password"),
    "account.old_password": ("현재 비밀번호", "Current password"),
    "account.new_password": ("새 비밀번호", "New password"),
    "account.changed": ("비밀번호를 바꿨습니다", "Password changed"),
    "account.language": ("언어 / Language", "Language / 언어"),
    # banks (instructor)
    "banks.title": ("문제은행", "Question banks"),
    "banks.empty": ("적재된 문제은행이 없습니다.", "No banks are loaded."),
    "banks.reload": ("번들 문제은행 다시 적재", "Reload the bundled banks"),
    "banks.reload_help": (
        "question_banks/ 폴더를 검사한 뒤 바뀐 은행만 새 버전으로 적재합니다.",
        "Checks question_banks/ and loads only changed banks as new versions.",
    ),
    "banks.problems": ("문제 {n}건: 아무것도 적재하지 않았습니다", "{n} problems: nothing loaded"),
    "banks.unchanged": ("바뀐 것이 없습니다", "Nothing changed"),
    "banks.loaded": ("적재했습니다: {items}", "Loaded: {items}"),
    "banks.show_retired": ("이전 버전도 보기", "Show retired versions"),
    "banks.reviews": ("검토 기록", "Reviews"),
    "banks.no_reviews": ("검토 기록 없음", "No review recorded"),
    "banks.catalogue": ("시험 blueprint", "Exam blueprints"),
    # users (admin)
    "users.title": ("사용자 관리", "Users"),
    "users.create": ("계정 만들기", "Create an account"),
    "users.created": ("만들었습니다: {email}", "Created: {email}"),
    "users.apply": ("적용", "Apply"),
    "users.disabled": ("중지됨", "disabled"),
    "users.locked": ("잠김", "locked"),
    "users.disable": ("중지", "Disable"),
    "users.enable": ("다시 사용", "Enable"),
    "users.unlock": ("잠금 해제", "Unlock"),
    "users.done": ("바꿨습니다", "Done"),
}


def set_locale(locale: str) -> None:
    _locale.set(locale if locale in LOCALES else "ko")


def get_locale() -> str:
    return _locale.get()


def t(key: str, /, **kwargs: object) -> str:
    pair = STRINGS.get(key)
    if pair is None:
        raise KeyError(f"missing UI string: {key}")
    text = pair[1] if _locale.get() == "en" else pair[0]
    return text.format(**kwargs) if kwargs else text
