"""eval/citation_support.py: strict vs lenient citation precision, missing labels, and the repo's label file."""

import json
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))
import citation_support as cs  # noqa: E402

LAW = "Luật Thử nghiệm"


def _row(qid, gold, cited, *, in_scope=True, refused=False, error=None):
    hit = len({tuple(c) for c in cited} & {tuple(g) for g in gold})
    prec = (hit / len(cited) if cited else 0.0) if in_scope and gold and not refused and not error else None
    return {"question_id": qid, "type": "Đúng/Sai", "in_scope": in_scope, "refused": refused, "error": error,
            "gold": gold, "cited": cited, "citation_precision": prec, "gold_label": "Đúng", "label": "Đúng"}


def _write(path, objs):
    path.write_text("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path):
    a = lambda n: [LAW, str(n)]  # noqa: E731
    rows = [
        _row("q1", [a(1)], [a(1), a(10)]),               # strict 1/2, lenient 2/2 (10 supports)
        _row("q2", [a(2)], [a(20), a(21), a(2)]),        # strict 1/3, lenient 2/3 (20 yes, 21 no)
        _row("q3", [a(3)], []),                          # answered without citation: 0 and 0
        _row("q4", [a(4)], [a(40)], refused=True),       # refused: not scored, its citation needs no label
        _row("q5", [a(5)], [a(50)], error="Boom"),       # error: not scored
        _row("oos", [], [a(60)], in_scope=False),        # out of scope: not scored
    ]
    labels = [
        {"question_id": "q1", "law_id": LAW, "article_id": "10", "supports": True, "why": "cùng quy định"},
        {"question_id": "q2", "law_id": LAW, "article_id": "20", "supports": True, "why": "ngoại lệ cần cho câu trả lời"},
        {"question_id": "q2", "law_id": LAW, "article_id": "21", "supports": False, "why": "việc khác"},
    ]
    return _write(tmp_path / "answers.jsonl", rows), _write(tmp_path / "labels.jsonl", labels), labels


def test_strict_and_lenient_arithmetic_and_reports(files, tmp_path):
    answers, labels, _ = files
    res = cs.run(answers, labels, tmp_path / "rep")
    assert res["n_answered"] == 3
    assert res["citation_precision_strict"] == pytest.approx((1 / 2 + 1 / 3 + 0) / 3)
    assert res["citation_precision_lenient"] == pytest.approx((1 + 2 / 3 + 0) / 3)
    assert (res["n_non_gold_cited"], res["n_labelled"], res["n_supports_yes"], res["n_supports_no"]) == (3, 3, 2, 1)
    assert res["n_unlabelled"] == 0 and res["unused_labels"] == []
    saved = json.loads((tmp_path / "rep.json").read_text(encoding="utf-8"))
    assert saved["citation_precision_lenient"] == pytest.approx(res["citation_precision_lenient"])
    md = (tmp_path / "rep.md").read_text(encoding="utf-8")
    assert "0.278" in md and "0.556" in md and "việc khác" in md  # strict 5/18, lenient 10/18, a reason


def test_missing_label_is_an_error_naming_the_pair_unless_allowed(files, tmp_path, capsys):
    answers, _, labels = files
    partial = _write(tmp_path / "partial.jsonl", [x for x in labels if x["article_id"] != "20"])
    with pytest.raises(cs.InputError) as e:
        cs.run(answers, partial, None)
    assert "q2" in str(e.value) and "Điều 20" in str(e.value) and "partial.jsonl" in str(e.value)
    assert cs.main([str(answers), str(partial), "--out", str(tmp_path / "x")]) == 2
    assert "chưa có nhãn" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()
    res = cs.run(answers, partial, None, allow_missing=True)
    assert res["n_unlabelled"] == 1
    assert res["citation_precision_lenient"] == pytest.approx((1 + 1 / 3 + 0) / 3)  # the unlabelled one does not count


def test_bad_labels_and_stale_strict_value_are_rejected(files, tmp_path):
    answers, labels, rows_labels = files
    dup = _write(tmp_path / "dup.jsonl", rows_labels + [rows_labels[0]])
    with pytest.raises(cs.InputError, match="trùng"):
        cs.run(answers, dup, None)
    bad = _write(tmp_path / "bad.jsonl", [{**rows_labels[0], "supports": "yes"}])
    with pytest.raises(cs.InputError, match="supports"):
        cs.run(answers, bad, None)
    rows = [json.loads(x) for x in answers.read_text(encoding="utf-8").splitlines()]
    rows[0]["citation_precision"] = 1.0  # not what cited/gold give
    stale = _write(tmp_path / "stale.jsonl", rows)
    with pytest.raises(cs.InputError, match="q1"):
        cs.run(stale, labels, None)


RUNS = ("answers-test-afternoon", "answers-test-1128", "answers-test-1128e", "answers-test-1129a", "answers-test-1129k",
        "answers-test-1129o", "answers-test-1130e", "answers-test-1130f", "answers-test-1130k")


@pytest.mark.parametrize("run", RUNS)
def test_repo_labels_cover_the_alqac_test_runs_and_name_real_articles(shared_data, run):
    """The hand labels cover every non-gold article the reported ALQAC test runs cite (the first labelled run and the
    later ones, 28/11 morning and afternoon, 29/11 and 29/11 evening on rebuilt indexes, 30/11), and each label is used by one of them."""
    labels = ROOT / "eval" / "data" / "citation_support_alqac_test.jsonl"
    for line in labels.read_text(encoding="utf-8").splitlines():
        why = json.loads(line)["why"]
        assert why == unicodedata.normalize("NFC", why) and len(why) <= 300
    corpus = shared_data / "alqac2025" / "corpus.json"
    unused = {}
    for name in RUNS:
        answers = ROOT / "eval" / "reports" / name / "answers.jsonl"
        r = cs.run(answers, labels, None, corpus)  # raises if any pair is unlabelled
        unused[name] = {json.dumps(u, sort_keys=True) for u in r["unused_labels"]}
        if name == run:
            res = r
    assert not set.intersection(*unused.values())
    assert res["n_unlabelled"] == 0 and res["n_labelled"] == res["n_non_gold_cited"] > 0
    answers = ROOT / "eval" / "reports" / run / "answers.jsonl"
    strict = json.loads((answers.parent / "metrics.json").read_text(encoding="utf-8"))["citation_precision"]
    assert res["citation_precision_strict"] == pytest.approx(strict)
    assert strict <= res["citation_precision_lenient"] <= 1.0
