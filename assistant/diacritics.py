"""Restore Vietnamese diacritics in a question typed without them ("thoi han cap ban sao" → "thời hạn cấp bản sao").

Officials and citizens often type on a phone or a keyboard without a Vietnamese input method. Without its tone and
vowel marks a question matches almost nothing in a word-segmented keyword index, and the answer layer refuses it.

This module learns, from the collection's own text, which marked syllables each unmarked form stands for
(syllable unigram, bigram and trigram counts over the articles) and restores a question with a Viterbi search under
an interpolated trigram model. Entry points: :meth:`DiacriticModel.from_texts` (build), :meth:`DiacriticModel.restore`
(restore one question; returns it unchanged when it does not look unmarked).

What it does not do: it never changes a syllable the user typed with marks (those are context), never touches
numbers, document codes or words the collection does not hold, and it does not correct spelling. It restores to
the collection's vocabulary, so a question about something the collection never mentions stays partly unmarked.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np

# a question is restored when at least this many of its syllables, and this share of them, are unmarked forms
# that the collection almost always writes with marks
MIN_SUSPECT = 2
MIN_SUSPECT_SHARE = 0.3
# … or when it has no mark at all and at least this many of its words are syllables the collection holds
MIN_PLAIN = 3
# an unmarked syllable is "suspect" when its unmarked spelling is below this share of its key's occurrences
SUSPECT_SHARE = 0.05
MAX_FORMS = 8  # marked forms kept per unmarked key (by frequency)
BIGRAM_WEIGHT = 0.99  # interpolation weight of the bigram estimate (against the unigram one)
TRIGRAM_WEIGHT = 0.7  # … and of the trigram estimate (against the bigram one)
ID_BITS = 21  # syllable ids are packed into int64 keys: three per trigram

# How questions are asked, which legal text itself rarely says: counted (weighted by the collection's size) next to
# the collection's text, so that "bao nhieu", "the nao", "dung hay sai" come back as questions, not as "bảo nhiều",
# "thể nào", "dụng".
QUESTION_SEED = (
    "bao nhiêu", "bao nhiêu tiền", "mất bao nhiêu tiền", "phí bao nhiêu", "bao lâu", "bao giờ", "là bao nhiêu",
    "trong bao lâu", "mất bao lâu", "là gì", "gồm những gì",
    "như thế nào", "thế nào", "ra sao", "làm thế nào", "ở đâu", "nộp ở đâu", "tại đâu", "khi nào", "lúc nào",
    "vì sao", "tại sao", "ai", "ai có thẩm quyền", "cơ quan nào", "những ai", "trường hợp nào", "những gì",
    "có được không", "được không", "có phải không", "hay không", "có không", "có bắt buộc không", "phải không",
    "đúng hay sai", "đúng không", "sai không", "có đúng không", "nhận định sau đúng hay sai",
    "tôi có được", "tôi phải làm gì", "cần những giấy tờ gì", "thủ tục như thế nào", "mấy ngày", "mấy năm",
    "mức phạt là bao nhiêu", "bị xử phạt như thế nào", "còn hiệu lực không", "hết hiệu lực chưa", "đã", "chưa",
    "của tôi", "anh", "chị", "em", "ông", "bà", "cháu", "con", "vợ", "chồng", "họ", "nhà tôi", "xin hỏi",
    "tôi muốn hỏi", "muốn biết", "tôi muốn", "thì có được không", "thì phải làm gì", "thì sao", "thì ai",
    "có được", "có phải", "có cần", "có bị", "có thể", "nếu", "mà", "thì", "hay", "hoặc", "khi đó",
    "theo luật năm 2000", "luật năm 2005", "bộ luật năm 2015", "nghị định năm 2020", "ban hành năm 2019",
    # foreign law is asked about, and a collection of Vietnamese law rarely names it
    "theo luật Nhật Bản", "luật Hàn Quốc", "luật Trung Quốc", "luật Hoa Kỳ", "luật Mỹ", "pháp luật của Pháp",
    "luật Đức", "luật Anh", "luật Singapore", "luật Úc", "luật Nga", "luật Thái Lan", "luật Lào", "luật Campuchia",
    "luật Canada", "luật Ấn Độ", "Liên minh châu Âu", "ở Mỹ", "tại Nhật Bản", "pháp luật nước ngoài",
)
SEED_MIN_WEIGHT = 20  # each seed phrase counts at least this often, and once per SEED_TOKENS syllables of text
SEED_TOKENS = 20_000

_TOKEN_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
# counting and context: words, and every number as one symbol ("năm 2006" is "năm <số>", never "nam <số>")
_UNIT_RE = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
NUMBER = "<số>"
# not counted: web addresses, and runs of text written without marks (file names, slugs: "Phu luc kem theo Nghi
# dinh 70_2019_ND-CP.doc"), which would teach the model that "nghi dinh" is how the collection writes it
_URL_RE = re.compile(r"(?:https?://|www\.)\S+")
UNMARKED_RUN = 3


_BOUNDARY_RE = re.compile(r"[.,;:!?()\[\]\"“”«»\n]")


def _unmarked_run(tokens: list[str]) -> bool:
    words = [t for t in tokens if t != NUMBER]
    return len(words) >= UNMARKED_RUN and all(w.isascii() for w in words)


def strip_marks(text: str) -> str:
    """Remove every Vietnamese tone and vowel mark (and đ → d), keeping case."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn"))


