"""Ranking study (helper h-rank19): h-rank18's ``doc_title_cover`` restricted so that it generalises beyond Pháp điển,
and a case-qualifier mismatch feature.

Training data only: phapdien_train … phapdien_train9 and the ALQAC dev split (both query modes), through
``eval/rank18_study.py``'s cache and served-order replay. Never phapdien_dev.json, never ALQAC test.
Report: eval/reports/rank19-title-scope.md.

    PYTHONPATH=. python eval/rank18_study.py cache            # once: fused top 30 of every query
    PYTHONPATH=. R18_SPLITS=8 python eval/rank19_study.py explore [f1,f2 …]   # residual CV of prototype columns
    PYTHONPATH=. python eval/rank19_study.py flips f           # questions whose first rank the CV fit changes
"""
from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))
import numpy as np  # noqa: E402
import pd_rank_study as S  # noqa: E402
import rank16_study as R16  # noqa: E402
import rank18_study as R18  # noqa: E402

# h-rank18's function syllables (``doc_title_cover`` reads the question's other syllables)
QFS = frozenset("""là gì bao lâu nhiêu mấy nào ai đâu không có được thì như thế sao nếu khi phải
cần của và với cho các những một này đó theo về trong tại ở bị do hay hoặc mà ra vào lên đến từ rồi đã sẽ đang nhé ạ
vậy bằng cách việc người chưa""".split())
# the kinds of legal document whose title names its matter; guides, handbooks, Q&A pages are not among them
LEGAL_TYPES = frozenset({"luật", "bộ luật", "nghị định", "thông tư", "thông tư liên tịch", "pháp lệnh", "nghị quyết",
                         "quyết định", "hiến pháp", "pháp điển", "văn bản hợp nhất"})
# a document title's words that name its kind, not its matter
TYPE_SYL = frozenset("luật bộ nghị định thông tư pháp lệnh quyết hiến liên tịch".split())

NEW = ("dtc", "dtc_legal", "dtc_x_tshare", "dtc_x_sqrt_tshare", "dtc_cap8", "dtc_cap12", "dtc_lenw8", "dtc_f1",
       "dtc_tshare50", "dtc_legal_cap12", "tshare", "dtc_legal_lenw12", "dtc_legal_x_tshare", "dtc_cap16",
       "dtc_lenw12", "dtc_legal_cap16")
N_DTC = len(NEW)  # the title columns (``new_features``); the qualifier columns follow


# sibling qualifiers: a question naming one (``Q``: the capture is the value) against a candidate whose heading path
# (đề mục / document title, chương, mục, article title) names another of the same group and not the question's
_KIND = r"(dân sự|hình sự|hành chính)"
QUALIFIERS = {
    "case": (rf"(?:tố tụng|vụ án|bản án|vụ việc|thi hành án|phiên tòa|xét xử) {_KIND}",
             rf"(?:tố tụng|vụ án|bản án|vụ việc|thi hành án|phiên tòa|xét xử) {_KIND}|^{_KIND}(?: ›|$)"),
    "border": (r"biên giới (?:quốc gia )?(?:trên )?(biển|đất liền)", r"biên giới (?:quốc gia )?(?:trên )?(biển|đất liền)"),
    "round": (r"lần (đầu|hai|thứ hai)", r"lần (đầu|hai|thứ hai)"),
    "residence": (r"(thường trú|tạm trú)", r"(thường trú|tạm trú)"),
    "level": (r"cấp (xã|huyện|tỉnh|cao|trung ương)", r"cấp (xã|huyện|tỉnh|cao|trung ương)"),
    "instance": (r"(sơ thẩm|phúc thẩm|giám đốc thẩm|tái thẩm)", r"(sơ thẩm|phúc thẩm|giám đốc thẩm|tái thẩm)"),
}
_QRES = {k: (re.compile(rf"(?<!\w){q}(?!\w)"), re.compile(rf"(?<!\w){t}(?!\w)")) for k, (q, t) in QUALIFIERS.items()}
_NORM = {"thứ hai": "hai"}
NEW += tuple(f"mm_{k}" for k in QUALIFIERS) + tuple(f"match_{k}" for k in QUALIFIERS) + (
    "mm_core", "match_core", "signed_core", "mm_all", "signed_all")


