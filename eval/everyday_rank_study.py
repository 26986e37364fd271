"""Reranker-level prototypes for everyday-worded questions (helper h-everyday, issue 5), on the rank18 cache
(fused top 30 of phapdien_train … train9 + ALQAC dev split): when the question shares few words with every
candidate (everyday wording), lean on the dense signals. Residual CV as in ``eval/rank18_study.py``.

    PYTHONPATH=. python eval/everyday_rank_study.py explore [f1,f2 …]
    PYTHONPATH=. python eval/everyday_rank_study.py flips f

Columns (per candidate; ``weak`` = 1 − the best ``coverage`` in the pool, a per-question lexical-match gap):
- ``dn_x_weak``: dense_norm × weak;  ``dr_x_weak``: dense_rrank × weak;  ``prf_x_weak``: prf_dense × weak;
- ``dn_x_weakb``: dense_norm × (1 − best bigram_coverage in the pool);
- ``cos_x_weak``: raw cosine minus the pool's best cosine, × weak;
- ``kw_x_weak``: kw_norm × weak (the opposite direction, as a check);
- ``is_law``: the candidate comes from a Luật / Bộ luật;  ``law_x_weak``: is_law × weak.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import rank18_study as R18  # noqa: E402

NEW = ("dn_x_weak", "dr_x_weak", "prf_x_weak", "dn_x_weakb", "cos_x_weak", "kw_x_weak", "weak_only", "is_law",
       "law_x_weak", "law_x_lay", "dn_x_lay", "dr_x_lay", "lay_only", "kw_x_lay",
       "g_law", "g_dn", "g_kw", "g_cov", "g_big", "g_tiq", "g_prf", "g_dr",
       "law_noint", "law_int", "law_yesno", "law_noint_lay", "law_noint_g")


def new_features(it) -> np.ndarray:
    from assistant.rerank import FEATURES

    X = it["X"]
    col = {f: X[:, FEATURES.index(f)] for f in FEATURES}
    weak = 1.0 - col["coverage"].max()
    weakb = 1.0 - col["bigram_coverage"].max()
    F = np.zeros((len(X), len(NEW)))
    F[:, 0] = col["dense_norm"] * weak
    F[:, 1] = col["dense_rrank"] * weak
    F[:, 2] = col["prf_dense"] * weak
    F[:, 3] = col["dense_norm"] * weakb
    d = it.get("dense")
    if d is not None:
        d = np.asarray(d, dtype=np.float64)
        F[:, 4] = (d - d.max()) * weak
    F[:, 5] = col["kw_norm"] * weak
    F[:, 6] = weak
    F[:, 7] = _is_law(it)
    F[:, 8] = F[:, 7] * weak
    import os as _os
    import re as _re0
    src = it["text"] if _os.environ.get("LAY_FROM") == "text" else _re0.sub(r"\s*\([^)]*\)", "", it["query"])
    lay = 1.0 - title_register(it["source"], src)
    F[:, 9] = F[:, 7] * lay
    F[:, 10] = col["dense_norm"] * lay
    F[:, 11] = col["dense_rrank"] * lay
    F[:, 12] = lay
    F[:, 13] = col["kw_norm"] * lay
    g = float(lay > 0.5)  # everyday register: under half of the content bigrams are title phrases
    for j, f in enumerate(("is_law", "dense_norm", "kw_norm", "coverage", "bigram_coverage", "title_in_query",
                           "prf_dense", "dense_rrank")):
        F[:, 14 + j] = g * (F[:, 7] if f == "is_law" else col[f])
    from assistant import rerank as RR
    stem, _ = RR.split_options(it["query"])
    asked = any(q_re.search(RR._fold(stem)) for q_re, _ in RR._INTENT_RES)
    F[:, 22] = F[:, 7] * (not asked)
    F[:, 23] = F[:, 7] * asked
    import re as _re
    yesno = bool(_re.search(r"(có|được|phải|bị)\b.{0,60}\bkhông\s*\??\s*$", RR._fold(stem).strip()))
    F[:, 24] = F[:, 7] * yesno
    F[:, 25] = F[:, 22] * lay
    F[:, 26] = F[:, 22] * g
    return F


_TB: dict = {}
STOP = frozenset("""là gì bao lâu nhiêu mấy nào ai đâu không thì có được của và với cho các những một này đó theo về
trong tại ở bị do hay hoặc mà ra vào đến từ rồi đã sẽ đang nhé ạ vậy sao thế như phải cần nếu khi tôi""".split())


def _syl(s: str) -> list[str]:
    import re
    import unicodedata
    return re.findall(r"\w+", unicodedata.normalize("NFC", s).lower())


def title_register(source: str, text: str) -> float:
    """Share of the question's content syllable bigrams (no question/function word) found in some article title
    of the collection: high for officials' wording, low for everyday wording."""
    if source not in _TB:
        r = R18.S.retriever(source)
        tb = set()
        for c in r.index.chunks:
            t = _syl(c.article_title or "")
            tb.update(zip(t, t[1:]))
        _TB[source] = tb
    s = _syl(text)
    bg = [(a, b) for a, b in zip(s, s[1:]) if a not in STOP and b not in STOP]
    return float(np.mean([p in _TB[source] for p in bg])) if bg else 0.0


def _is_law(it) -> np.ndarray:
    """1 for a candidate from a Luật / Bộ luật (Pháp điển code type LQ; ALQAC: the document type)."""
    r = R18.S.retriever(it["source"])
    ch = r.index.chunks
    out = []
    for row in it["rows"]:
        c = ch[int(r._art_row[int(row)])]
        parts = c.article_id.split(".")
        if len(parts) >= 4:
            out.append(float(parts[2] == "LQ"))
        else:
            out.append(float((c.doc_type or "").lower() in ("luật", "bộ luật")))
    return np.array(out)


def _items():
    items = R18.load_items()
    for it in items:
        it["F"] = new_features(it)
    return items


def explore(*feat_sets):
    items = _items()
    R18.explore_columns(items, NEW, feat_sets)


def flips(feat, folds="5"):
    items = _items()
    R18.print_flips(items, [NEW.index(f) for f in feat.split(",")], int(folds))


if __name__ == "__main__":
    {"explore": explore, "flips": flips}[sys.argv[1]](*sys.argv[2:])
