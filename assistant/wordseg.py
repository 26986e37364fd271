"""A faster, exact equivalent of underthesea's ``word_tokenize(piece)`` (default arguments).

Why
    underthesea 9.x splits a sentence with its regex tokenizer, turns every token into 43 CRF feature strings
    with ``underthesea_core.CRFFeaturizer`` (Rust) and tags them with ``underthesea_core.CRFTagger``. The
    featurizer costs ~24 µs a token (it rebuilds every string, all 43 cross the Python/Rust boundary twice) and
    the tagger ~7 µs (it hashes all 43 strings, most of which the model has never seen and drops).

What this does instead (the tagger, i.e. underthesea's CRF model, still decides every tag)
    - the regex tokens are those of underthesea's own compiled pattern: ``m.group()`` replaces its
      ``extract_match`` (only one named group, the whole alternative, ever matches), and whitespace-free chunks
      of letters only skip the pattern (see :meth:`FastWordTokenizer.raw_tokens` for why that is the same);
    - the 43 features are computed in Python with the featurizer's exact rules (``T[a,b]`` joins tokens with
      " ", ``BOS`` when the first index is before the sentence, else ``EOS`` when an index is past its end;
      ``lower``; ``isdigit`` = parses as an i32 (``+5``, ``-7``, ``007``); ``istitle`` = the first character of
      every " "-separated part is its own upper case; ``is_in_dict`` = the lower-cased text is in the
      model's dictionary), once per token, bigram and trigram (cached);
    - features the model has no attribute for are dropped before the call, in the same order otherwise:
      ``CRFTagger`` drops them itself (``attrs_to_ids_readonly``) and they add nothing to any score, so the
      emission sums, and the Viterbi path, are the same floating-point numbers. The attribute list is read
      from the model file (crfsuite format, CQDB string table).
    Checked on real text by ``python -m eval.segment_identity`` (eval/reports/segment-identity.md) and, for a
    slice and every character the fast path accepts, by tests/test_wordseg.py.

When the fast path is not taken (underthesea's own function runs)
    - a token with a character outside ASCII, Latin-1, Latin Extended-A, ``ơ ư Ơ Ư``, combining marks, the
      Vietnamese letters U+1EA0–U+1EF9 and general punctuation: upper/lower-casing of rarer letters differs
      between Python's and Rust's Unicode versions (e.g. ``ƛ`` has an upper case only since Unicode 16);
    - an empty token or one with a space (never produced by the regex tokenizer);
    - a model whose feature templates are not the 43 known ones (another underthesea version): the constructor
      raises and :mod:`assistant.text` keeps underthesea's function (logged).

Thread-safety: the object is immutable after construction except three bounded dict caches (token, bigram,
trigram; single dict operations, atomic under the GIL; emptied when full, ≤ ~55 MB together); the CRF
model must already be loaded (:func:`assistant.text._tokenizer` loads it once, under a lock).
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from typing import Callable

__all__ = ["FastWordTokenizer", "crfsuite_attributes", "TEMPLATES"]

# the feature templates of underthesea's ws_crf_vlsp2013_20230727 model, in its order
TEMPLATES = [
    "T[-2]", "T[-1]", "T[0]", "T[1]", "T[2]",
    "T[-2,-1]", "T[-1,0]", "T[0,1]", "T[1,2]", "T[-2,0]", "T[-1,1]", "T[0,2]",
    "T[-2].lower", "T[-1].lower", "T[0].lower", "T[1].lower", "T[2].lower",
    "T[-2,-1].lower", "T[-1,0].lower", "T[0,1].lower", "T[1,2].lower",
    "T[-1].isdigit", "T[0].isdigit", "T[1].isdigit",
    "T[-2].istitle", "T[-1].istitle", "T[0].istitle", "T[1].istitle", "T[2].istitle",
    "T[0,1].istitle", "T[0,2].istitle",
    "T[-2].is_in_dict", "T[-1].is_in_dict", "T[0].is_in_dict", "T[1].is_in_dict", "T[2].is_in_dict",
    "T[-2,-1].is_in_dict", "T[-1,0].is_in_dict", "T[0,1].is_in_dict", "T[1,2].is_in_dict",
    "T[-2,0].is_in_dict", "T[-1,1].is_in_dict", "T[0,2].is_in_dict",
]

# characters whose lower/upper case is the same in Python's and Rust's Unicode tables (see the module doc)
_UNSAFE_CHAR = re.compile("[^\x00-\u017f\u01a0\u01a1\u01af\u01b0\u0300-\u0344\u0346-\u036f\u1ea0-\u1ef9\u2000-\u206f]")
_I32 = re.compile(r"[+-]?[0-9]+")
# cache sizes (entries; a cache is emptied when full): ~0.8 kB a token, ~0.3 kB a bigram, ~0.2 kB a trigram
# (measured on 20,000 ALQAC corpus sentences: 2,809 tokens, 44,111 bigrams, 114,697 trigrams, 39 MB) → ≤ 55 MB
_TOKENS_MAX, _BIGRAMS_MAX, _TRIGRAMS_MAX = 30_000, 60_000, 60_000
_CHUNK = re.compile(r"\S+")
_LETTERS = re.compile(r"[^\W\d_]+")
_UNI_PREFIXES = tuple(f"T[{o}]=" for o in (-2, -1, 0, 1, 2))
_LOWER_PREFIXES = tuple(f"T[{o}].lower=" for o in (-2, -1, 0, 1, 2))


def crfsuite_attributes(path: str | Path) -> frozenset[str]:
    """The attribute strings of a crfsuite model file (``lCRF`` header; the attributes are a CQDB chunk)."""
    b = Path(path).read_bytes()
    magic, _size, typ, _ver, _nf, _nl, n_attrs, _of, _ol, off = struct.unpack_from("<4sI4sIIIIIII", b, 0)
    if magic != b"lCRF" or typ != b"FOMC":
        raise ValueError(f"not a crfsuite CRF1d model: {path}")
    cid, _csize, _flag, _order, bwd_size, bwd_off = struct.unpack_from("<4sIIIII", b, off)
    if cid != b"CQDB":
        raise ValueError(f"no CQDB attribute table in {path}")
    out = []
    for k in range(bwd_size):
        (rec,) = struct.unpack_from("<I", b, off + bwd_off + 4 * k)
        if rec:
            _id, ksize = struct.unpack_from("<II", b, off + rec)
            key = b[off + rec + 8 : off + rec + 8 + ksize]
            out.append(key.rstrip(b"\0").decode("utf-8"))
    attrs = frozenset(out)
    if len(attrs) != n_attrs:
        raise ValueError(f"{path}: read {len(attrs)} attributes, the header says {n_attrs}")
    return attrs


def _is_i32(s: str) -> bool:
    """Rust's ``s.parse::<i32>().is_ok()``: an optional sign, ASCII digits, in range (leading zeros allowed)."""
    if _I32.fullmatch(s) is None:
        return False
    digits = s.lstrip("+-").lstrip("0") or "0"
    return len(digits) <= 10 and int(digits) <= 2**31 - (0 if s[0] == "-" else 1)