def _vals(rx, text: str) -> set[str]:
    out = set()
    for m in rx.finditer(text):
        v = next(g for g in m.groups() if g)
        out.add(_NORM.get(v, v))
    return out


def qual_columns(it) -> np.ndarray:
    """Per group: -1 the candidate's path names only sibling qualifiers of the question's, +1 it names the question's,
    0 neither (or the question names none)."""
    from assistant.rerank import _fold
    r = S.retriever(it["source"])
    ch = r.index.chunks
    q = _fold(it["query"])
    arts = [int(a) for a in r._art_row[np.asarray(it["rows"], dtype=np.int64)]]
    out = np.zeros((len(arts), len(_QRES)))
    for g, (qre, tre) in enumerate(_QRES.values()):
        qv = _vals(qre, q)
        if not qv:
            continue
        for i, a in enumerate(arts):
            c = ch[a]
            path = _fold(" › ".join(list(c.heading_path[:-1]) + [c.article_title or ""]))
            pv = _vals(tre, path)
            if pv & qv:
                out[i, g] = 1.0
            elif pv:
                out[i, g] = -1.0
    return out


def _syl(text: str) -> list[str]:
    from assistant.rerank import _fold
    return re.findall(r"\w+", _fold(text or ""))


def new_features(it):
    r = S.retriever(it["source"])
    st = r._kstats
    ch = r.index.chunks
    q = _syl(it["query"])
    qset = set(q)
    qc = {s: st.syllable_idf(s) for s in q if s not in QFS and not s.isdigit()}
    qcw = sum(qc.values())
    m = len(it["rows"])
    F = np.zeros((m, N_DTC))
    if qcw <= 0:
        return F
    for i, row in enumerate(it["rows"]):
        c = ch[row]
        _, title, _ = r._doc_titles.get(c.doc_id, ("", "", None))
        if not title:
            continue
        ts = set(re.findall(r"\w+", title))
        legal = c.doc_type.lower() in LEGAL_TYPES or bool(c.source_citation)
        dtc = sum(v for s, v in qc.items() if s in ts) / qcw
        tcont = [s for s in ts if s not in QFS and s not in TYPE_SYL and not s.isdigit()]
        tw = sum(st.syllable_idf(s) for s in tcont)
        tshare = sum(st.syllable_idf(s) for s in tcont if s in qset) / tw if tw else 0.0
        n = len(tcont)
        F[i, 0] = dtc
        F[i, 1] = dtc if legal else 0.0
        F[i, 2] = dtc * tshare
        F[i, 3] = dtc * np.sqrt(tshare)
        F[i, 4] = dtc if n <= 8 else 0.0
        F[i, 5] = dtc if n <= 12 else 0.0
        F[i, 6] = dtc * min(1.0, 8 / max(n, 1))
        F[i, 7] = 2 * dtc * tshare / (dtc + tshare) if dtc + tshare else 0.0
        F[i, 8] = dtc if tshare >= 0.5 else 0.0
        F[i, 9] = dtc if legal and n <= 12 else 0.0
        F[i, 10] = tshare
        F[i, 11] = dtc * min(1.0, 12 / max(n, 1)) if legal else 0.0
        F[i, 12] = dtc * tshare if legal else 0.0
        F[i, 13] = dtc if n <= 16 else 0.0
        F[i, 14] = dtc * min(1.0, 12 / max(n, 1))
        F[i, 15] = dtc if legal and n <= 16 else 0.0
    return F


def _items():
    t0 = time.perf_counter()
    items = R18.load_items()
    for it in items:
        Q = qual_columns(it)
        mm = (Q < 0).astype(float)
        core = [list(_QRES).index(k) for k in ("case", "border", "round", "residence")]
        it["F"] = np.c_[new_features(it), mm, (Q > 0).astype(float), mm[:, core].max(1), (Q[:, core] > 0).max(1),
                        Q[:, core].sum(1), mm.max(1), Q.sum(1)]
    print(f"features {time.perf_counter() - t0:.0f}s", flush=True)
    return items


def explore(*feat_sets):
    items = _items()
    R18.explore_columns(items, NEW, feat_sets)


def flips(feat, folds="5"):
    R18.print_flips(_items(), [NEW.index(f) for f in feat.split(",")], int(folds))


COMMANDS = {"explore": explore, "flips": flips}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])
