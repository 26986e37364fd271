"""Classify the Pháp điển training misses of a ``eval/pd_ret_study.py`` dump by cause (helper h-pdret).

    python eval/pd_ret_classify.py runs/base.jsonl [--list CLASS]
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict

from assistant.rerank import FRAME_TITLES

_FRAME = [re.compile(rf"(?:{t})\s*\.?") for t, _ in FRAME_TITLES]
_SYL = re.compile(r"\w+")


def is_frame(title: str) -> bool:
    t = title.lower().strip()
    return any(f.fullmatch(t) for f in _FRAME) or t in ("quy định chung", "đối tượng áp dụng", "nguyên tắc chung")


def title_sim(a: str, b: str) -> float:
    x, y = set(_SYL.findall(a.lower())), set(_SYL.findall(b.lower()))
    return len(x & y) / max(1, len(x | y))


def classify(r: dict) -> str:
    fr, fu, kr, dr = r["final_rank"], r["fused_rank"], r["kw_rank"], r["dense_rank"]
    if fr == 1:
        return "hit"
    if fu > 30:
        side = ("neither side top100" if kr > 100 and dr > 100 else
                "dense only top100 (BM25 missed)" if kr > 100 else
                "BM25 only top100 (dense missed)" if dr > 100 else "both top100, fused > 30")
        return f"pool: {side}"
    top, gold = r["top1"], r["gold"]
    pre = "top10: " if fr <= 10 else "rerank>10: "
    if is_frame(top["title"]):
        return pre + "frame/definition article wins"
    if top["law_id"] == gold["law_id"]:
        if top["doc"] == gold["doc"]:
            return pre + "same doc, neighbouring article"
        if title_sim(top["title"], gold["title"]) >= 0.5:
            return pre + "same đề mục, same rule in another document"
        return pre + "same đề mục, other document, other article"
    if title_sim(top["title"], gold["title"]) >= 0.5:
        return pre + "other đề mục, same/near title (duplicated heading)"
    return pre + "other đề mục (wording/other law)"


def main() -> None:
    rs = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
    want = sys.argv[sys.argv.index("--list") + 1] if "--list" in sys.argv else None
    cnt = Counter()
    lost = defaultdict(float)
    for r in rs:
        c = classify(r)
        cnt[c] += 1
        lost[c] += 1 - (1 / r["final_rank"] if r["final_rank"] <= 10 else 0)
        if want and want in c:
            print(f"## {r['qid']} final {r['final_rank']} fused {r['fused_rank']} kw {r['kw_rank']} dense {r['dense_rank']}")
            print(f"Q: {r['text']}\n   1: {r['top1']['title']} [{r['top1']['law_id']} {r['top1']['article_id']}]")
            print(f"   G: {r['gold']['title']} [{r['gold']['law_id']} {r['gold']['article_id']}]")
    n = len(rs)
    print(f"| class | n | MRR@10 lost (sum of 1 − RR) |\n|---|---|---|")
    for c, k in sorted(cnt.items(), key=lambda kv: -kv[1]):
        print(f"| {c} | {k} | {lost[c]:.1f} |")
    print(f"questions {n}; MRR@10 lost in total {sum(lost.values()):.1f} (= {sum(lost.values()) / n:.4f} of MRR)")


if __name__ == "__main__":
    main()
