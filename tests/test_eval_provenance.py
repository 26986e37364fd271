"""Which code an evaluation ran (assistant.evaluation.provenance), and the same answers in every process.

28/11: two runs of "main" on phapdien_train2/train4 differed on pd_train2_109, pd_train4_003, pd_train4_020 and 7 other
rows. Not a nondeterminism of the pipeline: the first run had imported the helper's own worktree, not main
(``python -m`` puts the current directory ahead of ``PYTHONPATH``), at an edit in progress (its answers are exactly
those of commit e512e2d). These tests run the real CLI in subprocesses on the sample corpus."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from legal_files import ROOT

GOLD = ROOT / "eval" / "data" / "sample_gold.json"


def _eval_answers(out: Path, *, cwd: Path, env: dict[str, str], limit: int | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "assistant.cli", "eval", "answers", "--questions", str(GOLD),
           "--collection", "sample", "--out", str(out)]
    if limit:
        cmd += ["--limit", str(limit)]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def _rows(out: Path) -> list[dict]:
    rows = [json.loads(line) for line in (out / "answers.jsonl").read_text(encoding="utf-8").splitlines()]
    for r in rows:
        r.pop("latency_ms")
    return rows


def test_eval_records_the_code_it_imported_and_names_a_shadowed_pythonpath(sample_collection, tmp_path) -> None:
    """Run from the checkout with PYTHONPATH pointing at another checkout (as a "base" run did on 28/11): the
    checkout in the current directory is imported; metrics.json says which (root, commit) and names the PYTHONPATH
    entry that was not used, and the console warns before the run starts."""
    other = tmp_path / "other"
    (other / "assistant").mkdir(parents=True)
    (other / "assistant" / "__init__.py").write_text("", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(other)}
    done = _eval_answers(tmp_path / "run", cwd=ROOT, env=env, limit=2)
    assert done.returncode == 0, done.stderr[-2000:]
    code = json.loads((tmp_path / "run" / "metrics.json").read_text(encoding="utf-8"))["config"]["code"]
    assert Path(code["root"]) == ROOT.resolve()
    assert code["pythonpath_mismatch"] == str(other.resolve())
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short=12", "HEAD"], capture_output=True,
                          text=True).stdout.strip()
    if head:
        assert code["commit"] == head and isinstance(code["changed"], list)
    assert f"PYTHONPATH chỉ tới {other.resolve()}" in done.stderr.replace("\n", "")
    assert f"Mã nguồn: {ROOT.resolve()}" in (tmp_path / "run" / "report.md").read_text(encoding="utf-8")
    # PYTHONPATH = the checkout run from: nothing to warn about
    same = _eval_answers(tmp_path / "same", cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, limit=1)
    assert same.returncode == 0, same.stderr[-2000:]
    assert json.loads((tmp_path / "same" / "metrics.json").read_text(encoding="utf-8"))["config"]["code"][
        "pythonpath_mismatch"] is None
    assert "CẢNH BÁO" not in same.stderr


@pytest.mark.parametrize("seeds", [("0", "123")])
def test_answers_identical_in_processes_with_different_hash_seeds(sample_collection, tmp_path, seeds) -> None:
    """The answers eval of the sample gold set (real text, answered and refused questions), run in two processes with different
    PYTHONHASHSEED: every row (answer text, citations, refusal, verdict, label) is the same."""
    runs = []
    for seed in seeds:
        out = tmp_path / f"seed{seed}"
        done = _eval_answers(out, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr[-2000:]
        runs.append(_rows(out))
    assert len(runs[0]) > 20 and any(not r["refused"] for r in runs[0]) and any(r["refused"] for r in runs[0])
    assert runs[0] == runs[1]


def test_changed_files_named_whole(tmp_path, monkeypatch) -> None:
    """A checkout whose first changed file is modified and not staged (" M assistant/rerank.py"): it was recorded as
    "ssistant/rerank.py" (git's output was stripped, then three characters cut from every line). Every kind of change
    is named by its whole path."""
    from assistant.evaluation import provenance

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    pkg = tmp_path / "assistant"
    pkg.mkdir()
    for name in ("rerank.py", "retrieval.py"):
        (pkg / name).write_text("x = 1\n", encoding="utf-8")
    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init")
    (pkg / "rerank.py").write_text("x = 2\n", encoding="utf-8")  # " M"
    (pkg / "retrieval.py").write_text("x = 3\n", encoding="utf-8")
    git("add", "assistant/retrieval.py")  # "M "
    (pkg / "new.py").write_text("", encoding="utf-8")  # "??"
    monkeypatch.setattr(provenance, "package_root", lambda: tmp_path)
    assert provenance.code_provenance()["changed"] == ["assistant/new.py", "assistant/rerank.py",
                                                       "assistant/retrieval.py"]
