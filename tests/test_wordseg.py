"""The fast word tokenizer (assistant/wordseg.py) gives exactly underthesea's word_tokenize: on a slice of real
questions and sentences (the full check: eval/segment_identity.py), on every character its fast path accepts,
and on the regex tokenizer's corner cases."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from assistant import text as T
from assistant.wordseg import FastWordTokenizer, crfsuite_attributes

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from eval import segment_identity as SI  # noqa: E402


@pytest.fixture(scope="module")
def tokenizers():
    fast = T._tokenizer()
    assert isinstance(fast, FastWordTokenizer)  # the fast path is the one segment() uses
    return fast, T.underthesea_word_tokenize()


def _reference_features(fast: FastWordTokenizer, tokens: list[str]) -> list[list[str]]:
    """underthesea's own featurizer (Rust) output, restricted to the attributes its model knows."""
    import underthesea.pipeline.word_tokenize as wt

    rows = wt.word_tokenize_model.featurizer.process([[[t] for t in tokens]])[0]
    return [[f for f in row if f in fast._attrs] for row in rows]


def test_identical_words_on_real_questions_and_sentences(tokenizers, shared_data) -> None:
    texts = (SI.question_texts(120) + SI.corpus_sentences(300, seed=1)
             + SI.phapdien_sentences(150, seed=1, every=12))
    res = SI.compare(texts)
    assert res["pieces"] > 900 and res["words"] > 8000
    assert res["differences"] == 0, res["examples"][:3]


def test_features_of_every_accepted_character(tokenizers) -> None:
    """lower / istitle / isdigit / is_in_dict of every character the fast path accepts, alone and inside
    words, against the Rust featurizer; characters it does not accept go to underthesea's function."""
    fast, slow = tokenizers
    chars = [chr(c) for c in range(0x20000) if not chr(c).isspace()]
    accepted = [c for c in chars if fast._token(c) is not None]
    assert len(accepted) > 600 and "ơ" in accepted and "Ự" in accepted and "ƛ" not in accepted
    for i in range(0, len(accepted), 50):
        group = accepted[i : i + 50]
        raws = [x for c in group for x in (c, "Đ" + c, c + "ư", c + "A")]
        infos = [fast._token(r) for r in raws]
        assert all(infos)
        assert fast._features(infos) == _reference_features(fast, [x[0] for x in infos])
    # numbers: Rust's i32 parse (sign, leading zeros, range), not str.isdigit
    nums = ["+5", "-5", "007", "2147483647", "2147483648", "-2147483648", "-2147483649", "+", "-", "1_0", "²"]
    infos = [fast._token(r) for r in nums]
    assert fast._features(infos) == _reference_features(fast, nums)
    for piece in ["Ký hiệu ƛ trong văn bản", "Số ١٢ và chữ Σ"]:  # outside the fast path: the same words
        assert fast.features(piece) is None and fast(piece) == slow(piece)


@pytest.mark.parametrize("text", [
    "Thus Thusly ThaSe ThS. Th.S Thìs ABC. ABC", "ʺabcʺ xʺy", "e-mail: a@b.com, http://x.vn/a?b=1 (vnexpress.net)",
    "H'Mông, xã N’Thôn Hạ", "1.600m-2.000m v.v... :D :)) <3 =>", "UBND&HĐND NĐ-CP 43H-0530 4K 3x4 25°C",
    "ngày 02/05/2014, 10:20:50; 60.542.000 đồng", "kết thúc bằng TP.", "TP.\n", "Điều 5.\n", "a_b __ -- ...",
])
def test_regex_tokens_as_underthesea(tokenizers, text) -> None:
    from underthesea.pipeline.word_tokenize.regex_tokenize import patterns, tokenize

    fast, slow = tokenizers
    assert fast.raw_tokens(text) == [m.group() for m in patterns.finditer(text)]
    assert [fast._normalize_token(t) for t in fast.raw_tokens(fast._normalize_text(text))] == tokenize(text)
    assert fast(text) == slow(text)


def test_model_attributes_and_unknown_templates(tokenizers) -> None:
    import underthesea.pipeline.word_tokenize as wt
    from underthesea_core import CRFModel

    fast, _ = tokenizers
    path = Path(wt.__file__).parent / "models" / "ws_crf_vlsp2013_20230727" / "models.bin"
    assert len(crfsuite_attributes(path)) == CRFModel.load(str(path)).num_attributes == len(fast._attrs)
    with pytest.raises(ValueError):
        FastWordTokenizer(tag=None, templates=["T[0]"], dictionary=set(), attributes=frozenset(), slow=None)


def test_concurrent_segmentation_with_caches_emptied(tokenizers) -> None:
    """Threads segmenting at once, while the tokenizer's caches are emptied, get the sequential words."""
    fast, slow = tokenizers
    texts = SI.question_texts(40)
    want = [T.segment_with(t, slow) for t in texts]
    errs: list[str] = []

    def run(k: int) -> None:
        for i, t in enumerate(texts[k::4] * 3):
            if i % 7 == 0:
                fast.clear_caches()
            if T.segment_with(t, fast) != want[texts.index(t)]:
                errs.append(t)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    [th.start() for th in threads]
    [th.join() for th in threads]
    assert not errs
