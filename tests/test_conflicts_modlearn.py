"""Conflict checker, helper h-modlearn (issue #6): the learned second stage of the polarity check and the antonym
window of the meaning pass. Pairs of the dev sets (never the held-out set): clashes main (d4a7a94) missed, and hard
negatives next to them that must stay rejected.

The second stage (``polarity.stage2_probability``, weights in ``assistant/conflicts/polarity_weights.json`` trained by
``eval/train_polarity_stage2.py``) decides opposite norms told in other words whose e5 cosine lies below the fixed
threshold, or whose guards fired; without it those candidates are rejected as before."""

from __future__ import annotations

import json
import math

import pytest

from assistant.conflicts import check_pair, meaning, polarity
from conflict_sets import pair, pair_label


@pytest.fixture
def stage_off():
    polarity.set_stage2({"threshold": math.inf})
    yield
    polarity.set_stage2(None)


def test_the_weights_file_matches_the_features():
    w = json.loads(polarity._WEIGHTS_PATH.read_text(encoding="utf-8"))
    assert w["names"] == list(polarity.FEATURE_NAMES)
    assert len(w["coef"]) == len(w["mean"]) == len(w["scale"]) == len(polarity.FEATURE_NAMES)
    assert 0.5 <= w["threshold"] < 1.0


# D10-044 (cosine 0.88, stage 0.89) and D10-031 (0.91, stage 0.82): a ban retold as a permission, below the fixed 0.92
@pytest.mark.parametrize("pair_id", ["D10-044", "D10-031"])
def test_the_stage_finds_a_clash_below_the_fixed_threshold(pair_id, stage_off):
    assert pair_label(pair_id) == "no_conflict"  # the old behaviour
    polarity.set_stage2(None)
    r = pair(pair_id)
    c = check_pair(r["a"], r["b"])
    assert c.label == "conflict" and c.kind == "modality"
    assert c.confidence < 0.6  # ranked below the clashes the fixed threshold accepts


# hard negatives: D7-056 lies in the cosine band (0.90) and the stage scores it 0.66, under its threshold; guarded
# candidates with a high cosine stay rejected (D6-031, D6-043: the other text restates the norm elsewhere; D11-012).
# (D6-033 is left out: its cosine is 0.917 or 0.923 depending on what the encoder cached before — at the fixed 0.92
# threshold main's checker labels it either way too)
@pytest.mark.parametrize("pair_id", ["D7-056", "D6-031", "D11-012", "D6-043"])
def test_the_stage_keeps_hard_negatives_out(pair_id):
    assert pair_label(pair_id) == "no_conflict"


def test_the_stage_sees_the_guards():
    r = pair("D6-031")
    polarity._RECORD = []
    try:
        check_pair(r["a"], r["b"])
        rows = polarity._RECORD
    finally:
        polarity._RECORD = None
    assert rows and all(len(x) == len(polarity.FEATURE_NAMES) for x in rows)
    g = polarity.FEATURE_NAMES.index("g_restated")
    assert any(x[g] == 1.0 and x[0] >= polarity.POLARITY_SEMANTIC_MIN for x in rows)
    assert all(polarity.stage2_probability(x) < polarity._stage2()["threshold"] for x in rows)


# antonym axes need two shared words around the poles now (was three): "giữ bí mật" / "công khai", "trước khi" / "sau khi"
@pytest.mark.parametrize("pair_id", ["D8-028", "D13-062", "D4-016"])
def test_antonyms_with_two_shared_words(pair_id):
    assert meaning.ANTONYM_WINDOW_MIN == 2
    assert pair_label(pair_id) == "conflict"
