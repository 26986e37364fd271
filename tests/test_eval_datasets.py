"""Question-file readers and validation (assistant.evaluation.datasets): errors name the line/item."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from pathlib import Path

import pytest

from assistant.evaluation.datasets import (
    SPLIT_FILE,
    DatasetError,
    Question,
    check_articles,
    load_alqac_corpus,
    load_beir,
    load_out_of_scope,
    load_questions,
    make_split,
    select_split,
    split_of,
    write_split,
)


def _q(qid: str, text: str = "Câu hỏi?", rel=(("Luật A", "1"),), **kw) -> dict:
    d = {"question_id": qid, "question_type": "Đúng/Sai", "text": text,
         "relevant_articles": [{"law_id": l, "article_id": a} for l, a in rel]}
    d.update(kw)
    return d


def _write_json(path: Path, items: list) -> Path:
    path.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return i
    raise AssertionError(needle)


def test_reads_valid_file_with_line_numbers(tmp_path):
    p = _write_json(tmp_path / "q.json", [
        _q("q1"),
        _q("q2", "Chọn đáp án đúng", choices={"A": "một", "B": "hai"}, answer="B", question_type="Trắc nghiệm"),
        _q("q3", rel=()),
    ])
    qs = load_questions(p)
    assert [q.question_id for q in qs] == ["q1", "q2", "q3"]
    # each item's line is the line of its opening brace (the line before "question_id")
    assert qs[1].line == _line_of(p, '"q2"') - 1
    assert qs[1].query("choices") == "Chọn đáp án đúng\nA. một\nB. hai"
    assert qs[1].query("text") == "Chọn đáp án đúng"
    assert qs[0].query("choices") == qs[0].text
    assert qs[2].out_of_scope and not qs[0].out_of_scope
    assert qs[1].is_multiple_choice and qs[1].answer == "B"


def test_missing_fields_name_line_and_item(tmp_path):
    items = [_q("ok1"), _q("bad1"), _q("bad2"), {"text": "không id", "relevant_articles": []}]
    del items[1]["text"]
    items[2]["relevant_articles"] = [{"law_id": "Luật A"}]
    p = _write_json(tmp_path / "q.json", items)
    with pytest.raises(DatasetError) as ei:
        load_questions(p)
    msg = str(ei.value)
    assert str(p) in msg
    assert f"dòng {_line_of(p, 'bad1') - 1} (câu hỏi #2, question_id=bad1): thiếu trường 'text'" in msg
    assert "câu hỏi #3, question_id=bad2" in msg and "thiếu 'article_id'" in msg
    assert "câu hỏi #4): thiếu trường 'question_id'" in msg
    assert len(ei.value.problems) == 3


def test_missing_relevant_articles_field(tmp_path):
    item = _q("x")
    del item["relevant_articles"]
    p = _write_json(tmp_path / "q.json", [item])
    with pytest.raises(DatasetError, match="thiếu trường 'relevant_articles'"):
        load_questions(p)


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"[]", b"[\n]\n"])
def test_empty_file(tmp_path, content):
    p = tmp_path / "empty.json"
    p.write_bytes(content)
    with pytest.raises(DatasetError) as ei:
        load_questions(p)
    assert "rỗng" in str(ei.value) or "không có câu hỏi" in str(ei.value)


def test_wrong_encoding_names_line(tmp_path):
    item = _q("q1", "Café à Paris, dúng hay sai?", question_type="Dung/Sai", rel=(("Luat A", "1"),))
    text = json.dumps([item], ensure_ascii=False, indent=1)
    p = tmp_path / "latin1.json"
    p.write_bytes(text.encode("latin-1"))
    with pytest.raises(DatasetError) as ei:
        load_questions(p)
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "Caf" in l)
    assert f"dòng {line}" in str(ei.value)
    assert "UTF-8" in str(ei.value)


def test_invalid_json_names_line(tmp_path):
    p = tmp_path / "bad.json"
    good = json.dumps(_q("q1"), ensure_ascii=False)
    p.write_text(f"[\n{good},\n{good[:-1]}\n", encoding="utf-8")  # truncated second item
    with pytest.raises(DatasetError, match=r"dòng \d+, cột \d+ \(câu hỏi #2\): JSON không hợp lệ"):
        load_questions(p)
    p.write_text(f"[\n{good}\n{good}\n]", encoding="utf-8")  # missing comma on line 3
    with pytest.raises(DatasetError, match="dòng 3: JSON không hợp lệ, thiếu dấu ','"):
        load_questions(p)


def test_jsonl_and_duplicates(tmp_path):
    p = tmp_path / "q.jsonl"
    p.write_text("\n".join(json.dumps(_q(i), ensure_ascii=False) for i in ["a", "b", "a"]) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"dòng 3 \(question_id=a\): question_id trùng với dòng 1"):
        load_questions(p)
    p.write_text(json.dumps(_q("a")) + "\n\n" + json.dumps(_q("b")) + "\n", encoding="utf-8")
    qs = load_questions(p)
    assert [(q.question_id, q.line) for q in qs] == [("a", 1), ("b", 3)]


def test_nfd_input_is_normalised(tmp_path):
    import unicodedata

    p = _write_json(tmp_path / "q.json", [_q("q1", unicodedata.normalize("NFD", "Viên chức"),
                                          rel=((unicodedata.normalize("NFD", "Luật Viên chức"), 5),))])
    q = load_questions(p)[0]
    assert q.text == unicodedata.normalize("NFC", "Viên chức")
    assert q.relevant == (("Luật Viên chức", "5"),)  # int article id accepted, as string


def test_unknown_articles_named(tmp_path):
    p = _write_json(tmp_path / "q.json", [_q("q1", rel=(("Luật A", "1"),)), _q("q2", rel=(("Luật A", "99"),)),
                                          _q("q3", rel=(("Luật Z", "1"),))])
    qs = load_questions(p)
    known = {("Luật A", "1"), ("Luật A", "2")}
    with pytest.raises(DatasetError) as ei:
        check_articles(qs, known, p)
    msg = str(ei.value)
    assert f"dòng {qs[1].line} (question_id=q2): không có Điều '99' của 'Luật A'" in msg
    assert f"dòng {qs[2].line} (question_id=q3): law_id 'Luật Z' không có trong kho văn bản" in msg
    check_articles(qs[:1], known, p)  # valid subset passes


def test_beir_format(tmp_path):
    d = tmp_path / "beir"
    (d / "qrels").mkdir(parents=True)
    (d / "queries.jsonl").write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in [
            {"_id": "1", "text": "Viên chức là ai?", "metadata": {"question_type": "Tự luận"}},
            {"_id": "2", "text": "Thời tiết hôm nay?"},
        ]), encoding="utf-8")
    (d / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\n1\tLuật Viên chức#2\t1\n1\tLuật Viên chức#3\t0\n", encoding="utf-8")
    qs = load_questions(d)
    assert qs[0].relevant == (("Luật Viên chức", "2"),) and qs[0].question_type == "Tự luận"
    assert qs[1].out_of_scope
    (d / "qrels" / "test.tsv").write_text("1\tLuật Viên chức#2\t1\n7\tX#1\t1\n3\tno-hash\t1\n", encoding="utf-8")
    with pytest.raises(DatasetError) as ei:
        load_beir(d)
    assert "query-id '7' không có" in str(ei.value)
    assert "test.tsv dòng 3" in str(ei.value)


def test_split_is_fixed_deterministic_disjoint(tmp_path):
    ids = [f"train_alqac25_{i}" for i in range(1, 200)]
    qs = [Question(question_id=i, text="x", relevant=(("L", "1"),)) for i in ids]
    for i in ids[:20]:
        expected = "dev" if int(hashlib.sha1(i.encode()).hexdigest(), 16) % 10 < 5 else "test"
        assert split_of(i) == expected
    dev = select_split(qs, "dev", split_file=tmp_path / "none.json")
    test = select_split(qs, "test", split_file=tmp_path / "none.json")
    assert {q.question_id for q in dev}.isdisjoint(q.question_id for q in test)
    assert len(dev) + len(test) == len(qs) and 0.35 < len(dev) / len(qs) < 0.65
    assert select_split(qs, "dev", split_file=tmp_path / "none.json") == dev
    # a saved split file is authoritative and written once
    f = write_split(qs[:10], tmp_path / "split.json")
    saved = json.loads(f.read_text(encoding="utf-8"))
    assert saved["dev"] == make_split(qs[:10])["dev"]
    write_split(qs, tmp_path / "split.json")  # does not overwrite
    assert json.loads(f.read_text(encoding="utf-8")) == saved
    with pytest.raises(ValueError):
        select_split(qs, "train")


def test_real_files(shared_data):
    train = load_questions(shared_data / "alqac2025" / "train.json")
    assert len(train) == 729
    assert sum(q.is_multiple_choice for q in train) == 286
    known = {(l, a) for l, a, _ in load_alqac_corpus(shared_data / "alqac2025" / "corpus.json")}
    assert len(known) == 3368
    check_articles(train, known)
    # the committed split matches the documented rule and covers the train file exactly
    saved = json.loads(SPLIT_FILE.read_text(encoding="utf-8"))
    assert set(saved["dev"]) | set(saved["test"]) == {q.question_id for q in train}
    assert all(split_of(i) == "dev" for i in saved["dev"]) and all(split_of(i) == "test" for i in saved["test"])
    assert len(select_split(train, "dev")) == saved["n_dev"]


def test_out_of_scope_file():
    qs = load_out_of_scope()
    assert len(qs) >= 60 and all(q.out_of_scope for q in qs)
    assert len({q.question_id for q in qs}) == len(qs)


def test_phapdien_out_of_scope_file():
    """Out-of-scope questions written for the Pháp điển subset: ids, categories, NFC, both halves, and none of them
    repeats an in-scope Pháp điển question."""
    path = Path(__file__).resolve().parents[1] / "eval" / "data" / "out_of_scope_phapdien.jsonl"
    qs = load_out_of_scope(path)
    assert len(qs) >= 80 and all(q.out_of_scope and q.category for q in qs)
    assert len({q.question_id for q in qs}) == len(qs)
    assert all(unicodedata.normalize("NFC", q.text) == q.text for q in qs)
    odd = [q for q in qs if int(q.question_id.rsplit("_", 1)[1]) % 2 == 1]
    assert 0 < len(odd) < len(qs)
    assert {q.category for q in qs} >= {"law_not_in_corpus", "document_not_held", "off_topic"}
    in_scope = {q.text for f in ("phapdien_train.json", "phapdien_dev.json")
                for q in load_questions(path.with_name(f))}
    assert not in_scope & {q.text for q in qs}


def test_phapdien_out_of_scope_train2_file():
    """The second set of out-of-scope Pháp điển questions (training data): ids, categories, NFC, no id or text
    shared with the first set, and none of them repeats an in-scope Pháp điển question."""
    data = Path(__file__).resolve().parents[1] / "eval" / "data"
    qs = load_out_of_scope(data / "out_of_scope_phapdien_train2.jsonl")
    assert len(qs) >= 40 and all(q.out_of_scope and q.category for q in qs)
    assert len({q.question_id for q in qs}) == len(qs)
    assert all(unicodedata.normalize("NFC", q.text) == q.text for q in qs)
    assert {q.category for q in qs} <= {"law_not_in_corpus", "document_not_held", "foreign_law", "off_topic"}
    first = load_out_of_scope(data / "out_of_scope_phapdien.jsonl")
    assert not {q.question_id for q in first} & {q.question_id for q in qs}
    assert not {q.text for q in first} & {q.text for q in qs}
    in_scope = {q.text for f in ("phapdien_train.json", "phapdien_train2.json", "phapdien_dev.json")
                for q in load_questions(data / f)}
    assert not in_scope & {q.text for q in qs}


_EVERYDAY_OOS = [("out_of_scope_phapdien_train3.jsonl", "oos_pdt3", 80), ("out_of_scope_phapdien_train4.jsonl", "oos_pdt4", 10),
                 ("out_of_scope_phapdien_train5.jsonl", "oos_pdt5", 10), ("out_of_scope_scenario.jsonl", "oos_scn", 12),
                 ("out_of_scope_phapdien_train6.jsonl", "oos_pdt6", 10),
                 ("out_of_scope_phapdien_train7.jsonl", "oos_pdt7", 20),
                 ("out_of_scope_phapdien_train8.jsonl", "oos_pdt8", 20)]


@pytest.mark.parametrize(("name", "prefix", "least"), _EVERYDAY_OOS)
def test_phapdien_out_of_scope_everyday_files(name, prefix, least):
    """The out-of-scope files written with the everyday Pháp điển sets (train3 … train6; cán bộ xã wording):
    numbered ids, the four categories, NFC, no id or text shared with any other out-of-scope file, and no text equal to
    an in-scope question of any Pháp điển set."""
    data = Path(__file__).resolve().parents[1] / "eval" / "data"
    qs = load_out_of_scope(data / name)
    assert len(qs) >= least and all(q.out_of_scope and q.category for q in qs)
    assert [q.question_id for q in qs] == [f"{prefix}_{i:03d}" for i in range(1, len(qs) + 1)]
    assert all(unicodedata.normalize("NFC", q.text) == q.text for q in qs)
    assert {q.category for q in qs} <= {"law_not_in_corpus", "document_not_held", "foreign_law", "off_topic"}
    texts = {" ".join(q.text.split()).lower() for q in qs}
    assert len(texts) == len(qs)
    for other_name in sorted({p.name for p in data.glob("out_of_scope*.jsonl")} - {name}):
        other = load_out_of_scope(data / other_name)
        assert not {q.question_id for q in other} & {q.question_id for q in qs}, other_name
        assert not {" ".join(q.text.split()).lower() for q in other} & texts, other_name
    in_scope = {" ".join(q.text.split()).lower()
                for f in ["phapdien_dev.json", *sorted(p.name for p in data.glob("phapdien_train*.json")),
                          "colloquial_questions.json"]
                for q in load_questions(data / f)}
    assert not in_scope & texts


def test_scenario_files(shared_data):
    """The story-form sets (scenario_train.json on ALQAC, scenario_phapdien.json on Pháp điển): numbered ids, NFC,
    at least 45 ALQAC questions over at least 12 laws, multiple choice carrying a letter answer, every ALQAC gold id an
    article of the corpus, and no text shared with the ALQAC train file."""
    data = Path(__file__).resolve().parents[1] / "eval" / "data"
    alqac = load_questions(data / "scenario_train.json")
    assert [q.question_id for q in alqac] == [f"scn_{i:03d}" for i in range(1, len(alqac) + 1)]
    assert len(alqac) >= 45 and len({l for q in alqac for l, _ in q.relevant}) >= 12
    known = {(l, a) for l, a, _ in load_alqac_corpus(shared_data / "alqac2025" / "corpus.json")}
    check_articles(alqac, known)
    raw = json.loads((data / "scenario_train.json").read_text(encoding="utf-8"))
    assert all(r["answer"] in r["choices"] for r in raw if r["question_type"] == "Trắc nghiệm")
    assert all(r["answer"] in ("Đúng", "Sai") for r in raw if r["question_type"] == "Đúng/Sai")
    pd = load_questions(data / "scenario_phapdien.json")
    assert [q.question_id for q in pd] == [f"scn_pd_{i:03d}" for i in range(1, len(pd) + 1)] and len(pd) >= 15
    for q in [*alqac, *pd]:
        assert unicodedata.normalize("NFC", q.text) == q.text
    train = {q.text for q in load_questions(shared_data / "alqac2025" / "train.json")}
    assert not train & {q.text for q in [*alqac, *pd]}
