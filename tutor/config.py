"""Settings: one class, read from the environment (prefix TUTOR_) and .env."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_URL = "sqlite:///data/tutor.db"
SUPPORTED_DB_PREFIXES = ("sqlite://", "postgresql://", "postgresql+psycopg://")


class SettingsError(Exception):
    """A setting has a value we cannot use. The message names the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="TUTOR_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str = Field(default=DEFAULT_DB_URL)
    port: int = Field(default=8501, ge=1, le=65535)
    timezone: str = "Asia/Seoul"
    banks_dir: Path = PROJECT_ROOT / "question_banks"
    sql_echo: bool = False
    # Reserved for the model client (issue 6); secrets never leave SecretStr.
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_model: str | None = None
    llm_preset: str | None = None
    llm_price_input_per_m: float | None = Field(default=None, ge=0)
    llm_price_output_per_m: float | None = Field(default=None, ge=0)

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, v: str) -> str:
        v = v.strip()
        if not v.startswith(SUPPORTED_DB_PREFIXES):
            raise ValueError(
                "sqlite:///경로 또는 postgresql+psycopg://사용자@호스트/DB 형식이어야 합니다"
            )
        if v.startswith("postgresql://"):
            v = "postgresql+psycopg://" + v.removeprefix("postgresql://")
        return v

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as e:
            raise ValueError(f"알 수 없는 시간대입니다: {v}") from e
        return v

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def sqlite_path(self) -> Path | None:
        """The file behind a sqlite URL, resolved against the project root."""
        if not self.is_sqlite:
            return None
        raw = self.database_url.split(":///", 1)[1] if ":///" in self.database_url else ""
        if not raw or raw == ":memory:":
            return None
        p = Path(raw)
        return p if p.is_absolute() else PROJECT_ROOT / p

    def resolved_database_url(self) -> str:
        p = self.sqlite_path()
        return f"sqlite:///{p}" if p is not None else self.database_url


def describe_error(err: ValidationError) -> str:
    """One line naming the variable and what is wrong with it."""
    first = err.errors()[0]
    field = str(first["loc"][0]) if first.get("loc") else "?"
    msg = str(first.get("msg", "")).removeprefix("Value error, ")
    return f"설정 오류: TUTOR_{field.upper()} — {msg}"


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as e:
        raise SettingsError(describe_error(e)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
