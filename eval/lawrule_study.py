"""Ranking study (helper h-lawrule, issue 5): what the question asks (a rule / permission / right vs a procedure /
dossier / deadline) against what each candidate article does (read from its title and text).

Training data only: phapdien_train … phapdien_train11, colloquial_questions.json, scenario_phapdien.json and the ALQAC
dev split, through ``eval/rank18_study.py``'s served-order replay and residual CV (its own cache file, with the extra
training files). Never phapdien_dev.json, fresh25, ALQAC test. Report: eval/reports/lawrule-study.md.

    PYTHONPATH=. python eval/lawrule_study.py cache            # fused top 30 of every query → eval/out/lawrule_cache.pkl
    PYTHONPATH=. python eval/lawrule_study.py base             # served metrics per set
    PYTHONPATH=. python eval/lawrule_study.py misses           # everyday non-first golds within the 30: top vs gold
    PYTHONPATH=. R18_SPLITS=4 python eval/lawrule_study.py explore [f1,f2 …]
    PYTHONPATH=. python eval/lawrule_study.py flips f
    PYTHONPATH=. python eval/lawrule_study.py classes          # what the everyday rank 2–30 cases are
    R18_RESID=procedure_for_rule PYTHONPATH=. python eval/lawrule_study.py fitcv   # CV of a shipped residual term
                                                               # (its column zeroed in the base) on this cache; no write
    PYTHONPATH=. python eval/lawrule_study.py diff [feature]   # flips of a shipped residual term (its weight 0 vs fitted)
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))
import numpy as np  # noqa: E402
import pd_rank_study as S  # noqa: E402
import rank16_study as R16  # noqa: E402
import rank18_study as R18  # noqa: E402

DATA = ROOT / "eval" / "data"
R16.PD_FILES = [DATA / f"phapdien_train{s}.json" for s in ("", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11")] + [
    DATA / "colloquial_questions.json", DATA / "scenario_phapdien.json"]
CACHE = R18.T.OUT / "lawrule_cache.pkl"
R16.CACHE = CACHE
R18.CACHE = CACHE
EVERYDAY = ("phapdien_train3", "phapdien_train4", "phapdien_train11", "colloquial_questions")
R18.EVERYDAY = EVERYDAY
# the fit of the shipped lay_law weight: train … train9 (+ ALQAC dev); train10, train11, colloquial and scenario were not in it
HELD = ("phapdien_train10", "phapdien_train11", "colloquial_questions", "scenario_phapdien")
R18.GROUPS = (
    ("pd", lambda it: it["source"] == "phapdien"),
    ("pd-official", lambda it: it["source"] == "phapdien" and it["file"] not in EVERYDAY),
    ("pd-everyday", lambda it: it["file"] in EVERYDAY),
    ("alqac-text", lambda it: it["source"] == "alqac" and it["mode"] == "text"),
    ("alqac-choices", lambda it: it["source"] == "alqac" and it["mode"] == "choices"),
)


def cache():
    R16.cache()


def base():
    R18.base()


def misses():
    from assistant.rerank import FEATURES, from_law
    items = R18.load_items()
    served = R18.served_scores(items)
    r = S.retriever("phapdien")
    ch = r.index.chunks
    for it, (order, rs) in zip(items, served):
        if it["file"] not in EVERYDAY:
            continue
        rr, first, _ = R16.rr_of(it, order, k=30)
        if first in (1, None):
            continue
        arts = [int(a) for a in r._art_row[np.asarray(it["rows"], dtype=np.int64)]]
        t, g = ch[arts[order[0]]], ch[arts[order[first - 1]]]
        lay = it["X"][0, FEATURES.index("lay_law")] or it["X"][:, FEATURES.index("lay_law")].max()
        print(f"{it['file'][-6:]} {it['qid']} gold@{first} lay={int(lay > 0)} | {it['text'][:110]}")
        print(f"    top  {t.article_id:14s} law={int(from_law(t))} {t.article_title[:70]}")
        print(f"    gold {g.article_id:14s} law={int(from_law(g))} {g.article_title[:70]}")


# ---------------------------------------------------------------- prototype columns
# what the question asks: a procedure (how to do it, the dossier, where, the fee, the form: ``rerank.INTENTS`` but the
# deadline, age and sanction ones, plus "thủ tục / làm thế nào / cần làm gì") vs a rule (may I, must I, is it banned:
# a yes/no question on an act)
Q_PROC = re.compile(r"(?<!\w)(?:thủ tục|trình tự|hồ sơ|giấy tờ (?:gì|nào)|những giấy tờ|làm (?:thế nào|sao|như thế nào)|"
                    r"cần làm gì|phải làm gì|làm gì tiếp|các bước|ở đâu|cơ quan nào|nộp (?:cho|ở|tại) |nơi nào|"
                    r"(?:xã|huyện|tỉnh|cấp|ủy ban) nào|bằng cách nào|hình thức nào|cách thức|lệ phí|mức thu|đăng ký)(?!\w)")
Q_YESNO = re.compile(r"(?<!\w)(?:có|được|phải|bị|cần|bắt buộc)(?!\w).{0,120}(?<!\w)(?:không|chưa|được không)\s*\??\s*$")
Q_RULE = re.compile(r"(?<!\w)(?:có được|được phép|có quyền|có phải|phải|bắt buộc|có bị|bị cấm|cấm|có cần|"
                    r"được hưởng|được không)(?!\w)")
# what an article does, read from its title: a procedure (how, by whom, with which papers) or a rule (rights,
# duties, bans, conditions, principles, the act itself)
T_PROC = re.compile(r"(?<!\w)(?:thủ tục|trình tự|hồ sơ|quy trình|tiếp nhận|biểu mẫu|mẫu|cách thức|thẩm quyền)(?!\w)")
T_PROC_HEAD = re.compile(r"^(?:thủ tục|trình tự|hồ sơ|quy trình|tiếp nhận|biểu mẫu|mẫu|cách thức|thẩm quyền|"
                         r"cấp, cấp lại|cấp đổi|cấp lại|đăng ký|đề nghị|lập|ký|gửi|nộp)(?!\w)")
T_RULE = re.compile(r"(?<!\w)(?:quyền|nghĩa vụ|trách nhiệm|nghiêm cấm|bị cấm|cấm|không được|điều kiện|nguyên tắc|"
                    r"chế độ|tiêu chuẩn)(?!\w)")
# the same read from the article's text: lines that say how to file vs lines that say what one may / must not do
X_PROC = re.compile(r"(?<!\w)(?:hồ sơ|nộp|tiếp nhận|ngày làm việc|tờ khai|văn bản đề nghị|đơn đề nghị|trả kết quả|"
                    r"bản sao|trực tuyến|thẩm định|giấy biên nhận|cổng dịch vụ công)(?!\w)")
X_RULE = re.compile(r"(?<!\w)(?:không được|có quyền|nghiêm cấm|bị cấm|được hưởng|có nghĩa vụ|có trách nhiệm|"
                    r"phải chịu|được phép|bị phạt|bị xử lý)(?!\w)")
NEW = ("proc_noask", "proc_yesno", "rule_yesno", "proc_ask", "rule_ask", "signed", "head_noask", "head_yesno",
       "xproc_noask", "xproc_yesno", "xrule_yesno", "xsigned", "proc_rule", "rule_rule", "head_rule",
       "proc_noask_lay", "xproc_rule", "law_yesno_noask", "law_rule_noask", "proc_minus_law")
# the same without "thẩm quyền": "may the chief X do Y?" is answered by the article on X's competence
T_PROC_NT = re.compile(r"(?<!\w)(?:thủ tục|trình tự|hồ sơ|quy trình|biểu mẫu|mẫu|cách thức)(?!\w)")
NEW = NEW + ("proc_rule_nt", "proc_noask_nt", "proc_yesno_nt", "nt_minus_law")
GATED = ("proc_rule", "xsigned", "proc_minus_law", "xproc_rule", "signed", "proc_yesno", "xproc_noask", "proc_noask")
NEW = NEW + tuple(f"{f}_reg" for f in GATED)


def new_features(it) -> np.ndarray:
    from assistant import rerank as RR
    r = S.retriever(it["source"])
    ch = r.index.chunks
    stem, _ = RR.split_options(it["query"])
    q = RR._fold(RR._BRACKET_RE.sub("", stem)).strip()
    asked_intent = any(q_re.search(q) for q_re, _ in RR._INTENT_RES)
    ask_proc = bool(Q_PROC.search(q))
    noask = not asked_intent and not ask_proc
    yesno = bool(Q_YESNO.search(q))
    rule = bool(Q_RULE.search(q)) and not ask_proc
    lay = float(it["X"][:, RR.FEATURES.index("lay_law")].max() > 0)
    reg = float(RR.lay_register(stem, r._kstats.title_bigrams(ch)) > RR.LAY_GATE)
    arts = [int(a) for a in r._art_row[np.asarray(it["rows"], dtype=np.int64)]]
    F = np.zeros((len(arts), len(NEW)))
    for i, a in enumerate(arts):
        c = ch[a]
        t = RR._fold(c.article_title or "")
        tp, th, tr = bool(T_PROC.search(t)), bool(T_PROC_HEAD.search(t)), bool(T_RULE.search(t)) and not T_PROC.search(t)
        lines = [x for x in RR._LINE_SPLIT_RE.split(RR._fold(c.text)) if len(x) > 20]
        n = max(len(lines), 1)
        xp = sum(bool(X_PROC.search(x)) for x in lines) / n
        xr = sum(bool(X_RULE.search(x)) for x in lines) / n
        law = RR.from_law(c)
        F[i] = (tp * noask, tp * yesno, tr * yesno, tp * ask_proc, tr * ask_proc, (tp - tr) * (ask_proc - rule),
                th * noask, th * yesno, xp * noask, xp * yesno, xr * yesno, (xp - xr) * (ask_proc - rule),
                tp * rule, tr * rule, th * rule, tp * noask * lay, xp * rule, law * yesno * (not asked_intent),
                law * rule * (not asked_intent), (tp - law) * rule) + (0.0,) * (len(NEW) - 20)
        tn = bool(T_PROC_NT.search(t))
        F[i, NEW.index("proc_rule_nt")] = tn * rule
        F[i, NEW.index("proc_noask_nt")] = tn * noask
        F[i, NEW.index("proc_yesno_nt")] = tn * yesno
        F[i, NEW.index("nt_minus_law")] = (tn - law) * rule
    base = len(NEW) - len(GATED)
    for k, f in enumerate(GATED):
        F[:, base + k] = F[:, NEW.index(f)] * reg
    return F


def classes():
    """Counts over the everyday questions whose first gold is in the cached 30 but not first (served order): the
    document kinds of the top and the gold (Luật or not, same document or not), whether each title reads as a
    procedure (``T_PROC``) or a rule (``T_RULE``), and what the question asks (a practical intent / ``Q_PROC``, a
    yes/no rule question, neither)."""
    from collections import Counter
    from assistant import rerank as RR
    items = R18.load_items()
    served = R18.served_scores(items)
    r = S.retriever("phapdien")
    ch = r.index.chunks
    cnt = {k: Counter() for k in ("docs", "titles", "asks", "asks_x_titles")}
    n = 0
    for it, (order, _) in zip(items, served):
        if it["file"] not in EVERYDAY:
            continue
        first = R16.rr_of(it, order, k=30)[1]
        if first in (1, None):
            continue
        n += 1
        arts = [int(a) for a in r._art_row[np.asarray(it["rows"], dtype=np.int64)]]
        t, g = ch[arts[order[0]]], ch[arts[order[first - 1]]]
        kind = lambda c: "law" if RR.from_law(c) else "sub-law"  # noqa: E731
        same = "same doc" if t.doc_id == g.doc_id else "other doc"
        cnt["docs"][f"top {kind(t)} / gold {kind(g)}, {same}"] += 1

        def tk(c):
            x = RR._fold(c.article_title or "")
            return "proc" if T_PROC.search(x) else "rule" if T_RULE.search(x) else "other"
        tt = f"top {tk(t)} / gold {tk(g)}"
        cnt["titles"][tt] += 1
        q = RR._fold(RR._BRACKET_RE.sub("", RR.split_options(it["query"])[0])).strip()
        asks = ("procedure/intent" if any(a.search(q) for a, _ in RR._INTENT_RES) or Q_PROC.search(q)
                else "yes/no" if Q_YESNO.search(q) else "other")
        cnt["asks"][asks] += 1
        cnt["asks_x_titles"][f"asks {asks}: {tt}"] += 1
    print(n, "everyday questions with the first gold at rank 2–30")
    for k, c in cnt.items():
        print(k)
        for v, m in c.most_common():
            print(f"  {m:3d}  {v}")


def diff(feature="procedure_for_rule"):
    """Questions whose first gold rank moves when the shipped question weights' ``feature`` coefficient is set to 0
    (before) against its fitted value (after)."""
    from collections import Counter
    from assistant.rerank import FEATURES
    items = R18.load_items()
    new = R18.served_scores(items)
    mq, _ = R18._models()
    col = FEATURES.index(feature)
    c = mq.coef[col]
    mq.coef[col] = 0.0
    old = R18.served_scores(items)
    mq.coef[col] = c
    fires = Counter(it["file"] for it in items if it["X"][:, col].any())
    print(f"{feature} fires on {sum(fires.values())} of {len(items)} queries", dict(fires))
    for it, (o0, _), (o1, _) in zip(items, old, new):
        a, b = R16.rr_of(it, o0)[1], R16.rr_of(it, o1)[1]
        if a == b:
            continue
        rr = S.retriever(it["source"])
        arts = [int(x) for x in rr._art_row[np.asarray(it["rows"], dtype=np.int64)]]
        t = lambda o: f"{rr.index.chunks[arts[o[0]]].article_id} {rr.index.chunks[arts[o[0]]].article_title[:55]}"  # noqa: E731
        print(f"{'+' if (b or 99) < (a or 99) else '-'} {it['file']:18s} {it['qid']:16s} {a}→{b} | {it['text'][:100]}")
        print(f"      top before {t(o0)} | after {t(o1)}")


def _items():
    items = R18.load_items()
    for it in items:
        it["F"] = new_features(it)
    return items


def explore(*feat_sets):
    items = _items()
    R18.explore_columns(items, NEW, feat_sets)


def flips(feat, folds="5"):
    R18.print_flips(_items(), [NEW.index(f) for f in feat.split(",")], int(folds))


if __name__ == "__main__":
    {"cache": cache, "base": base, "misses": misses, "classes": classes, "diff": diff, "fitcv": lambda: R18.fit(None), "explore": explore, "flips": flips}[sys.argv[1]](*sys.argv[2:])
