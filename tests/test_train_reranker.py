"""eval/train_reranker.py: new base weights must not silently drop the residual stages fitted over the shipped ones."""

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))

import train_reranker as tr  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_question_weights_hold_residual_stages() -> None:
    # the file the refit guard protects: it has both stages today
    assert tr.residual_stages(ROOT / "assistant" / "rerank_weights_questions.json") == ["residual_features", "link_boost"]
    assert tr.residual_stages(ROOT / "assistant" / "rerank_weights.json") == []


def test_residual_stages_of_missing_and_plain_files(tmp_path: Path) -> None:
    assert tr.residual_stages(tmp_path / "absent.json") == []
    plain = tmp_path / "w.json"
    plain.write_text(json.dumps({"coef": [0.1], "link_boost": {}}))
    assert tr.residual_stages(plain) == []  # an empty stage is none


def test_write_over_residual_stages_is_refused_before_any_work(tmp_path: Path) -> None:
    dest = tmp_path / "w.json"
    original = json.dumps({"coef": [0.1], "link_boost": {"coef": 1.2, "top": 3}})
    dest.write_text(original)
    run = subprocess.run([sys.executable, str(ROOT / "eval" / "train_reranker.py"), "--write", "--weights-out", str(dest)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert str(dest) in run.stderr and "link_boost" in run.stderr and "--drop-residual" in run.stderr
    assert dest.read_text() == original


def test_unreadable_weights_file_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "w.json"
    bad.write_text("{not json")
    try:
        tr.residual_stages(bad)
    except SystemExit as e:
        assert str(bad) in str(e) and "not overwritten" in str(e)
    else:
        raise AssertionError("a corrupt weights file must stop the script")
