import pytest

from tutor.config import Settings, SettingsError, load_settings


def test_bad_database_url_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_DATABASE_URL", "nope://")
    with pytest.raises(SettingsError) as e:
        load_settings()
    assert str(e.value).startswith("설정 오류: TUTOR_DATABASE_URL")


def test_bad_port_and_timezone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_PORT", "99999")
    with pytest.raises(SettingsError, match="TUTOR_PORT"):
        load_settings()
    monkeypatch.delenv("TUTOR_PORT")
    monkeypatch.setenv("TUTOR_TIMEZONE", "Mars/Olympus")
    with pytest.raises(SettingsError, match="TUTOR_TIMEZONE"):
        load_settings()


def test_plain_postgresql_url_uses_psycopg3() -> None:
    s = Settings(database_url="postgresql://u@h/db")
    assert s.database_url == "postgresql+psycopg://u@h/db"


def test_secret_is_not_shown_in_repr() -> None:
    s = Settings(llm_api_key="sk-very-secret")  # type: ignore[arg-type]
    assert "sk-very-secret" not in repr(s) and "sk-very-secret" not in str(s.model_dump())


def test_relative_sqlite_path_resolves_against_project_root() -> None:
    s = Settings(database_url="sqlite:///data/tutor.db")
    p = s.sqlite_path()
    assert p is not None and p.is_absolute() and p.parts[-2:] == ("data", "tutor.db")


def test_escape_md_keeps_markdown_but_not_html_or_accidental_lists() -> None:
    from tutor.ui.components import escape_md

    assert escape_md("<script>x</script> **굵게**") == "&lt;script>x&lt;/script> **굵게**"
    assert escape_md("144.") == "144\\."
    assert escape_md("2019. 12. 10. 개정") == "2019\\. 12. 10. 개정"
    assert escape_md("1. 첫째\n2. 둘째") == "1. 첫째\n2. 둘째"  # real lists stay lists
    assert escape_md("a &amp; b") == "a &amp;amp; b"
