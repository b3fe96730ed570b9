"""Runtime settings: one object, read from ARMSWATCH_* environment variables, passed explicitly."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ARMSWATCH_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///armswatch.db",
        description="Where the knowledge base is stored (SQLite file by default; PostgreSQL URL for teams).",
    )
    max_input_bytes: int = Field(
        default=20_000_000,
        description="Inputs larger than this many bytes are refused with an error naming the file.",
    )
    batch_size: int = Field(default=32, description="Documents per spaCy batch in `extract`.")
    cache_dir: str = Field(
        default="~/.cache/armswatch",
        description="Where the CLI keeps the built place gazetteer (a startup of ~0.3 s instead of ~5 s); "
        "`none` turns the cache off.",
    )
