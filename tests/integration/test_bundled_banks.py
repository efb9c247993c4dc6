"""The banks we ship: they pass `banks check` and load on both databases."""

from tests.conftest import BUNDLED_BANKS
from tutor.bootstrap import AppContext
from tutor.services import exams
from tutor.services.banks import check_path, load_path

EXPECTED_EXAMS = {
    "doctor",
    "dentist",
    "herbal-pharmacist",
    "customs-broker",
    "appraiser",
    "loss-adjuster",
    "nurse",
    "tax-accountant",
}


def test_bundled_banks_pass_the_checker() -> None:
    folders, problems = check_path(BUNDLED_BANKS)
    assert [str(p) for p in problems] == []
    assert {f.exam.slug for f in folders if f.exam} == EXPECTED_EXAMS


def test_every_blueprint_cites_its_sources_and_states_its_rule() -> None:
    folders, _ = check_path(BUNDLED_BANKS)
    for f in folders:
        assert f.exam is not None
        assert f.exam.sources, f.exam.slug
        rule = f.exam.pass_rule
        assert 0 < rule.subject_min < rule.total_min <= 100, f.exam.slug
    options = {f.exam.slug: f.exam.options for f in folders if f.exam}
    assert options["loss-adjuster"] == 4
    assert all(v == 5 for k, v in options.items() if k != "loss-adjuster")


def test_bundled_banks_load_and_report(db: AppContext) -> None:
    with db.uow() as s:
        report = load_path(s, BUNDLED_BANKS)
    assert report.questions_written > 0
    with db.uow() as s:
        by_slug = {e.slug: e for e in exams.list_exams(s)}
    assert set(by_slug) == EXPECTED_EXAMS
    assert by_slug["doctor"].questions_in_banks >= 20
    assert by_slug["customs-broker"].questions_in_banks >= 20
    cb = by_slug["customs-broker"].as_json()
    assert [x["questions"] for x in cb["subjects"]] == [40, 40, 40, 40]
    assert [(x["name"], x["minutes"]) for x in cb["sessions"]] == [("1교시", 80), ("2교시", 80)]
    with db.uow() as s:
        assert not load_path(s, BUNDLED_BANKS).changed  # idempotent


def test_bank_sizes_meet_the_minimums_and_every_bank_was_reviewed() -> None:
    """≥ 80 questions for the six EXAONE exams with ≥ 10 per subject (or per group where the
    rule counts groups), ≥ 30 for nurse and tax-accountant; every bank has a recorded review."""
    from tutor.banks.quality import stats

    folders, _ = check_path(BUNDLED_BANKS)
    by_exam = {e["exam"]: e for e in stats(folders)}
    rules = {f.exam.slug: f.exam.pass_rule.basis.value for f in folders if f.exam}
    for slug in (
        "doctor",
        "dentist",
        "herbal-pharmacist",
        "customs-broker",
        "appraiser",
        "loss-adjuster",
    ):
        e = by_exam[slug]
        assert e["questions"] >= 80, slug
        units: dict[str, int] = {}
        for x in e["subjects"]:
            unit = x["group"] if rules[slug] == "per_group" and x["group"] else x["name"]
            units[unit] = units.get(unit, 0) + x["questions"]
        assert min(units.values()) >= 10, (slug, units)
    for slug in ("nurse", "tax-accountant"):
        assert by_exam[slug]["questions"] >= 30, slug
    unreviewed = [
        (e, b["bank"]) for e, x in by_exam.items() for b in x["banks"] if not b["reviews"]
    ]
    assert unreviewed == []
    figures = sum(
        1
        for f in folders
        if f.exam and f.exam.slug in ("doctor", "dentist", "nurse")
        for _, b in f.banks
        for q in b.questions
        if q.images
    )
    assert figures >= 8
