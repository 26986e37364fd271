"""Ranking study (helper h-actor, issue 5): whose right or duty — the question's actor against the actor named in each
candidate's title ("Quyền của người lao động" vs "Quyền của người sử dụng lao động", "Nghĩa vụ của bên vay" vs "…
bên cho vay").

Training data only, on ``eval/lawrule_study.py``'s cache and CV (phapdien_train … train11, colloquial, scenario, ALQAC
dev split). Report: eval/reports/actor-study.md.

    PYTHONPATH=. python eval/actor_study.py actors            # titles' actors among the everyday rank 2–30 cases
    PYTHONPATH=. R18_SPLITS=3 python eval/actor_study.py explore [f1,f2 …]
    PYTHONPATH=. python eval/actor_study.py flips f
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))
import numpy as np  # noqa: E402
import lawrule_study as L  # noqa: E402
import pd_rank_study as S  # noqa: E402
import rank16_study as R16  # noqa: E402
R18 = L.R18

# a title names an actor: "<quyền / nghĩa vụ / trách nhiệm …> … của <actor>" or "<actor> có quyền / phải …"
_DUTY = r"(?:quyền|nghĩa vụ|trách nhiệm|nhiệm vụ|quyền hạn|quyền lợi|chế độ|chính sách)"
_STOP = r"(?:khi|trong|đối với|theo|tại|về|trước|sau|do|để|với|từ|nếu|thì|trong trường hợp)"
T_OF = re.compile(rf"(?<!\w){_DUTY}(?!\w)[^.;()]*?(?<!\w)của\s+(.+?)(?=\s*[;.()]|\s+{_STOP}(?!\w)|$)")
_HEADS = r"(?:người|bên|chủ|cơ quan|tổ chức|cá nhân|doanh nghiệp|công ty|hộ|thành viên|cổ đông|vợ|chồng|cha|mẹ|con|nhà|đơn vị|công dân)"
T_HEAD = re.compile(rf"^({_HEADS}\s+(?:\w+\s+){{0,4}}?\w+)\s+(?:có quyền|có nghĩa vụ|có trách nhiệm|được|phải|không được)(?!\w)")
_AND = re.compile(r"\s*(?:,|\svà\s|\shoặc\s)\s*")
_SYL = re.compile(r"\w+")


def title_actors(title: str) -> list[list[str]]:
    from assistant.rerank import _fold
    t = _fold(title or "")
    out = []
    for m in T_OF.finditer(t):
        out += [_SYL.findall(x.rsplit(" của ", 1)[-1]) for x in _AND.split(m.group(1)) if x.strip()]
    m = T_HEAD.match(t)
    if m and not re.match(rf"{_DUTY}|thủ tục|trình tự|hồ sơ|điều kiện|trường hợp", m.group(1)):
        out.append(_SYL.findall(m.group(1)))
    out = [a[:-1] if a and a[-1] == "không" else a for a in out]
    return [a for a in out if 0 < len(a) <= 8]


def _grams(syl):
    return {" ".join(syl[k:k + 2]) for k in range(len(syl) - 1)} if len(syl) > 1 else set(syl)


def _phrase_in(a: list[str], q: list[str]) -> list[int]:
    n = len(a)
    return [k for k in range(len(q) - n + 1) if q[k:k + n] == a]


NEW = ("a_share", "a_rel", "a_relall", "a_full", "a_miss", "a_fullmiss", "a_long", "a_longmiss", "a_relsib",
       "a_lm", "a_share_nob", "a_rel_nob", "a_longmiss_nob", "a_long_nob", "a_lm_nob",
       "a_conflict", "a_conflict_nob", "a_conflict_al", "a_conflict_subj", "a_rel_subj", "a_lm_subj", "a_share_al", "a_rel_al", "a_relsib_al", "a_lm_al", "a_long_al", "a_longmiss_al")


_MODAL = re.compile(r"(?<!\w)(?:có được|được phép|có quyền|có phải|phải|bắt buộc|có bị|có cần|có trách nhiệm|"
                    r"có nghĩa vụ)(?!\w)")
# everyday names of the two sides of a labour relation (``prepare_query`` maps "sếp" only)
ALIASES = (("công ty|sếp|chủ doanh nghiệp|chỗ làm|nơi làm việc|xưởng", "người sử dụng lao động"),
           ("nhân viên|công nhân|đi làm|làm công|làm thuê", "người lao động"))


def actor_columns(query: str, titles: list[str], docs: list[str]) -> np.ndarray:
    from assistant.rerank import _BRACKET_RE, _fold
    cols = {}
    # the clause that carries the asked modal ("… thì công ty phải bồi thường …": "công ty"), everyday names mapped
    fq = _fold(_BRACKET_RE.sub("", query))
    mods = list(_MODAL.finditer(fq))
    subj = ""
    if mods:
        head = re.split(r"[,;?.]|(?<!\w)(?:thì|mà|nếu|khi)(?!\w)", fq[:mods[-1].start()])[-1]
        subj = head + " . " + " ".join(v for k, v in ALIASES if re.search(rf"(?<!\w)(?:{k})(?!\w)", head))
    al = " ".join(v for k, v in ALIASES if re.search(rf"(?<!\w){k}(?!\w)", _fold(query)))
    for tag, qtext in (("", query), ("_nob", _BRACKET_RE.sub("", query)), ("_al", query + " . " + al), ("_subj", subj)):
        q = _SYL.findall(_fold(qtext))
        qg = _grams(q) | set(q)  # one-syllable actors ("cha", "mẹ") match a syllable
        acts = [title_actors(t) for t in titles]
        m = len(titles)
        share = np.zeros(m)
        full = np.zeros(m)
        spans = []  # (start, end, i) full matches
        for i, A in enumerate(acts):
            for a in A:
                g = _grams(a)
                share[i] = max(share[i], len(g & qg) / len(g))
                for k in _phrase_in(a, q):
                    full[i] = 1.0
                    spans.append((k, k + len(a), i))
        # longest match: a full match inside a longer matched actor's span does not count ("người lao động" inside
        # "người lao động nước ngoài")
        long_ = np.zeros(m)
        for (s, e, i) in spans:
            if not any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) for (s2, e2, _) in spans):
                long_[i] = 1.0
        has = np.array([bool(A) for A in acts], float)
        rel = np.zeros(m)
        relall = np.zeros(m)
        relsib = np.zeros(m)
        if share.max() > 0:
            relall = has * (share - share.max())
            for i in range(m):
                sib = [share[j] for j in range(m) if j != i and acts[j] and docs[j] == docs[i]]
                if acts[i] and sib:
                    relsib[i] = share[i] - max(sib)
            rel = share - share.max() * has
        miss = has * (1 - full) * float(full.max() > 0)
        lmiss = has * (1 - long_) * float(long_.max() > 0)
        cols["a_share" + tag] = share
        cols["a_rel" + tag] = rel
        cols["a_relall" + tag] = relall
        cols["a_full" + tag] = full
        cols["a_miss" + tag] = miss
        cols["a_fullmiss" + tag] = full - miss
        cols["a_long" + tag] = long_
        cols["a_longmiss" + tag] = lmiss
        cols["a_lm" + tag] = long_ - lmiss
        cols["a_relsib" + tag] = relsib
        # a sibling conflict: two candidates of one document name different actors, the question names (longest match)
        # exactly one of them → +1 for its articles, −1 for the sibling's
        conf = np.zeros(m)
        named = {" ".join(a) for i in np.flatnonzero(long_) for a in acts[i] if _phrase_in(a, q)}
        if len(named) == 1:
            for i in np.flatnonzero(long_):
                sib = [j for j in range(m) if acts[j] and not full[j] and docs[j] == docs[i]]
                if sib:
                    conf[i] = 1.0
                    conf[sib] = -1.0
        cols["a_conflict" + tag] = conf
    return np.stack([cols[f] for f in NEW], 1)


def new_features(it) -> np.ndarray:
    r = S.retriever(it["source"])
    ch = r.index.chunks
    arts = [int(a) for a in r._art_row[np.asarray(it["rows"], dtype=np.int64)]]
    return actor_columns(it["query"], [ch[a].article_title or "" for a in arts], [ch[a].doc_id for a in arts])


def _items():
    items = R18.load_items()
    for it in items:
        it["F"] = new_features(it)
    return items


def explore(*feat_sets):
    items = _items()
    fires = sum(bool(it["F"][:, NEW.index("a_full")].any()) for it in items)
    print("queries where a title actor is named in full:", fires, "of", len(items))
    R18.explore_columns(items, NEW, feat_sets)


def actors():
    """The everyday questions with the first gold at rank 2–30: the top's and the gold's title actors and the
    columns."""
    items = _items()
    served = R18.served_scores(items)
    r = S.retriever("phapdien")
    ch = r.index.chunks
    n = 0
    for it, (order, _) in zip(items, served):
        if it["file"] not in L.EVERYDAY:
            continue
        first = R16.rr_of(it, order, k=30)[1]
        if first in (1, None):
            continue
        arts = [int(a) for a in r._art_row[np.asarray(it["rows"], dtype=np.int64)]]
        t, g = order[0], order[first - 1]
        ta, ga = title_actors(ch[arts[t]].article_title), title_actors(ch[arts[g]].article_title)
        if not (ta or ga):
            continue
        n += 1
        F = it["F"]
        print(f"{it['qid']} gold@{first} | {it['query'][:150]}")
        for lab, i, a in (("top ", t, ta), ("gold", g, ga)):
            print(f"   {lab} {ch[arts[i]].article_title[:70]} | {[' '.join(x) for x in a]} share={F[i, 0]:.2f} "
                  f"long={F[i, NEW.index('a_long')]:.0f} lmiss={F[i, NEW.index('a_longmiss')]:.0f}")
    print(n, "cases with an actor in the top's or the gold's title")


def flips(feat, folds="5"):
    R18.print_flips(_items(), [NEW.index(f) for f in feat.split(",")], int(folds))


if __name__ == "__main__":
    {"explore": explore, "actors": actors, "flips": flips}[sys.argv[1]](*sys.argv[2:])
