"""Fine-tune the e5 embedder on legal retrieval pairs, on CPU (no hub access, no HF datasets/accelerate needed).

    python eval/finetune_embedder.py [--out models/multilingual-e5-small-legal-ft] [--phapdien-pairs 1500]

Training pairs (never the ALQAC test split, never the Pháp điển dev questions or their gold articles):

* ALQAC train **dev split** question → gold article, minus a held-out quarter (``is_holdout``) kept
  for re-tuning the fusion weight on questions the model never saw. Query = question with its options
  appended (the eval's headline mode) and, for multiple-choice items, also the bare question.
  One BM25-mined hard negative per query (top keyword hit that is not a gold article).
* Pháp điển article title → article (a random sample, seeded), hard negative = the best BM25 article
  of another title in the same subject.

Texts are formatted exactly like the index: queries go through ``retrieval.prepare_query`` and get
``query: ``; passages are ``Chunk.passage()`` of the article-level chunk with ``passage: ``, truncated to
256 tokens (ALQAC index) or 128 (Pháp điển index). Loss: MultipleNegativesRankingLoss (in-batch +
hard negatives, scale 20) written out in torch; word embeddings frozen; bf16 autocast; 2 threads.
The model is written as a sentence-transformers directory (with the e5 prompts) under ``models/``
(git-ignored). Training time and data sizes are written to ``<out>/training.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import shutil
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "alqac2025" / "train.json"
PD_DEV = ROOT / "eval" / "data" / "phapdien_dev.json"


def is_holdout(question_id: str) -> bool:
    """A fixed quarter of the ALQAC dev split that fine-tuning never sees (for re-tuning fusion)."""
    return int(hashlib.sha1(f"ft-holdout:{question_id}".encode()).hexdigest(), 16) % 4 == 0


def _article_chunks(index):
    """(law_id, article_id) → index of the article-level chunk (first chunk of the article otherwise)."""
    out: dict[tuple[str, str], int] = {}
    for i, c in enumerate(index.chunks):
        key = (c.law_id, c.article_id)
        if c.clause is None or key not in out:
            if key not in out or c.clause is None:
                out[key] = i
    return out


def _bm25_negative(index, arts, query, gold: set, tokens_fn, skip: int = 0):
    """Best keyword-ranked article-level chunk that is not gold (``skip`` best ones passed over)."""
    scores = index.keyword_scores(tokens_fn(query))
    top = np.argsort(-scores)[:50]
    seen = set()
    for i in top:
        c = index.chunks[i]
        key = (c.law_id, c.article_id)
        if key in gold or key in seen or scores[i] <= 0:
            continue
        seen.add(key)
        if len(seen) > skip:
            return arts.get(key)
    return None


def build_pairs(args, rng):
    from assistant.evaluation.datasets import load_alqac_questions, select_split
    from assistant.index import Index, keyword_tokens
    from assistant.retrieval import prepare_query

    alqac = Index.open("alqac")
    arts = _article_chunks(alqac)
    qs = [q for q in select_split(load_alqac_questions(args.questions), "dev") if q.relevant]
    train_qs = [q for q in qs if not is_holdout(q.question_id)]
    alqac_pairs = []
    for q in train_qs:
        gold = set(q.relevant)
        modes = ["choices", "text"] if q.choices else ["text"]
        for mode in modes:
            query = prepare_query(q.query(mode))
            neg = _bm25_negative(alqac, arts, query, gold, keyword_tokens)
            for g in q.relevant:
                if g not in arts:
                    continue
                alqac_pairs.append(
                    (query, alqac.chunks[arts[g]].passage(), alqac.chunks[neg].passage() if neg is not None else None)
                )
    pd_pairs = []
    if args.phapdien_pairs > 0:
        pd = Index.open("phapdien")
        pd_arts = _article_chunks(pd)
        banned = set()
        for item in json.loads(PD_DEV.read_text(encoding="utf-8")):
            for r in item.get("relevant_articles", []):
                banned.add((r["law_id"], str(r["article_id"])))
        cands = [
            i for key, i in pd_arts.items()
            if key not in banned and len(pd.chunks[i].article_title.split()) >= 4
        ]
        rng.shuffle(cands)
        for i in cands[: args.phapdien_pairs]:
            c = pd.chunks[i]
            query = prepare_query(c.article_title)
            # the title itself is in the passage's heading: the best BM25 hit is usually the article itself
            neg = _bm25_negative(pd, pd_arts, query, {(c.law_id, c.article_id)}, keyword_tokens)
            pd_pairs.append((query, c.passage(), pd.chunks[neg].passage() if neg is not None else None))
    return alqac_pairs, pd_pairs, len(train_qs), len(qs) - len(train_qs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", type=Path, default=ROOT / "models" / "multilingual-e5-small")
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "multilingual-e5-small-legal-ft")
    ap.add_argument("--questions", type=Path, default=TRAIN)
    ap.add_argument("--phapdien-pairs", type=int, default=1500)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=2e-5)
    ap.add_argument("--scale", type=float, default=20.0)
    ap.add_argument("--query-len", type=int, default=192)
    ap.add_argument("--alqac-len", type=int, default=256)
    ap.add_argument("--phapdien-len", type=int, default=128)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--max-steps", type=int, default=0, help="stop after this many steps (0 = all)")
    args = ap.parse_args()

    import torch
    import torch.nn.functional as F
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    t_start = time.perf_counter()
    alqac_pairs, pd_pairs, n_train_q, n_hold_q = build_pairs(args, rng)
    t_data = time.perf_counter() - t_start
    print(f"pairs: alqac {len(alqac_pairs)} (from {n_train_q} dev questions; {n_hold_q} held out), "
          f"phapdien {len(pd_pairs)}; mined in {t_data:.0f}s", flush=True)

    model = SentenceTransformer(str(args.base), device="cpu", local_files_only=True)
    model.train()
    hf = model[0].auto_model
    tok = model.tokenizer
    for p in hf.embeddings.word_embeddings.parameters():
        p.requires_grad = False
    params = [p for p in model.parameters() if p.requires_grad]

    # homogeneous batches (one source per batch: its passage length, and in-batch negatives of one kind)
    batches = []
    for pairs, plen in ((alqac_pairs, args.alqac_len), (pd_pairs, args.phapdien_len)):
        for _ in range(args.epochs):
            order = list(range(len(pairs)))
            rng.shuffle(order)
            for s in range(0, len(order) - 1, args.batch):
                b = [pairs[i] for i in order[s : s + args.batch]]
                if len(b) >= 2:
                    batches.append((b, plen))
    rng.shuffle(batches)
    if args.max_steps:
        batches = batches[: args.max_steps]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    total = len(batches)
    warm = max(1, int(0.1 * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / warm if s < warm else max(0.0, (total - s) / max(1, total - warm))
    )

    def encode(texts, prefix, max_len):
        feats = tok([prefix + t for t in texts], padding=True, truncation=True, max_length=max_len, return_tensors="pt")
        out = model(dict(feats))
        return F.normalize(out["sentence_embedding"].float(), dim=-1)

    t_train = time.perf_counter()
    losses = []
    for step, (b, plen) in enumerate(batches):
        queries = [q for q, _, _ in b]
        passages = [p for _, p, _ in b] + [n for _, _, n in b if n is not None]
        with torch.autocast("cpu", dtype=torch.bfloat16):
            qv = encode(queries, "query: ", args.query_len)
            pv = encode(passages, "passage: ", plen)
        sims = qv @ pv.T * args.scale
        # duplicate positives (one question, several modes/gold articles) are masked out as negatives
        pos_text = [p for _, p, _ in b] + [n for _, _, n in b if n is not None]
        mask = torch.zeros_like(sims, dtype=torch.bool)
        for i, (_, p, _) in enumerate(b):
            for j, t in enumerate(pos_text):
                if j != i and t == p:
                    mask[i, j] = True
        sims = sims.masked_fill(mask, -1e4)
        loss = F.cross_entropy(sims, torch.arange(len(b)))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        opt.zero_grad(set_to_none=True)
        losses.append(float(loss.detach()))
        if step % 10 == 0 or step == total - 1:
            el = time.perf_counter() - t_train
            print(f"step {step + 1}/{total} loss {np.mean(losses[-10:]):.4f} elapsed {el:.0f}s "
                  f"eta {el / (step + 1) * (total - step - 1):.0f}s", flush=True)
    train_s = time.perf_counter() - t_train

    model.eval()
    if args.out.exists():
        shutil.rmtree(args.out)
    model.save(str(args.out))
    cfg_path = args.out / "config_sentence_transformers.json"
    cfg = json.loads(cfg_path.read_text(encoding="utf-8")) if cfg_path.exists() else {}
    cfg["prompts"] = {"query": "query: ", "passage": "passage: "}
    cfg["default_prompt_name"] = None
    cfg.pop("model_id", None)  # not the bundled weights any more: the weights id is a hash of this dir
    cfg_path.write_text(json.dumps(cfg, ensure_ascii=False, indent=2), encoding="utf-8")
    info = {
        "base": str(args.base),
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "n_alqac_pairs": len(alqac_pairs),
        "n_phapdien_pairs": len(pd_pairs),
        "n_train_questions": n_train_q,
        "n_holdout_questions": n_hold_q,
        "steps": total,
        "mining_s": round(t_data, 1),
        "train_s": round(train_s, 1),
        "total_s": round(time.perf_counter() - t_start, 1),
        "loss_first10": float(np.mean(losses[:10])) if losses else None,
        "loss_last10": float(np.mean(losses[-10:])) if losses else None,
    }
    (args.out / "training.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    print(json.dumps(info), flush=True)


if __name__ == "__main__":
    main()
