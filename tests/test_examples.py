"""Every file in examples/ is run as a user would run it (a subprocess with this Python, offline) and its printed
output is checked. A new example without a check here fails ``test_example`` (the test lists the folder).

Shared slow fixtures: ``sample_collection`` (conftest: corpus/sample indexed once per session into the throw-away
indexes dir; the examples inherit ASSISTANT_INDEXES_DIR / ASSISTANT_CACHE_DIR, so its vectors are reused) and, for
llm_endpoint.py, the scripted OpenAI-compatible loopback server of tests/test_answering.py.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CHECKS: dict[str, Callable[[pytest.FixtureRequest], None]] = {}


def check(name: str):
    def register(fn):
        CHECKS[name] = fn
        return fn
    return register


def run_example(name: str, *args: str, returncode: int = 0, **extra_env: str) -> str:
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    env.update(extra_env)
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", NO_PROXY="127.0.0.1,localhost",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])))
    r = subprocess.run([sys.executable, str(EXAMPLES / name), *args], env=env, cwd=ROOT,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == returncode, f"examples/{name} exited {r.returncode}:\n{r.stdout}\n{r.stderr[-3000:]}"
    assert unicodedata.is_normalized("NFC", r.stdout + r.stderr)
    return r.stdout if returncode == 0 else r.stderr


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.py")))
def test_example(name: str, request: pytest.FixtureRequest) -> None:
    assert name in CHECKS, f"examples/{name} has no check in tests/test_examples.py: add one with @check({name!r})"
    assert unicodedata.is_normalized("NFC", (EXAMPLES / name).read_text(encoding="utf-8"))
    CHECKS[name](request)


def test_every_check_has_its_example() -> None:
    assert set(CHECKS) <= {p.name for p in EXAMPLES.glob("*.py")}


@check("ingest_and_ask.py")
def _ingest_and_ask(request: pytest.FixtureRequest) -> None:
    request.getfixturevalue("sample_collection")  # warms the shared vector cache the example's ingest reuses
    tmp = request.getfixturevalue("tmp_path")
    repo_indexes = sorted((ROOT / "indexes").rglob("*"))
    # no --indexes-dir: the example indexes into a fresh temp dir (here under tmp, via TMPDIR), never indexes/
    out = run_example("ingest_and_ask.py", "--as-of", "2026-01-01", TMPDIR=str(tmp))
    idx = Path(re.search(r"^Đã nạp 10 văn bản, \d+ đoạn vào (.+)$", out, re.M).group(1))
    assert idx.parent == tmp and (idx / "sample" / "manifest.json").exists()
    assert sorted((ROOT / "indexes").rglob("*")) == repo_indexes
    lines = out.splitlines()
    # the question is about the online-filing check: Khoản 2 Điều 7 NĐ 42/2024, amended by Điều 1 NĐ 87/2025
    nd42 = next(i for i, x in enumerate(lines) if re.match(r"\[\d+\] Khoản 2 Điều 7 Nghị định 42/2024/NĐ-CP — ", x))
    # its status line says at once that the quoted wording was amended (it said only "Đang có hiệu lực")
    assert lines[nd42].endswith("Đang có hiệu lực, đã được sửa đổi, bổ sung bởi Điều 1 Nghị định số 87/2025/NĐ-CP")
    assert "08 giờ làm việc" in lines[nd42 + 1]
    nd87 = next(i for i, x in enumerate(lines) if re.match(r"\[\d+\] Điều 1 Nghị định 87/2025/NĐ-CP — ", x))
    assert "04 giờ làm việc" in lines[nd87 + 1] and lines[nd87 + 1].strip().startswith("“")
    assert any(x.startswith("Lưu ý hiệu lực:") and "87/2025/NĐ-CP" in x for x in lines)
    assert any(x.startswith("Mâu thuẫn:") and x.endswith("áp dụng: Điều 1 Nghị định 87/2025/NĐ-CP") for x in lines)


@check("langchain_retriever.py")
def _langchain_retriever(request: pytest.FixtureRequest) -> None:
    request.getfixturevalue("sample_collection")
    out = run_example("langchain_retriever.py", "--as-of", "2026-01-01")
    unfiltered, _, filtered = out.partition("Chỉ các quy định có hiệu lực vào ngày 01/01/2026:")
    assert filtered, out
    # Thông tư 05/2019 (ended 31/07/2024) is the top hit without a date, and gone on 01/01/2026
    first = re.search(r"^\[1\] (.*)$", unfiltered, re.M).group(1)
    assert first.startswith("Điều 4 Thông tư 05/2019/TT-VPCP (Thông tư, hết hiệu lực)")
    assert "05/2019" not in filtered and "(hết hiệu lực)" not in filtered
    assert len(re.findall(r"^\[\d\] ", filtered, re.M)) == 4


def _serve(app) -> tuple[str, Callable[[], None]]:  # noqa: ANN001
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not srv.started:
        assert time.time() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)

    def stop() -> None:
        srv.should_exit = True
        thread.join(timeout=10)

    return f"http://127.0.0.1:{port}", stop


@check("api_client.py")
def _api_client(request: pytest.FixtureRequest) -> None:
    from api.app import create_app

    collection = request.getfixturevalue("sample_collection")
    url, stop = _serve(create_app(collection))  # the real pipeline, Settings() → the session's indexes dir
    try:
        out = run_example("api_client.py", url)
        missing = run_example("api_client.py", url, "--collection", "khong-co", returncode=1)
    finally:
        stop()
    assert "POST /api/v1/ask → 200" in out
    assert re.search(r"^  \[1\] Khoản 2 Điều 11 Nghị định 42/2024/NĐ-CP — Đang có hiệu lực$", out, re.M)
    events = re.findall(r"^  (conversation|sentence|token|refusal|citation|conflict|done|error): (.*)$", out, re.M)
    names = [n for n, _ in events]
    assert names[0] == "conversation" and names[-1] == "done" and "error" not in names
    order = {"conversation": 0, "sentence": 1, "citation": 2, "conflict": 3, "done": 4}
    assert [order[n] for n in names] == sorted(order[n] for n in names) and "conflict" in names
    assert events[-1][1] == f"{names.count('citation')} trích dẫn, từ chối trả lời: False"
    assert "3.000 đồng/trang" in " ".join(d for n, d in events if n == "sentence")
    assert missing.startswith("Lỗi 404: ") and "khong-co" in missing  # the API's Vietnamese error message


@check("check_conflict.py")
def _check_conflict(request: pytest.FixtureRequest) -> None:
    out = run_example("check_conflict.py")
    assert "Kết luận: Mâu thuẫn (conflict)" in out and "(numeric)" in out
    assert "Khoản 3 Điều 12 Luật số 99/2025/QH15: “05 ngày làm việc”" in out
    assert "Khoản 2 Điều 8 Nghị định số 150/2026/NĐ-CP: “10 ngày làm việc”" in out
    assert "Áp dụng: Khoản 3 Điều 12 Luật số 99/2025/QH15" in out  # the law prevails over the decree
    assert re.search(r"^Căn cứ: .*hiệu lực pháp lý cao hơn", out, re.M)


@check("llm_endpoint.py")
def _llm_endpoint(request: pytest.FixtureRequest) -> None:
    request.getfixturevalue("sample_collection")
    url, handler = request.getfixturevalue("llm_server")
    handler.script = ["Công chức phải kiểm tra hồ sơ trong thời hạn 04 giờ làm việc [1]. Mọi hồ sơ đều miễn phí [9]."]
    out = run_example("llm_endpoint.py", url, "--model", "scripted")
    assert len(handler.requests) == 1 and handler.requests[0]["model"] == "scripted"
    sent = handler.requests[0]["messages"][-1]["content"]
    assert "kiểm tra trong bao lâu" in sent
    first = re.search(r"<<<ĐIỀU_KHOẢN \[1\]>>>\nTrích dẫn: (.*)\n", sent).group(1)
    assert "Chế độ: llm" in out and "04 giờ làm việc [1]." in out
    assert re.search(rf"^\[1\] {re.escape(first)} — ", out, re.M)  # the provision the endpoint was shown as [1]
    assert re.search(r"^Đã bỏ trích dẫn không kiểm chứng được: \[9\]", out, re.M) and "[9]." not in out
