"""Questions typed without Vietnamese marks: restored from the collection's own text (assistant/diacritics.py)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from assistant.diacritics import DiacriticModel, strip_marks

UNMARKED = "Thoi han cap ban sao dien tu tu so goc la bao lau?"
MARKED = "Thời hạn cấp bản sao điện tử từ sổ gốc là bao lâu?"


@pytest.fixture(scope="module")
def sample_model(sample_collection):  # noqa: ANN001
    from assistant.index import Index

    return Index.open(sample_collection).diacritic_model()


def test_strip_marks_removes_tones_vowel_marks_and_d_bar() -> None:
    assert strip_marks("Đơn đề nghị cấp Giấy chứng nhận QUYỀN SỬ DỤNG ĐẤT") == \
        "Don de nghi cap Giay chung nhan QUYEN SU DUNG DAT"


def test_restores_an_unmarked_question_from_the_sample_corpus(sample_model) -> None:  # noqa: ANN001
    assert sample_model.needs_restoring(UNMARKED)
    assert sample_model.restore(UNMARKED) == MARKED
    # case, punctuation and a name the collection holds come back too
    assert sample_model.restore("Phi cap ban sao dien tu o Quang Ninh la bao nhieu?") == \
        "Phí cấp bản sao điện tử ở Quảng Ninh là bao nhiêu?"


def test_marked_and_foreign_text_is_left_alone(sample_model) -> None:  # noqa: ANN001
    assert not sample_model.needs_restoring(MARKED)
    assert sample_model.restore(MARKED) == MARKED
    assert sample_model.restore("Covid vaccine passport") == "Covid vaccine passport"
    # a word restored to itself keeps the case it was typed in ("VNeID", not "Vneid")
    assert "VNeID" in sample_model.restore("Nguoi dan nho can bo dang nhap ho VNeID thi xu ly the nao?")
    # numbers and document codes are kept as typed, unknown words too
    out = sample_model.restore("thoi han theo Nghi dinh 42/2024/ND-CP cho xyzabc")
    assert "42/2024/" in out and "xyzabc" in out and out.startswith("thời hạn")


def test_typed_marks_are_kept_as_context(sample_model) -> None:  # noqa: ANN001
    out = sample_model.restore("thời han cap ban sao dien tu tu so goc")
    assert out == "thời hạn cấp bản sao điện tử từ sổ gốc"


def test_save_and_load_give_the_same_model(sample_model, tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "d.npz"
    sample_model.save(path)
    again = DiacriticModel.load(path)
    assert again.vocab == sample_model.vocab
    assert again.restore(UNMARKED) == MARKED


def test_ingest_writes_the_counts_into_the_index_version(sample_collection) -> None:  # noqa: ANN001
    from assistant.index import DIACRITICS_FILE, Index

    idx = Index.open(sample_collection)
    assert (idx.path / DIACRITICS_FILE).exists()


def test_retriever_finds_the_same_article_for_an_unmarked_question(sample_retriever) -> None:  # noqa: ANN001
    marked = [h.chunk.id for h in sample_retriever.search(MARKED, k=3)]
    unmarked = [h.chunk.id for h in sample_retriever.search(UNMARKED, k=3)]
    assert unmarked == marked


def test_restoration_can_be_switched_off(sample_retriever, monkeypatch) -> None:  # noqa: ANN001
    from assistant.config import get_settings

    monkeypatch.setenv("ASSISTANT_RESTORE_MARKS", "false")
    get_settings.cache_clear()
    try:
        assert sample_retriever.restore_marks(UNMARKED) == UNMARKED
    finally:
        monkeypatch.delenv("ASSISTANT_RESTORE_MARKS")
        get_settings.cache_clear()
    assert sample_retriever.restore_marks(UNMARKED) == MARKED


def test_unmarked_question_is_answered_and_says_how_it_was_read(sample_retriever) -> None:  # noqa: ANN001
    from assistant import answering as A

    ans = A.answer(UNMARKED, collection="sample", retriever=sample_retriever, as_of=date(2026, 1, 1))
    assert not ans.refused
    assert ans.standalone_query == MARKED
    assert ans.citations and "10 ngày làm việc" in ans.text


def test_eval_unmarked_strips_questions_and_options() -> None:
    from assistant.evaluation.datasets import Question, without_marks

    q = Question(question_id="1", text="Thời hạn là bao lâu?", choices={"A": "Mười lăm ngày"})
    (u,) = without_marks([q])
    assert u.text == "Thoi han la bao lau?" and u.choices == {"A": "Muoi lam ngay"}


def test_alqac_dev_questions_restored_almost_word_for_word(shared_data) -> None:  # noqa: ANN001
    """Built from the 28 ALQAC laws only, the dev-split questions come back with ≥ 97 % of syllables right."""
    import re

    from assistant.evaluation.datasets import load_alqac_corpus
    from assistant.text import fix_tone_placement

    corpus = shared_data / "alqac2025"
    model = DiacriticModel.from_texts(text for _, _, text in load_alqac_corpus(corpus / "corpus.json"))
    split = json.loads((Path(__file__).parents[1] / "eval" / "data" / "alqac_split.json").read_text())
    dev = set(split["dev"])
    questions = [q["text"] for q in json.loads((corpus / "train.json").read_text(encoding="utf-8"))
                 if q["question_id"] in dev]
    words = re.compile(r"[^\W\d_]+")
    right = total = 0
    for q in questions:
        want = [fix_tone_placement(w.lower()) for w in words.findall(q)]
        got = [fix_tone_placement(w.lower()) for w in words.findall(model.restore(strip_marks(q)))]
        right += sum(a == b for a, b in zip(want, got))
        total += len(want)
    assert total > 5000 and right / total >= 0.97


def test_short_unmarked_followup_is_restored_then_completed(sample_retriever, sample_model) -> None:  # noqa: ANN001
    """"con phi thi sao?" has no suspect syllable (con, phi, thi, sao are all words as typed) but no mark at all."""
    from assistant import answering as A

    assert sample_model.restore("con phi thi sao?") == "còn phí thì sao?"
    assert sample_model.restore("thi sao") == "thi sao"  # two words: too little to tell
    first = A.answer(UNMARKED, collection="sample", retriever=sample_retriever, as_of=date(2026, 1, 1))
    ans = A.answer("con phi thi sao?", collection="sample", retriever=sample_retriever, as_of=date(2026, 1, 1),
                   history=[(first.standalone_query, first.text)])
    assert not ans.refused
    assert "phí" in ans.standalone_query and "bản sao điện tử" in ans.standalone_query
    assert "đồng/trang" in ans.text


def test_a_version_without_counts_builds_them_once_into_the_cache(sample_collection, tmp_path) -> None:  # noqa: ANN001
    """An index version written before restoring marks existed: counts built from its chunks, cached by version."""
    import shutil

    from assistant.config import Settings
    from assistant.index import DIACRITICS_FILE, Index

    src = Index.open(sample_collection).path
    old = tmp_path / src.name
    shutil.copytree(src, old)
    (old / DIACRITICS_FILE).unlink()
    settings = Settings(cache_dir=tmp_path / "cache")
    model = Index.open_path(old).diacritic_model(settings)
    cached = tmp_path / "cache" / "diacritics" / f"{old.name}.npz"
    assert cached.exists() and model.restore(UNMARKED) == MARKED
    assert Index.open_path(old).diacritic_model(settings).vocab == model.vocab  # read back, same counts
    assert not (old / DIACRITICS_FILE).exists()  # the version directory itself is never written
