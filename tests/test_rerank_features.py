"""The reranker's feature columns: ``FEATURES`` (the order of ``candidate_features``' columns, through ``COL``) and the
shipped weight files must agree, and no column of the feature matrix is addressed by a literal number (a feature
added in the wrong column would silently weigh another feature's values)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.rerank import COL, FEATURES, QUESTION_WEIGHTS_PATH, WEIGHTS_PATH


def test_col_names_every_feature_once() -> None:
    assert len(set(FEATURES)) == len(FEATURES)
    assert COL == {name: i for i, name in enumerate(FEATURES)}


@pytest.mark.parametrize("path, whole", [(QUESTION_WEIGHTS_PATH, True), (WEIGHTS_PATH, False)])
def test_weight_files_match_features(path: Path, whole: bool) -> None:
    """Names, order and length: the question weights weigh every feature in ``FEATURES`` order (a new feature is fitted
    or listed with coefficient 0); the exam-style weights, fitted before the later features, a prefix of it (the
    features after it get weight 0). Each of mean / scale / coef has one value per listed feature."""
    w = json.loads(Path(path).read_text(encoding="utf-8"))
    names = list(w["features"])
    if whole:
        assert names == list(FEATURES)
    else:
        assert names == list(FEATURES[: len(names)])
    for key in ("mean", "scale", "coef"):
        assert len(w[key]) == len(names), key
    assert set(w.get("dropped_features", [])) <= set(names)
    resid = (w.get("residual_features") or {}).get("features", [])
    assert set(resid) <= set(names)
    assert resid == sorted(resid, key=COL.__getitem__)


def test_feature_matrix_columns_go_through_their_names() -> None:
    """``candidate_features`` writes and reads its matrix ``X`` only as ``X[…, COL["name"]]``."""
    src = (Path(__file__).resolve().parents[1] / "assistant" / "rerank.py").read_text(encoding="utf-8")
    body = src[src.index("def candidate_features("):]
    body = body[: body.index("\ndef ", 1)]
    assert not re.findall(r"\bX\[[^\]]*?,\s*-?\d+\s*\]", body)
    assert re.findall(r'\bX\[[^\]]*,\s*COL\["', body)
