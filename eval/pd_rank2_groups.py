"""Group the Pháp điển training questions whose gold is ranked 2–10 (per_query.jsonl of `eval retrieval`) by what is
ranked first (h-pdrank2; automatic classes, read by hand in /work/scratch/notes-h-pdrank2.md).

    python eval/pd_rank2_groups.py runs/base/train*/per_query.jsonl
"""
import json, re, sys, unicodedata
from collections import Counter
from assistant.index import Index
from assistant.rerank import frame_articles, _INTENT_RES
idx = Index.open("phapdien")
titles = {(c.law_id, c.article_id): (c.article_title or "").strip() for c in idx.chunks if c.clause is None}
def kind(a):
    m = re.match(r"\d+\.\d+\.([A-ZĐ]+)\.", a); return m.group(1) if m else "?"
C = Counter(); ex = {}
for p in sys.argv[1:]:
    for line in open(p):
        r = json.loads(line); o = r["ours/text"]; fr = o["first_rank"]
        if not fr or fr == 1 or fr > 10: continue
        top = tuple(o["top"][0]); g = tuple(o["top"][fr-1]); tt = titles.get(top, "").lower(); gt = titles.get(g, "").lower()
        q = r["text"].lower()
        if top[0] != g[0]: c = "another đề mục file"
        elif frame_articles(r["text"], [titles.get(top, "")])[0]: c = "frame article (scope/definitions/transitional/forms)"
        elif not tt or not gt: c = "untitled article"
        elif tt == gt or tt in gt or gt in tt or (kind(top[1]) != kind(g[1]) and len(set(tt.split()) & set(gt.split())) >= 0.6 * min(len(tt.split()), len(gt.split()))):
            c = "same rule in another document of the file (law vs decree/circular, same/near title)"
        elif any(q_re.search(q) and t_re.search(tt) and not t_re.search(gt) for q_re, t_re in _INTENT_RES):
            c = "top's title states the asked intent (thời hạn/thẩm quyền/hồ sơ…), the gold's body answers"
        else: c = "neighbour article of the file: another actor, step, level or case"
        C[c] += 1; ex.setdefault(c, []).append(r["question_id"])
for c, n in C.most_common(): print(f"{n:3d}  {c}   e.g. {', '.join(ex[c][:6])}")
print(sum(C.values()))