def _key(syllable: str) -> str:
    return strip_marks(syllable.lower())


def _match_case(form: str, typed: str) -> str:
    if typed.isupper() and len(typed) > 1:
        return form.upper()
    if typed[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


class DiacriticModel:
    """Syllable unigram, bigram and trigram counts of one collection, keyed by ids (compact numpy arrays)."""

    def __init__(self, vocab: list[str], unigram: np.ndarray, bigram_keys: np.ndarray, bigram_counts: np.ndarray,
                 trigram_keys: np.ndarray | None = None, trigram_counts: np.ndarray | None = None) -> None:
        self.vocab = vocab
        self.ids = {w: i for i, w in enumerate(vocab)}
        self.unigram = unigram.astype(np.int64)
        self.total = max(int(self.unigram.sum()), 1)
        self.bigram_keys = bigram_keys.astype(np.int64)
        self.bigram_counts = bigram_counts.astype(np.int64)
        empty = np.zeros(0, np.int64)
        self.trigram_keys = (trigram_keys if trigram_keys is not None else empty).astype(np.int64)
        self.trigram_counts = (trigram_counts if trigram_counts is not None else empty).astype(np.int64)
        forms: dict[str, list[int]] = {}
        for i, w in enumerate(vocab):
            forms.setdefault(_key(w), []).append(i)
        self.forms = {k: sorted(v, key=lambda i: -self.unigram[i])[:MAX_FORMS] for k, v in forms.items()}
        self._key_total = {k: int(sum(self.unigram[i] for i in v)) for k, v in forms.items()}

    # ------------------------------------------------------------------ build / persist
    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> "DiacriticModel":
        """Count lower-cased syllables, pairs and triples (not across punctuation) over ``texts``."""
        ids: dict[str, int] = {}
        uni: Counter[int] = Counter()
        pairs: list[np.ndarray] = []
        triples: list[np.ndarray] = []

        def count(text: str, times: int = 1) -> int:
            n = 0
            for segment in _BOUNDARY_RE.split(_URL_RE.sub(" ", unicodedata.normalize("NFC", text).lower())):
                toks = [NUMBER if t[0].isdigit() else t for t in _UNIT_RE.findall(segment)]
                if not toks or (times == 1 and _unmarked_run(toks)):
                    continue
                seq = np.fromiter((ids.setdefault(t, len(ids)) for t in toks), dtype=np.int64, count=len(toks))
                for _ in range(times):
                    uni.update(seq.tolist())
                    if len(seq) > 1:
                        pairs.append(_pair_key(seq[:-1], seq[1:]))
                    if len(seq) > 2:
                        triples.append(_triple_key(seq[:-2], seq[1:-1], seq[2:]))
                n += len(toks)
            return n

        n_tokens = sum(count(text) for text in texts)
        weight = max(SEED_MIN_WEIGHT, n_tokens // SEED_TOKENS)
        for phrase in QUESTION_SEED:
            count(phrase, weight)
        if len(ids) >= 1 << ID_BITS:
            raise ValueError(f"quá nhiều âm tiết khác nhau để lập mô hình dấu ({len(ids)})")
        vocab = [""] * len(ids)
        for w, i in ids.items():
            vocab[i] = w
        unigram = np.zeros(len(vocab), np.int64)
        for i, c in uni.items():
            unigram[i] = c
        return cls(vocab, unigram, *_count_keys(pairs), *_count_keys(triples))

    def save(self, path: Path) -> None:
        """Write the counts to ``path`` (.npz), atomically (``assistant.files.written_atomically``)."""
        from assistant.files import written_atomically

        with written_atomically(Path(path), suffix=".npz") as tmp:
            np.savez_compressed(tmp, vocab=np.array(self.vocab, dtype=object).astype(str), unigram=self.unigram,
                                bigram_keys=self.bigram_keys, bigram_counts=self.bigram_counts,
                                trigram_keys=self.trigram_keys, trigram_counts=self.trigram_counts)

    @classmethod
    def load(cls, path: Path) -> "DiacriticModel":
        with np.load(path, allow_pickle=False) as z:
            tri = (z["trigram_keys"], z["trigram_counts"]) if "trigram_keys" in z.files else (None, None)
            return cls([str(w) for w in z["vocab"]], z["unigram"], z["bigram_keys"], z["bigram_counts"], *tri)

    # ------------------------------------------------------------------ restore
    def suspect(self, token: str) -> bool:
        """An unmarked syllable the collection almost always writes with marks ("thoi" for "thời")."""
        if not token.isascii():
            return False
        low = token.lower()
        total = self._key_total.get(low, 0)
        if total == 0:
            return False
        i = self.ids.get(low)
        own = int(self.unigram[i]) if i is not None else 0
        return own < SUSPECT_SHARE * total

    def needs_restoring(self, text: str) -> bool:
        """At least MIN_SUSPECT (and MIN_SUSPECT_SHARE) suspect syllables; or no mark at all in a question of at
        least MIN_PLAIN words the collection holds (short follow-ups: "con phi thi sao?" is all common syllables)."""
        toks = _TOKEN_RE.findall(text)
        n = sum(self.suspect(t) for t in toks)
        if n >= MIN_SUSPECT and n >= MIN_SUSPECT_SHARE * len(toks):
            return True
        known = sum(t.lower() in self._key_total for t in toks)
        return text.isascii() and known >= MIN_PLAIN and known >= 0.5 * len(toks)

    def restore(self, text: str) -> str:
        """``text`` with its unmarked syllables replaced by their most likely marked forms in context, or
        ``text`` itself when it does not look typed without marks (see :meth:`needs_restoring`)."""
        text = unicodedata.normalize("NFC", text)
        if not self.needs_restoring(text):
            return text
        out: list[str] = []
        for segment in _split_keep(text):
            if _BOUNDARY_RE.fullmatch(segment) or not _TOKEN_RE.search(segment):
                out.append(segment)
                continue
            out.append(self._restore_segment(segment))
        return "".join(out)

    def _candidates(self, token: str) -> list[int | None]:
        if token[0].isdigit():
            return [self.ids.get(NUMBER)]
        low = token.lower()
        if not token.isascii():  # typed with marks: fixed context
            return [self.ids.get(low)]
        forms = self.forms.get(low)
        if not forms:
            return [self.ids.get(low)]  # unknown to the collection (a name, an abbreviation): kept as typed
        own = self.ids.get(low)
        return forms if own is None or own in forms else forms + [own]

    def _restore_segment(self, segment: str) -> str:
        matches = list(_UNIT_RE.finditer(segment))
        path = self._viterbi([self._candidates(m.group()) for m in matches])
        pieces, last = [], 0
        for m, c in zip(matches, path):
            typed = m.group()
            pieces.append(segment[last:m.start()])
            keep = c < 0 or not typed.isascii() or typed[0].isdigit() or self.vocab[c] == typed.lower()
            pieces.append(typed if keep else _match_case(self.vocab[c], typed))
            last = m.end()
        pieces.append(segment[last:])
        return "".join(pieces)

    def _viterbi(self, cands: list[list[int | None]]) -> list[int]:
        """Best id per position (-1 = kept as typed), over (previous, current) states, one numpy pass a position."""
        n_vocab = len(self.vocab)
        p_floor = 0.1 / (self.total + 0.1 * n_vocab)
        # states: ids of the two last positions (-1 = none / unknown word), score, index of the state they came from
        sa, sb, score = np.array([-1]), np.array([-1]), np.array([0.0])
        back: list[tuple[np.ndarray, np.ndarray]] = []  # per position: (chosen id, previous state index)
        for cs in cands:
            c_ids = np.array([-1 if c is None else c for c in cs], dtype=np.int64)
            n_s, n_c = len(sa), len(c_ids)
            a, b = np.repeat(sa, n_c), np.repeat(sb, n_c)
            c = np.tile(c_ids, n_s)
            src = np.repeat(np.arange(n_s), n_c)
            known = c >= 0
            cc = np.where(known, c, 0)
            p = (self.unigram[cc] + 0.1) / (self.total + 0.1 * n_vocab)
            bb = np.where(b >= 0, b, 0)
            has_b = (b >= 0) & (self.unigram[bb] > 0) & known
            bc = _lookup_many(self.bigram_keys, self.bigram_counts, _pair_key(bb, cc), has_b)
            p = np.where(has_b, BIGRAM_WEIGHT * bc / np.maximum(self.unigram[bb], 1) + (1 - BIGRAM_WEIGHT) * p, p)
            aa = np.where(a >= 0, a, 0)
            has_a = has_b & (a >= 0)
            ab = _lookup_many(self.bigram_keys, self.bigram_counts, _pair_key(aa, bb), has_a)
            has_ab = has_a & (ab > 0)
            abc = _lookup_many(self.trigram_keys, self.trigram_counts, _triple_key(aa, bb, cc), has_ab)
            p = np.where(has_ab, TRIGRAM_WEIGHT * abc / np.maximum(ab, 1) + (1 - TRIGRAM_WEIGHT) * p, p)
            total = score[src] + np.where(known, np.log(np.maximum(p, p_floor)), 0.0)
            # keep the best way into each new state (b, c)
            group = (b + 1) * (n_vocab + 1) + (c + 1)
            order = np.lexsort((-total, group))
            first = order[np.r_[True, group[order][1:] != group[order][:-1]]]
            sa, sb, score = b[first], c[first], total[first]
            back.append((c[first], src[first]))
        path: list[int] = []
        j = int(np.argmax(score))
        for ids, prev in reversed(back):
            path.append(int(ids[j]))
            j = int(prev[j])
        path.reverse()
        return path


def _pair_key(a, b):  # noqa: ANN001, ANN202 — ints or int64 arrays
    return (a << ID_BITS) | b


def _triple_key(a, b, c):  # noqa: ANN001, ANN202
    return (a << (2 * ID_BITS)) | (b << ID_BITS) | c


def _lookup_many(keys: np.ndarray, counts: np.ndarray, query: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Counts of ``query`` keys in the sorted ``keys`` (0 where absent or where ``mask`` is false)."""
    if not len(keys):
        return np.zeros(len(query), np.int64)
    j = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
    return np.where(mask & (keys[j] == query), counts[j], 0)


def _count_keys(parts: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    if not parts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.unique(np.concatenate(parts), return_counts=True)


def _split_keep(text: str) -> list[str]:
    """``text`` cut at punctuation, the punctuation kept as pieces of its own."""
    return [p for p in re.split(f"({_BOUNDARY_RE.pattern})", text) if p]
