"""Article titles in the batch ranking, on real Pháp điển pairs (../shared/data/phapdien): a clash between two
articles whose titles name different matters ("Thu hồi giấy phép" / "Trình tự cấp lại giấy phép lao động") is weighed
by ``ranking.TITLE_MISMATCH_WEIGHT`` and says so, and stays a conflict; a real or probable clash between articles on
one matter carries no such note. (The order in the whole batch, after the document-relation weights, is measured with
eval/rescore_batch.py.)

Hand labels: eval/reports/conflicts-phapdien-h-batch-base-top60-labels.jsonl (whole-subset run of h-conf9,
/tmp/h-conf9/pd.json ranks 12, 16, 17 and 28)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from assistant.chunking import chunk
from assistant.conflicts import check_pair, side_from_chunk
from assistant.conflicts import ranking as R
from assistant.legal import parse
from assistant.loaders import load

FILES = {
    "20.2": "lao-dong/lao-dong.md", "17.2": "ke-toan-kiem-toan/kiem-toan-doc-lap.md",
    "18.1": "khieu-nai-to-cao/khieu-nai.md", "37.2": "to-tung-va-cac-phuong-thuc-giai-quyet-tranh-chap/pha-san.md",
    "4.4": "bo-tro-tu-phap/luat-su.md",
}
TITLE_NOTE = "Tiêu đề hai điều nói về hai nội dung khác nhau"


@lru_cache(maxsize=None)
def _articles(root: str, topic: str) -> dict:
    out = {}
    for raw in load(Path(root) / "phapdien" / FILES[topic]):
        for c in chunk(parse(raw), "phapdien"):
            out.setdefault(c.citation.split(" (")[0], c)
    return out


def _check(shared_data, x: str, y: str):
    def side(art: str):
        topic = ".".join(art.split()[-1].split(".")[:2])
        return side_from_chunk(_articles(str(shared_data), topic)[art])

    return check_pair(side(x), side(y))


# hand label "false alarm": two steps, procedures or records of one field, the titles say so
TWO_MATTERS = [
    # revoking a work permit vs re-issuing one (NĐ 152/2020): 3 vs 5 working days are two procedures
    ("Khoản 3 Điều 20.2.NĐ.3.28", "Điều 20.2.NĐ.4.14"),
    # records of auditors' training kept 5 years vs audit files kept 10 years
    ("Điều 17.2.TT.1.14", "Điều 17.2.LQ.50"),
    # appointing an insolvency administrator vs sending the decision on a credit institution's bankruptcy
    ("Điều 37.2.LQ.45", "Điều 37.2.NQ.1.6"),
]
# hand label "conflict (probable)": two circulars implementing Luật Khiếu nại, one step (sending the second-instance
# decision), the titles name the same matter
PROBABLE = ("Điều 18.1.TT.1.22", "Điều 18.1.TT.7.20")
# hand label "conflict": the same step (accepting a complaint), same title in the Law and the circular
REAL = ("Điều 18.1.LQ.27", "Điều 18.1.TT.1.5")


@pytest.mark.parametrize("x,y", TWO_MATTERS, ids=[f"{x}~{y}" for x, y in TWO_MATTERS])
def test_two_matters_are_weighed_down_and_say_why(shared_data, monkeypatch, x, y):
    c = _check(shared_data, x, y)
    assert c.label == "conflict"  # weighed down, never dropped
    assert TITLE_NOTE in c.explanation
    monkeypatch.setattr(R, "TITLE_MISMATCH_WEIGHT", 1.0)
    assert c.confidence < _check(shared_data, x, y).confidence


def test_one_matter_keeps_its_weight(shared_data):
    for x, y in (PROBABLE, REAL):
        c = _check(shared_data, x, y)
        assert c.label == "conflict" and TITLE_NOTE not in c.explanation


def test_title_overlap_needs_two_titles():
    assert R.title_overlap("Thu hồi giấy phép\n1. Giấy phép bị thu hồi …", "Trình tự cấp lại giấy phép lao động\n1. …") < 0.5
    assert R.title_overlap("Người lao động phải báo trước 30 ngày.", "Thụ lý giải quyết khiếu nại\n1. …") is None