class FastWordTokenizer:
    """``__call__(piece)`` returns exactly ``underthesea.word_tokenize(piece)``."""

    def __init__(self, *, tag: Callable, templates: list[str], dictionary: set[str], attributes: frozenset[str],
                 slow: Callable[[str], list[str]]) -> None:
        if list(templates) != TEMPLATES:
            raise ValueError("unknown CRF feature templates (another underthesea model?)")
        self._tag = tag
        self._slow = slow
        self._dict = dictionary
        self._attrs = attributes
        from underthesea.pipeline.text_normalize import token_normalize
        from underthesea.pipeline.text_normalize.character_normalize import normalize_characters_in_text
        from underthesea.pipeline.word_tokenize import regex_tokenize

        self._rt = regex_tokenize  # its ``patterns`` is read at each call, as underthesea's tokenize does
        self._normalize_text = normalize_characters_in_text
        self._normalize_token = token_normalize
        # bounded caches (cleared when full): token → its tuple (see _token); token pairs/triples → n-gram tuples
        self._tokens: dict[str, tuple | None] = {}
        self._bigrams: dict[tuple[str, str], tuple] = {}
        self._trigrams: dict[tuple[str, str, str], tuple] = {}
        A = attributes

        def known(s: str) -> str | None:
            return s if s in A else None

        self._known = known
        # constant-valued features: template → value → the string if the model knows it
        self._const = {t: {v: known(f"{t}={v}") for v in ("True", "False", "BOS", "EOS")} for t in TEMPLATES}
        self._slots = {
            f: {v: tuple(self._const[f"T[{o}].{f}"][v] for o in offs) for v in ("True", "False", "BOS", "EOS")}
            for f, offs in (("isdigit", (-1, 0, 1)), ("istitle", (-2, -1, 0, 1, 2)), ("is_in_dict", (-2, -1, 0, 1, 2)))
        }
        # the unigram slots (see _token) of a position before / after the sentence
        pad = {v: self._unigram_slots(v, v, v, v, v) for v in ("BOS", "EOS")}
        self._pad_bos, self._pad_eos = [pad["BOS"]] * 2, [pad["EOS"]] * 2
        # constant slots of the n-gram tuples (see _features), per value: True/False, or a pad (BOS/EOS: every slot)
        bi_t = ("T[-2,-1]", "T[-1,0]", "T[0,1]", "T[1,2]")
        bi_names = bi_t + tuple(t + ".lower" for t in bi_t) + ("T[0,1].istitle",) + tuple(t + ".is_in_dict" for t in bi_t)
        tri_t = ("T[-2,0]", "T[-1,1]", "T[0,2]")
        tri_names = tri_t + ("T[0,2].istitle",) + tuple(t + ".is_in_dict" for t in tri_t)
        C = self._const
        self._bigram_const = {v: tuple(C[t][v] for t in bi_names) for v in ("True", "False", "BOS", "EOS")}
        self._trigram_const = {v: tuple(C[t][v] for t in tri_names) for v in ("True", "False", "BOS", "EOS")}

    @classmethod
    def from_underthesea(cls) -> FastWordTokenizer:
        """Built from underthesea's loaded word-segmentation model (call ``word_tokenize`` once before)."""
        import joblib
        import underthesea.pipeline.word_tokenize as wt

        model = wt.word_tokenize_model
        if model is None:
            raise RuntimeError("underthesea's word_tokenize model is not loaded yet")
        d = Path(wt.__file__).parent / "models" / "ws_crf_vlsp2013_20230727"
        return cls(tag=model.estimator.tag, templates=joblib.load(d / model.path_features),
                   dictionary=joblib.load(d / model.path_dictionary),
                   attributes=crfsuite_attributes(d / model.path_model), slow=wt.word_tokenize)

    # ------------------------------------------------------------------ per token (cached)
    def _token(self, raw: str) -> tuple | None:
        """(normalised token, lower, istitle, 23 unigram features in template order) or None (slow path)."""
        tok = self._normalize_token(raw)
        if not tok or " " in tok or _UNSAFE_CHAR.search(tok):
            return None
        low = tok.lower()
        c = tok[0]
        title = "True" if c.upper() == c else "False"
        digit = "True" if _is_i32(tok) else "False"
        in_dict = "True" if low in self._dict else "False"
        return (tok, low, title == "True", self._unigram_slots(tok, low, digit, title, in_dict))

    def _unigram_slots(self, tok: str, low: str, digit: str, title: str, in_dict: str) -> tuple:
        """The 23 unigram features of a token as seen from each offset: T[-2..2], T[-2..2].lower,
        T[-1..1].isdigit, T[-2..2].istitle, T[-2..2].is_in_dict (None where the model has no such attribute)."""
        A = self._attrs
        return (
            tuple(x if (x := p + tok) in A else None for p in _UNI_PREFIXES)
            + tuple(x if (x := p + low) in A else None for p in _LOWER_PREFIXES)
            + self._slots["isdigit"][digit] + self._slots["istitle"][title] + self._slots["is_in_dict"][in_dict]
        )

    # ------------------------------------------------------------------ features of a sentence
    def _features(self, infos: list[tuple]) -> list[list[str]]:
        n = len(infos)
        A, D = self._attrs, self._dict
        toks = [x[0] for x in infos]
        lows = [x[1] for x in infos]
        titles = [x[2] for x in infos]
        # bigram j (tokens j, j+1) as seen by T[-2,-1], T[-1,0], T[0,1], T[1,2] (plain, then .lower), the
        # istitle of T[0,1], the is_in_dict of the four; pads: start before the sentence → BOS, end past it → EOS
        bc = self._bigram_const
        big = [bc["BOS"], bc["BOS"]]
        cache = self._bigrams
        for j in range(n - 1):
            key = (toks[j], toks[j + 1])
            v = cache.get(key)
            if v is not None:
                big.append(v)
                continue
            t = toks[j] + " " + toks[j + 1]
            lo = lows[j] + " " + lows[j + 1]
            d = bc["True" if lo in D else "False"]
            big.append((
                x if (x := "T[-2,-1]=" + t) in A else None, x if (x := "T[-1,0]=" + t) in A else None,
                x if (x := "T[0,1]=" + t) in A else None, x if (x := "T[1,2]=" + t) in A else None,
                x if (x := "T[-2,-1].lower=" + lo) in A else None, x if (x := "T[-1,0].lower=" + lo) in A else None,
                x if (x := "T[0,1].lower=" + lo) in A else None, x if (x := "T[1,2].lower=" + lo) in A else None,
                bc["True" if titles[j] and titles[j + 1] else "False"][8],
                d[9], d[10], d[11], d[12],
            ))
            if len(cache) >= _BIGRAMS_MAX:
                cache.clear()
            cache[key] = big[-1]
        big += [bc["EOS"], bc["EOS"]]
        # trigram j: T[-2,0], T[-1,1], T[0,2], T[0,2].istitle, is_in_dict of the three
        tc = self._trigram_const
        tri = [tc["BOS"], tc["BOS"]]
        cache = self._trigrams
        for j in range(n - 2):
            key = (toks[j], toks[j + 1], toks[j + 2])
            v = cache.get(key)
            if v is not None:
                tri.append(v)
                continue
            t = toks[j] + " " + toks[j + 1] + " " + toks[j + 2]
            d = tc["True" if lows[j] + " " + lows[j + 1] + " " + lows[j + 2] in D else "False"]
            tri.append((
                x if (x := "T[-2,0]=" + t) in A else None, x if (x := "T[-1,1]=" + t) in A else None,
                x if (x := "T[0,2]=" + t) in A else None,
                tc["True" if titles[j] and titles[j + 1] and titles[j + 2] else "False"][3],
                d[4], d[5], d[6],
            ))
            if len(cache) >= _TRIGRAMS_MAX:
                cache.clear()
            cache[key] = tri[-1]
        tri += [tc["EOS"]] * min(n, 2)
        # unigram features: the tokens' own tuples, two BOS/EOS pads each side (offsets -2..2)
        u = self._pad_bos + [x[3] for x in infos] + self._pad_eos
        rows = []
        for i in range(n):
            a, b, c, d, e = u[i], u[i + 1], u[i + 2], u[i + 3], u[i + 4]
            g2, g1, g0, g3 = big[i], big[i + 1], big[i + 2], big[i + 3]  # bigrams starting at i-2, i-1, i, i+1
            r2, r1, r0 = tri[i], tri[i + 1], tri[i + 2]  # trigrams starting at i-2, i-1, i
            row = [
                a[0], b[1], c[2], d[3], e[4], g2[0], g1[1], g0[2], g3[3], r2[0], r1[1], r0[2],
                a[5], b[6], c[7], d[8], e[9], g2[4], g1[5], g0[6], g3[7],
                b[10], c[11], d[12],
                a[13], b[14], c[15], d[16], e[17], g0[8], r0[3],
                a[18], b[19], c[20], d[21], e[22], g2[9], g1[10], g0[11], g3[12], r2[4], r1[5], r0[6],
            ]
            rows.append(list(filter(None, row)))  # the features the model knows (strings are never empty)
        return rows

    def clear_caches(self) -> None:
        self._tokens.clear()
        self._bigrams.clear()
        self._trigrams.clear()

    def features(self, piece: str) -> list[list[str]] | None:
        """The features (known to the model) the tagger gets for ``piece``; None when the slow path is needed."""
        infos = self._infos(piece)
        return None if infos is None else self._features(infos)

    def raw_tokens(self, text: str) -> list[str]:
        """underthesea's regex tokens of ``text`` (``[m.group() for m in patterns.finditer(text)]``), faster.

        No alternative of underthesea's pattern matches whitespace or the empty string, so every match lies
        inside one whitespace-free chunk and a scan restarted at a chunk's start (``finditer(text, pos)``, which
        keeps the look-behinds and ``$`` of the whole text) finds the same matches there. A chunk of letters
        only (``[^\\W\\d_]+``) is one ``word`` match: every earlier alternative needs a digit, a punctuation or
        symbol character, except ``Th.S``/``Th.s`` (an unescaped dot: any character) and the letter ``ʺ``
        (``punct``); chunks starting with "Th" or holding "ʺ" go through the pattern."""
        pat = self._rt.patterns  # read at each call, as underthesea's tokenize does
        out: list[str] = []
        for c in _CHUNK.finditer(text):
            s = c.group()
            if _LETTERS.fullmatch(s) and not s.startswith("Th") and "ʺ" not in s:
                out.append(s)
                continue
            end = c.end()
            for m in pat.finditer(text, c.start()):
                if m.start() >= end:
                    break
                out.append(m.group())
        return out

    def _infos(self, piece: str) -> list[tuple] | None:
        return self._lookup(self.raw_tokens(self._normalize_text(piece)))

    def _lookup(self, raws: list[str]) -> list[tuple] | None:
        """The tuples (see _token) of the regex tokens, or None if one needs the slow path."""
        cache = self._tokens
        infos = []
        for raw in raws:
            info = cache.get(raw, False)
            if info is False:
                info = self._token(raw)
                if len(cache) >= _TOKENS_MAX:
                    cache.clear()
                cache[raw] = info
            if info is None:
                return None
            infos.append(info)
        return infos

    def __call__(self, piece: str) -> list[str]:
        infos = self._infos(piece)
        if infos is None:
            return self._slow(piece)
        if not infos:
            return []
        tags = self._tag(self._features(infos))
        output: list[str] = []
        for i, (tag, info) in enumerate(zip(tags, infos)):
            if tag == "I-W" and i > 0:
                output[-1] = output[-1] + " " + info[0]
            else:
                output.append(info[0])
        return output
