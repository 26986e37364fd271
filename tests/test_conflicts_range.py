"""Conflict checker: a value inside the other side's range is no numeric clash (issue #6).

Real provisions of the ALQAC corpus (/work/shared/data/alqac2025/corpus.json). ALQAC training question
train_alqac25_630 says "Người đủ 16 tuổi đang cai nghiện ma túy bắt buộc …" against Điều 39 Luật Phòng, chống ma túy
("Người từ đủ 14 tuổi đến dưới 18 tuổi …"): 16 lies in [14, 18), so the statement may be Sai for another reason but
not for its age. A value outside the range ("đủ 12 tuổi", "đủ 18 tuổi": the range ends "dưới 18") still clashes, and
true bounds ("ít nhất", "tối đa", "từ đủ … trở lên") are compared as before.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from assistant.conflicts import analyze, check_pair
from assistant.records import ConflictSide


@lru_cache(maxsize=1)
def _corpus(path: str) -> dict[tuple[str, str], str]:
    laws = json.loads(Path(path).read_text(encoding="utf-8"))
    return {(law["law_id"], a["article_id"]): a["text"] for law in laws for a in law["articles"]}


@pytest.fixture()
def article(shared_data):
    def get(law: str, art: str) -> str:
        text = _corpus(str(shared_data / "alqac2025" / "corpus.json"))[(law, art)]
        return text.split("\n", 1)[1].strip()  # the body, without the article's title line
    return get


def _check(statement: str, provision: str):
    # as the answer path does (``answering.verdict._statement_clash``): both sides as legal text
    return check_pair(ConflictSide(text=statement, citation="Nhận định", doc_type="Luật"),
                      ConflictSide(text=provision, citation="Quy định", doc_type="Luật"))


DRUGS = ("Luật Phòng, chống ma túy", "39")  # "Người từ đủ 14 tuổi đến dưới 18 tuổi đang cai nghiện ma túy bắt buộc …"
TERM = ("Luật Phòng, chống ma túy", "33")  # "… từ đủ 12 tuổi đến dưới 18 tuổi là từ đủ 06 tháng đến 12 tháng."
VOLUNTARY = ("Luật Phòng, chống ma túy", "30")  # "… tại gia đình, cộng đồng là từ đủ 06 tháng đến 12 tháng."


def test_value_reached_inside_range_is_no_numeric_clash(article):
    law = article(*DRUGS)
    assert law.startswith("Người từ đủ 14 tuổi đến dưới 18 tuổi")
    for age in ("đủ 16 tuổi", "16 tuổi", "đủ 14 tuổi"):
        res = _check(law.replace("Người từ đủ 14 tuổi đến dưới 18 tuổi", f"Người {age}", 1), law)
        assert res.label == "no_conflict", (age, res.explanation)


def test_bounds_and_nested_ranges_behave_as_before(article):
    law = article(*DRUGS)
    def label(subject: str) -> str:
        return _check(law.replace("Người từ đủ 14 tuổi đến dưới 18 tuổi", subject, 1), law).label
    assert label("Người từ đủ 12 tuổi trở lên") == "no_conflict"  # the range lies above the floor
    assert label("Người từ đủ 16 tuổi trở lên") == "conflict"  # a floor inside the range
    # a range inside the other is still a clash: two bands for one rule (dev D-124, "độ tuổi gọi nhập ngũ … từ đủ 18
    # tuổi đến hết 25 tuổi" / "… đến hết hai mươi bảy tuổi", is a real conflict of this shape)
    assert label("Người từ đủ 15 tuổi đến dưới 16 tuổi") == "conflict"


def test_exam_statement_is_not_judged_on_its_age(article, shared_data):
    # the real exam statement: Sai because it denies the exemption (modality), not because of "đủ 16 tuổi"
    train = json.loads((shared_data / "alqac2025" / "train.json").read_text(encoding="utf-8"))
    q = next(x for x in train if x["question_id"] == "train_alqac25_630")
    res = _check(q["text"], article(*DRUGS))
    assert res.label == "conflict" and res.kind != "numeric", res.explanation
    assert "16 tuổi" not in res.explanation


@pytest.mark.parametrize("age", ["đủ 12 tuổi", "đủ 18 tuổi", "12 tuổi", "18 tuổi"])
def test_value_outside_range_clashes(article, age):
    # 12 is below the range; 18 is its end after "dưới", so outside too. A plain value is one case too, not the next
    # band of an age scale ("từ đủ 18 tuổi trở lên" would be)
    law = article(*DRUGS)
    res = _check(law.replace("Người từ đủ 14 tuổi đến dưới 18 tuổi", f"Người {age}", 1), law)
    assert res.label == "conflict" and res.kind == "numeric", res.explanation


def test_age_and_term_inside_ranges_agree(article):
    law = article(*TERM)
    assert "từ đủ 12 tuổi đến dưới 18 tuổi là từ đủ 06 tháng đến 12 tháng" in law
    ok = law.replace("từ đủ 12 tuổi đến dưới 18 tuổi", "đủ 15 tuổi", 1)
    assert _check(ok, law).label == "no_conflict"
    assert _check(law.replace("là từ đủ 06 tháng đến 12 tháng", "là 09 tháng", 1), law).label == "no_conflict"
    bad = law.replace("là từ đủ 06 tháng đến 12 tháng", "là 18 tháng", 1)
    assert _check(bad, law).kind == "numeric"


def test_range_end_after_duoi_is_open():
    q = next(q for q in analyze("Người từ đủ 14 tuổi đến dưới 18 tuổi đang cai nghiện").quantities if q.cat == "age")
    assert (q.lo, q.hi, q.bound, q.hi_open) == (14.0, 18.0, "range", True)
    q = next(q for q in analyze("Thanh niên là công dân Việt Nam từ đủ 16 tuổi đến 30 tuổi.").quantities)
    assert (q.bound, q.hi_open) == ("range", False)
    # "đủ" alone is the value reached; "từ đủ … trở lên" is a floor
    assert [q.point for q in analyze("Người đủ 16 tuổi đang cai nghiện").quantities] == [True]
    assert [q.point for q in analyze("Người từ đủ 16 tuổi trở lên đang cai nghiện").quantities] == [False]
    assert [q.point for q in analyze("Người đủ 16 tuổi trở lên đang cai nghiện").quantities] == [False]


@pytest.mark.parametrize("value, clash", [
    ("đủ 09 tháng", False),  # a length reached inside the range
    ("đủ 18 tháng", True),
    # true bounds, compared as before: a range under a maximum / above a minimum agrees, a bound inside it does not
    ("tối đa 12 tháng", False),
    ("ít nhất 06 tháng", False),
    ("ít nhất 09 tháng", True),
    ("tối đa 09 tháng", True),
    # plain values: inside agrees, outside clashes (as before)
    ("09 tháng", False),
    ("18 tháng", True),
])
def test_lengths_against_a_range(article, value, clash):
    law = article(*VOLUNTARY)
    assert "Thời hạn cai nghiện ma túy tự nguyện tại gia đình, cộng đồng là từ đủ 06 tháng đến 12 tháng." in law
    res = _check(law.replace("từ đủ 06 tháng đến 12 tháng", value, 1), law)
    assert (res.label == "conflict" and res.kind == "numeric") == clash, res.explanation
