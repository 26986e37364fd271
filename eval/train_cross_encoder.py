"""Train and tune a cross-encoder (query, article) rescorer for the top of the reranked list, on CPU.

    python eval/train_cross_encoder.py candidates   # retrieve + rerank every training/tuning question once
    python eval/train_cross_encoder.py train --name ce-e5s-128 [--max-length 128 --negatives 3 --epochs 1]
    python eval/train_cross_encoder.py tune --model /tmp/h-ce/models/ce-e5s-128 [--top 3 5 --weights ...]

What it does:

* ``candidates``: opens the read-only ``alqac`` and ``phapdien`` indexes (``ASSISTANT_INDEXES_DIR``), runs the
  current retriever (fusion + feature reranker, as shipped) on every question of the training and tuning sets and
  stores the reranked top ``--k`` articles (their article-level passage = heading path + text as the index stores
  it, ``Chunk.passage()``), the feature reranker's score and the gold labels in ``OUT/candidates.json``.
* ``train``: (query, gold passage, hard negatives) groups from the **training folds** only: ALQAC dev questions of
  fold A (``sha1(SEED + question_id) % 10 < 7``, both query modes: question alone and with pasted options, as
  ``train_reranker.py`` does) and the Pháp điển training questions (``phapdien_train.json`` + the part of
  ``phapdien_train2.json`` that is not held out: ``sha1(SEED + question_id) % 10 < 3`` is held out). Hard negatives
  = the reranked list's first ``--negatives`` non-gold articles. A sentence-transformers ``CrossEncoder``
  (num_labels=1) is initialised from the local e5-small directory and trained with the listwise
  ``MultipleNegativesRankingLoss`` (softmax over the gold passage and its hard negatives, no random in-batch
  negatives): the rescorer's only job is to order a handful of candidates of one query, so the loss is that
  ordering. Word embeddings are frozen (250k × 384 rows that the few thousand pairs cannot train; it also makes
  each optimiser step cheap). The model and ``train_info.json`` (data sizes, epochs, wall time) go to
  ``/tmp/h-ce/models/<name>`` unless ``--out`` says otherwise. (A plain torch loop around the library's loss: the
  library's trainer would add the ``datasets`` package as a dependency.)
* ``tune``: scores the top ``max(--top)`` of every **tuning** query (ALQAC dev fold B, both modes; the held-out
  30 % of ``phapdien_train2.json``) with the cross-encoder and reports MRR@10 / R@1 / R@10 of
  ``rerank + w · ce`` over the top n (n in ``--top``, w in ``--weights``; w = 0 is the shipped order) per source.
  ``--write`` stores the chosen (n, w) in ``<model>/assistant_ce.json`` (what ``assistant/cross_encoder.py`` reads).
  Report: ``eval/reports/<--report>.{json,md}``.

Result (27/11/2026, ``eval/reports/cross-encoder-{train,tuning}.*``): three CPU runs of 20–30 min (12 and 6 layers,
128 tokens, 2–3 hard negatives, with and without in-batch negatives, 320–611 groups) never moved the loss from
chance; the kept model (``train --name ce-e5s-l6-128 --layers 6 --negatives 2 --in-batch 2 --limit 320``) gives
near-constant logits, precision@1 0.31 on its own vs 0.90 for the shipped order, and no (n, w) beats w = 0 on the
tuning folds. A cross-encoder needs far more training than this machine gives in an hour (or a pretrained reranker,
which is not available offline).

What it does not do: touch ALQAC test or ``phapdien_dev.json`` (measure those once with ``assistant eval retrieval``
and ``ASSISTANT_CROSS_ENCODER`` set), download anything (HF_HUB_OFFLINE=1), or change the shipped weights. The
feature reranker's weights were fitted on all of ALQAC dev and all of phapdien_train2, so on the tuning folds its
order is in-sample (optimistic): a cross-encoder gain there is if anything understated.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ALQAC = ROOT.parent / "shared" / "data" / "alqac2025" / "train.json"
if not ALQAC.exists():
    ALQAC = Path("/work/shared/data/alqac2025/train.json")
PD_TRAIN = [ROOT / "eval" / "data" / "phapdien_train.json", ROOT / "eval" / "data" / "phapdien_train2.json"]
REPORTS = ROOT / "eval" / "reports"
OUT = Path(os.environ.get("H_CE_OUT", "/tmp/h-ce"))
SEED = "h-ce-2026-11-27"  # fold assignment salt (recorded in train_info.json / the report)
BASE_MODEL = Path(os.environ.get("ASSISTANT_MODELS_DIR", ROOT / "models")) / "multilingual-e5-small"


def _bucket(qid: str) -> int:
    return int(hashlib.sha1((SEED + qid).encode("utf-8")).hexdigest(), 16) % 10


def fold_of(source: str, qid: str) -> str:
    """"train" or "tune": ALQAC dev fold A (70 %) / fold B (30 %); phapdien_train2 held out 30 %; phapdien_train
    always train."""
    if source == "alqac":
        return "train" if _bucket(qid) < 7 else "tune"
    if qid.startswith("pd_train2_"):
        return "tune" if _bucket(qid) < 3 else "train"
    return "train"


def load_sets():
    from assistant.evaluation.datasets import load_alqac_questions, select_split

    alqac = [q for q in select_split(load_alqac_questions(ALQAC), "dev") if q.relevant]
    pd = [q for f in PD_TRAIN for q in load_alqac_questions(f) if q.relevant]
    return alqac, pd


def cmd_candidates(args) -> None:
    from assistant.retrieval import HybridRetriever

    alqac, pd = load_sets()
    items = []
    t0 = time.perf_counter()
    for collection, qs, modes in (("alqac", alqac, ("choices", "text")), ("phapdien", pd, ("text",))):
        r = HybridRetriever.open(collection, rerank=True)
        t1 = time.perf_counter()
        for q in qs:
            for mode in modes:
                if mode == "choices" and not q.choices:
                    continue
                text = q.query(mode)
                hits = r.search(text, k=args.k)
                gold = set(q.relevant)
                rows = [_row_of(r, h) for h in hits]
                items.append({
                    "source": collection, "qid": q.question_id, "mode": mode, "fold": fold_of(collection, q.question_id),
                    "query": text, "n_gold": len(gold),
                    "passages": [r.article_passage(i) for i in rows],
                    "labels": [(h.chunk.law_id, h.chunk.article_id) in gold for h in hits],
                    "rerank": [h.scores.get("rerank", 0.0) for h in hits],
                    "cited": ["citation" in h.scores for h in hits],
                    "gold_passages": _gold_passages(r, gold),
                })
        print(f"{collection}: {len(qs)} questions in {time.perf_counter() - t1:.0f}s", flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "candidates.json").write_text(json.dumps(items, ensure_ascii=False))
    print(f"{len(items)} queries → {OUT / 'candidates.json'} ({time.perf_counter() - t0:.0f}s)")


_ROW_CACHE: dict[int, dict[str, int]] = {}


def _row_of(r, hit) -> int:
    m = _ROW_CACHE.get(id(r))
    if m is None:
        m = _ROW_CACHE[id(r)] = {c.id: i for i, c in enumerate(r.chunks)}
    return m[hit.chunk.id]


_GOLD_CACHE: dict[int, dict[tuple[str, str], int]] = {}


def _gold_passages(r, gold) -> list[str]:
    """Article-level passages of the gold articles (for training groups whose gold was not retrieved)."""
    m = _GOLD_CACHE.get(id(r))
    if m is None:
        m = {}
        for i, c in enumerate(r.chunks):
            if c.clause is None:
                m.setdefault((c.law_id, c.article_id), i)
        _GOLD_CACHE[id(r)] = m
    return [r.chunks[m[g]].passage() for g in sorted(gold) if g in m]


def query_text(item) -> str:
    from assistant.retrieval import prepare_query

    return prepare_query(item["query"])


def cmd_train(args) -> None:
    import random

    import torch
    from sentence_transformers.cross_encoder import CrossEncoder
    from sentence_transformers.cross_encoder.losses import MultipleNegativesRankingLoss
    from transformers import get_linear_schedule_with_warmup

    torch.set_num_threads(args.threads)
    torch.manual_seed(13)
    items = [it for it in json.loads((OUT / "candidates.json").read_text()) if it["fold"] == "train"]
    groups = []  # (query, positive, negatives…)
    n_q = {"alqac": 0, "phapdien": 0}
    for it in items:
        negs = [p for p, y in zip(it["passages"], it["labels"]) if not y][: args.negatives]
        if len(negs) < args.negatives or not it["gold_passages"]:
            continue
        n_q[it["source"]] += 1
        q = query_text(it)
        for pos in it["gold_passages"][: args.max_gold]:
            groups.append((q, pos, *negs))
    random.Random(13).shuffle(groups)
    if args.limit:
        groups = groups[: args.limit]
    n_pairs = len(groups) * (1 + args.negatives + args.in_batch)  # scored pairs per epoch
    print(f"{len(groups)} groups ({n_pairs} pairs) from {n_q} training queries", flush=True)
    model = CrossEncoder(str(args.base), num_labels=1, max_length=args.max_length, device="cpu")
    if args.layers:  # keep the first N transformer layers (half the layers: half the CPU time, train and query)
        enc = model.model.roberta.encoder
        enc.layer = enc.layer[: args.layers]
        model.model.config.num_hidden_layers = args.layers
    model.model.get_input_embeddings().weight.requires_grad_(False)
    # the library's listwise loss, called on our own batches (the library trainer needs the `datasets` package)
    class HardNegativesOnly(MultipleNegativesRankingLoss):
        def get_in_batch_negatives(self, anchors, candidates):  # no random in-batch negatives: hard ones only
            return []

    loss_fn = (MultipleNegativesRankingLoss(model, num_negatives=args.in_batch) if args.in_batch
               else HardNegativesOnly(model))
    params = [p for p in model.model.parameters() if p.requires_grad]
    # the classification head starts random: it gets a larger learning rate than the pretrained encoder (with one
    # rate of 5e-5 for all, 40 steps left the loss at ln(1 + negatives), i.e. no ranking learnt)
    head = {id(p) for p in model.model.classifier.parameters()}
    opt = torch.optim.AdamW([{"params": [p for p in params if id(p) not in head], "lr": args.lr},
                             {"params": [p for p in params if id(p) in head], "lr": args.head_lr}], weight_decay=0.01)
    steps = int(np.ceil(len(groups) / args.batch) * args.epochs)
    sched = get_linear_schedule_with_warmup(opt, max(1, steps // 20), steps)
    model.model.train()
    t0 = time.perf_counter()
    step, losses = 0, []
    while step < steps:
        for b in range(0, len(groups), args.batch):
            if step >= steps:
                break
            batch = groups[b : b + args.batch]
            cols = [list(c) for c in zip(*batch)]
            loss = loss_fn(cols, None)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            losses.append(float(loss))
            step += 1
            if step % 5 == 0 or step == steps:
                el = time.perf_counter() - t0
                print(f"step {step}/{steps} loss {np.mean(losses[-10:]):.4f} {el:.0f}s "
                      f"({step * args.batch * (1 + args.negatives + args.in_batch) / el:.2f} pairs/s)", flush=True)
    wall = time.perf_counter() - t0
    model.model.eval()
    out = args.out or OUT / "models" / args.name
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out))
    info = {"base": str(args.base), "seed": SEED, "groups": len(groups), "pairs": n_pairs, "training_queries": n_q,
            "negatives": args.negatives, "layers": args.layers or "all", "max_length": args.max_length, "epochs": args.epochs, "batch": args.batch,
            "steps": steps, "lr": args.lr, "head_lr": args.head_lr, "loss": f"MultipleNegativesRankingLoss over gold + hard negatives + {args.in_batch} in-batch negatives, word embeddings frozen",
            "in_batch_negatives": args.in_batch,
            "loss_first_last_10": [round(float(np.mean(losses[:10])), 4), round(float(np.mean(losses[-10:])), 4)],
            "threads": args.threads, "wall_seconds": round(wall, 1),
            "pairs_per_second": round(steps * args.batch * (1 + args.negatives + args.in_batch) / wall, 2)}
    (out / "train_info.json").write_text(json.dumps(info, indent=1, ensure_ascii=False))
    print(json.dumps(info), flush=True)


def metrics(items, orders, k: int = 10):
    rr, r1, r10 = [], [], []
    for it, order in zip(items, orders):
        y = np.asarray(it["labels"], bool)[order][:k]
        first = int(np.argmax(y)) + 1 if y.any() else None
        rr.append(1.0 / first if first else 0.0)
        r1.append(1.0 if first == 1 else 0.0)
        r10.append(y.sum() / it["n_gold"])
    return {"mrr@10": round(float(np.mean(rr)), 4), "recall@1": round(float(np.mean(r1)), 4),
            "recall@10": round(float(np.mean(r10)), 4), "n": len(items)}


def combined_order(it, ce, n: int, w: float) -> list[int]:
    """The reranked order with its first ``n`` re-sorted by rerank + w·ce (cited articles stay first) — the same
    rule as ``assistant.cross_encoder.reorder``."""
    from assistant.cross_encoder import reorder

    return reorder(it["rerank"], ce, n, w, cited=it["cited"])


def cmd_tune(args) -> None:
    import torch

    from assistant.cross_encoder import load_cross_encoder

    torch.set_num_threads(args.threads)
    items = [it for it in json.loads((OUT / "candidates.json").read_text()) if it["fold"] == "tune"]
    top = max(args.top)
    cache = Path(args.model) / f"tune_scores_top{top}.json"
    if cache.exists():
        scores = json.loads(cache.read_text())
    else:
        ce = load_cross_encoder(str(args.model), max_length=args.max_length)
        t0 = time.perf_counter()
        scores = [ce.score(query_text(it), it["passages"][:top]).tolist() for it in items]
        print(f"scored {len(items)} tuning queries × {top} in {time.perf_counter() - t0:.0f}s", flush=True)
        cache.write_text(json.dumps(scores))
    with_choices = {it["qid"] for it in items if it["mode"] == "choices"}
    groups = {
        "alqac headline": [j for j, it in enumerate(items) if it["source"] == "alqac" and (it["mode"] == "choices" or it["qid"] not in with_choices)],
        "alqac text": [j for j, it in enumerate(items) if it["source"] == "alqac" and it["mode"] == "text"],
        "phapdien": [j for j, it in enumerate(items) if it["source"] == "phapdien"],
    }
    rows = []
    for n in args.top:
        for w in args.weights:
            row = {"n": n, "w": w}
            for g, sel in groups.items():
                row[g] = metrics([items[j] for j in sel], [combined_order(items[j], scores[j], n, w) for j in sel])
            rows.append(row)
            print(json.dumps(row), flush=True)
    # choice: best mean MRR@10 over the two ALQAC modes and Pháp điển (each source counts once)
    def sel_score(row):
        return (row["alqac headline"]["mrr@10"] + row["alqac text"]["mrr@10"]) / 4 + row["phapdien"]["mrr@10"] / 2

    # is the cross-encoder itself any good? its own order of the top ``top`` vs the shipped one, on the queries whose
    # gold article is among them, and how much its scores vary within a query
    diag = {"queries_gold_in_top": 0, "ce_alone_p@1": 0.0, "shipped_p@1": 0.0, "ce_within_query_std": 0.0,
            "rerank_within_query_std": 0.0}
    with_gold = [(it, s) for it, s in zip(items, scores) if any(it["labels"][: len(s)]) and len(s) > 1]
    if with_gold:
        diag["queries_gold_in_top"] = len(with_gold)
        diag["ce_alone_p@1"] = round(float(np.mean([it["labels"][int(np.argmax(s))] for it, s in with_gold])), 4)
        diag["shipped_p@1"] = round(float(np.mean([it["labels"][0] for it, _ in with_gold])), 4)
        diag["ce_within_query_std"] = round(float(np.mean([np.std(s) for _, s in with_gold])), 5)
        diag["rerank_within_query_std"] = round(float(np.mean([np.std(it["rerank"][: len(s)]) for it, s in with_gold])), 3)
    best = max(rows, key=lambda r_: (sel_score(r_), -r_["n"]))
    base = next(r_ for r_ in rows if r_["w"] == 0)
    report = {"model": str(args.model), "seed": SEED, "tuning_queries": {g: len(s) for g, s in groups.items()},
              "diagnostics": diag, "rows": rows, "best": {"n": best["n"], "w": best["w"], "score": sel_score(best)},
              "baseline_score": sel_score(base)}
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{args.report}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    lines = [f"# Cross-encoder rescoring on the tuning folds ({Path(args.model).name})", "",
             f"Tuning folds (seed `{SEED}`): ALQAC dev fold B ({len(groups['alqac text'])} questions, both modes) + "
             f"held-out 30 % of phapdien_train2 ({len(groups['phapdien'])} questions). Order = shipped reranker, its "
             "first n re-sorted by rerank + w·ce (w = 0: shipped order). The reranker's weights saw these questions "
             "(in-sample), so the w = 0 rows are optimistic.", "",
             "| n | w | ALQAC headline MRR@10 | R@1 | R@10 | ALQAC text MRR@10 | R@1 | Pháp điển MRR@10 | R@1 | R@10 |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r_ in rows:
        a, t, p = r_["alqac headline"], r_["alqac text"], r_["phapdien"]
        lines.append(f"| {r_['n']} | {r_['w']} | {a['mrr@10']:.4f} | {a['recall@1']:.4f} | {a['recall@10']:.4f} | "
                     f"{t['mrr@10']:.4f} | {t['recall@1']:.4f} | {p['mrr@10']:.4f} | {p['recall@1']:.4f} | {p['recall@10']:.4f} |")
    lines += ["", f"Diagnostics over the {diag['queries_gold_in_top']} tuning queries whose gold article is in the "
                  f"top {top}: precision@1 of the cross-encoder's own order {diag['ce_alone_p@1']:.3f} vs shipped "
                  f"{diag['shipped_p@1']:.3f}; within-query standard deviation of its logits "
                  f"{diag['ce_within_query_std']} (feature reranker's scores: {diag['rerank_within_query_std']})."]
    lines += ["", f"Chosen (mean MRR@10, ALQAC modes and Pháp điển weighted equally): n = {best['n']}, w = {best['w']} "
                  f"({sel_score(best):.4f} vs {sel_score(base):.4f} shipped)."]
    (REPORTS / f"{args.report}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    if args.write:
        cfg = {"top": best["n"], "weight": best["w"], "max_length": args.max_length,
               "chosen_on": f"tuning folds, seed {SEED}, eval/reports/{args.report}.md"}
        (Path(args.model) / "assistant_ce.json").write_text(json.dumps(cfg, indent=1, ensure_ascii=False))
        print(f"wrote {Path(args.model) / 'assistant_ce.json'}: {cfg}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("candidates", help="retrieve + rerank the training and tuning questions once")
    c.add_argument("--k", type=int, default=10)
    t = sub.add_parser("train", help="fine-tune the cross-encoder on the training folds")
    t.add_argument("--name", default="ce-e5s")
    t.add_argument("--base", type=Path, default=BASE_MODEL)
    t.add_argument("--out", type=Path, default=None)
    t.add_argument("--max-length", type=int, default=128)
    t.add_argument("--negatives", type=int, default=3)
    t.add_argument("--in-batch", type=int, default=0,
                   help="also this many random in-batch negatives per query (other queries' passages; easier)")
    t.add_argument("--layers", type=int, default=0, help="keep only the first N encoder layers (0 = all)")
    t.add_argument("--max-gold", type=int, default=1, help="groups per query (one per gold article)")
    t.add_argument("--epochs", type=float, default=1.0)
    t.add_argument("--batch", type=int, default=8, help="queries per step (each with 1 + negatives passages)")
    t.add_argument("--lr", type=float, default=1e-4, help="encoder learning rate")
    t.add_argument("--head-lr", type=float, default=1e-3, help="classification head learning rate")
    t.add_argument("--threads", type=int, default=2)
    t.add_argument("--limit", type=int, default=0, help="first N groups only (throughput check)")
    u = sub.add_parser("tune", help="choose n and w on the tuning folds")
    u.add_argument("--model", type=Path, required=True)
    u.add_argument("--top", type=int, nargs="+", default=[3, 5])
    u.add_argument("--weights", type=float, nargs="+", default=[0.0, 0.25, 0.5, 1.0, 2.0, 4.0, 100.0])
    u.add_argument("--max-length", type=int, default=None, help="default: the model's own")
    u.add_argument("--threads", type=int, default=2)
    u.add_argument("--report", default="cross-encoder-tuning")
    u.add_argument("--write", action="store_true", help="store the chosen (n, w) in <model>/assistant_ce.json")
    args = ap.parse_args()
    {"candidates": cmd_candidates, "train": cmd_train, "tune": cmd_tune}[args.cmd](args)


if __name__ == "__main__":
    main()
