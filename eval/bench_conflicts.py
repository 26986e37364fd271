"""Benchmark the conflict checker on the Pháp điển subset (../shared/data/phapdien): cost per pair and per article.

Parses articles straight from the đề mục markdown (independent of the ingest pipeline, so it can run before an
index exists), builds ``Chunk``s keyed by their real source document (the provenance line), generates candidates
with the keyword (TF-IDF) neighbours (the batch job adds dense neighbours when an index has vectors), times
``check_pair`` on every candidate and prints/writes the numbers plus the top findings for reading.

    python eval/bench_conflicts.py --files 20 --out /tmp/bench          # the smallest đề mục files
    python eval/bench_conflicts.py --files 40 --sample spread --out /tmp/bench   # every n-th file (all topics)
    python eval/bench_conflicts.py --files 0                            # all 170 files (long: run it on purpose)
    python eval/bench_conflicts.py --collection phapdien --out DIR      # the batch job on an index (as the CLI)

Does not write into indexes/ or models/.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.conflicts import analyze, candidate_pairs, check_pair, rank_conflicts, side_from_chunk  # noqa: E402
from assistant.records import Chunk, Validity  # noqa: E402

PHAPDIEN = ROOT.parent / "shared" / "data" / "phapdien"
_ART_RE = re.compile(r"Điều (\d+\.\d+\.[A-ZĐ]+\.[\d.]+?)\.\s+([^\n]*)")
_PROV_RE = re.compile(r"^\((Điều [^\n]*?)\)\s*$", re.M)
_NUM_RE = re.compile(r"\d+/\d{4}/[\wĐđ\-]+")
_DATE_RE = re.compile(r"có hiệu lực thi hành kể từ ngày (\d{2})/(\d{2})/(\d{4})")
_TYPE_RE = re.compile(r"(Bộ luật|Luật|Nghị định|Thông tư liên tịch|Thông tư|Nghị quyết|Pháp lệnh|Quyết định)")


def parse_file(path: Path, rel: str) -> list[Chunk]:
    text = path.read_text(encoding="utf-8")
    body = text.split("## VĂN BẢN", 1)[-1].split("## Danh sách điều khoản", 1)[0]
    heads = list(_ART_RE.finditer(body))
    out: list[Chunk] = []
    for k, m in enumerate(heads):
        end = heads[k + 1].start() if k + 1 < len(heads) else len(body)
        seg = body[m.end() : end]
        prov = _PROV_RE.search(seg)
        src = prov.group(1) if prov else None
        content = seg[prov.end() :] if prov else seg
        content = re.sub(r"\(Điều này có nội dung liên quan đến[^)]*\)", " ", content).strip()
        if len(content) < 20:
            continue
        num = _NUM_RE.search(src).group(0) if src and _NUM_RE.search(src) else None
        eff = None
        if src and (dm := _DATE_RE.search(src)):
            try:
                eff = date(int(dm.group(3)), int(dm.group(2)), int(dm.group(1)))
            except ValueError:
                eff = None
        dtype = _TYPE_RE.search(src).group(1) if src and _TYPE_RE.search(src) else "Pháp điển"
        out.append(Chunk(
            id=f"{rel}#{m.group(1)}", doc_id=rel, law_id=rel, article_id=m.group(1), text=content[:6000],
            citation=f"Điều {m.group(1)} ({src or 'không rõ nguồn'})", article_title=m.group(2).strip(),
            doc_type=dtype, doc_number=num, source_citation=src, validity=Validity(effective_from=eff),
            source_path=str(path),
        ))
    return out


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=20, help="number of đề mục files (0 = all)")
    ap.add_argument("--sample", choices=("smallest", "spread"), default="smallest",
                    help="smallest files first, or every n-th file across topics and sizes")
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--collection", default=None,
                    help="run the batch job find_conflicts() on this index instead of parsing the markdown")
    ap.add_argument("--top", type=int, default=40, help="findings written with their clause context (--collection)")
    args = ap.parse_args(argv)
    if args.collection:
        return run_collection(args.collection, args.out or Path("/tmp/bench_conflicts"), args.top)
    if not PHAPDIEN.exists():
        print(f"Không thấy dữ liệu Pháp điển tại {PHAPDIEN}")
        return {}
    files = sorted(p for p in PHAPDIEN.rglob("*.md"))
    # spread the sample over topics, smallest files first within the budget
    if args.files and args.sample == "spread":
        step = max(1, len(files) // args.files)
        files = files[::step][: args.files]
    elif args.files:
        files = sorted(files, key=lambda p: p.stat().st_size)[: args.files]
    t0 = time.perf_counter()
    chunks: list[Chunk] = []
    for f in files:
        chunks.extend(parse_file(f, str(f.relative_to(PHAPDIEN))))
    t_parse = time.perf_counter() - t0
    t1 = time.perf_counter()
    for c in chunks:
        analyze(side_from_chunk(c).text)
    t_analyze = time.perf_counter() - t1
    t2 = time.perf_counter()
    pairs, method = candidate_pairs(chunks, None, k=args.k)
    t_cand = time.perf_counter() - t2
    sides = [side_from_chunk(c) for c in chunks]
    t3 = time.perf_counter()
    results = [check_pair(sides[i], sides[j]) for i, j in pairs]
    t_check = time.perf_counter() - t3
    conflicts = rank_conflicts(c for c in results if c.label == "conflict")
    superseded = [c for c in results if c.label == "superseded"]
    n = len(chunks)
    stats = {
        "files": len(files), "articles": n, "candidates": len(pairs), "method": method,
        "parse_s": round(t_parse, 2), "analyze_s": round(t_analyze, 2), "candidates_s": round(t_cand, 2),
        "check_s": round(t_check, 2), "ms_per_pair": round(1000 * t_check / max(1, len(pairs)), 3),
        "ms_per_article_analyze": round(1000 * t_analyze / max(1, n), 3),
        "conflicts": len(conflicts), "superseded": len(superseded),
        "projected_23k_s": round((t_analyze / max(1, n) + t_check / max(1, len(pairs)) * len(pairs) / max(1, n)) * 22923
                                 + t_cand * (22923 / max(1, n)) ** 2 / max(1, (22923 / max(1, n))), 1),
    }
    print(json.dumps(stats, ensure_ascii=False, indent=2))
    for c in conflicts[:20]:
        print("-", c.kind, c.confidence, "|", c.a.citation[:90], "|", c.b.citation[:90], "|", c.explanation[:140])
    if args.out:
        from assistant.conflict_report import write_html, write_json

        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "bench.json").write_text(json.dumps(stats, ensure_ascii=False, indent=2), encoding="utf-8")
        write_html(conflicts, args.out / "phapdien_conflicts.html", summary=json.dumps(stats, ensure_ascii=False),
                   superseded=superseded[:50], source_links={c.id: c.source_path for c in chunks})
        write_json(conflicts, args.out / "phapdien_conflicts.json", meta=stats)
    return stats


def run_collection(collection: str, out: Path, top: int = 40) -> dict:
    """The batch job exactly as ``assistant conflicts`` runs it, timed; the top findings with clause context."""
    from assistant.conflict_report import write_html, write_json
    from assistant.conflicts import find_conflicts
    from assistant.index import Index

    t0 = time.perf_counter()
    index = Index.open(collection)
    t_open = time.perf_counter() - t0
    out.mkdir(parents=True, exist_ok=True)
    t1 = time.perf_counter()
    report = find_conflicts(collection, workdir=out / "work", progress=False, index=index)
    t_run = time.perf_counter() - t1
    stats = {
        "collection": collection, "n_chunks": report.n_chunks, "n_documents": report.n_documents,
        "n_candidates": report.n_candidates, "candidate_method": report.candidate_method,
        "n_conflicts": len(report.conflicts), "n_superseded": len(report.superseded),
        "by_kind": {k: sum(1 for c in report.conflicts if c.kind == k) for k in sorted({c.kind for c in report.conflicts})},
        "by_relation": {k: sum(1 for c in report.conflicts if c.relation == k)
                        for k in sorted({c.relation or "" for c in report.conflicts})},
        "ms_per_pair": report.ms_per_pair, "open_s": round(t_open, 1), "find_conflicts_s": round(t_run, 1),
        "total_s": round(time.perf_counter() - t0, 1),
    }
    print(json.dumps(stats, ensure_ascii=False, indent=2))

    def ctx(text: str, spans: list) -> str:
        if not spans:
            return text[:400]
        s0, e0 = spans[0]
        return text[max(0, s0 - 400) : e0 + 200]

    items = []
    for r, c in enumerate(report.conflicts[:top], 1):
        items.append({"rank": r, "kind": c.kind, "confidence": c.confidence, "severity": c.severity,
                      "a": c.a.citation, "b": c.b.citation,
                      "spans_a": [c.a.text[s:e] for s, e in c.spans_a], "spans_b": [c.b.text[s:e] for s, e in c.spans_b],
                      "context_a": ctx(c.a.text, c.spans_a), "context_b": ctx(c.b.text, c.spans_b),
                      "prevails": c.prevails, "relation": c.relation, "explanation": c.explanation})
    (out / "run.json").write_text(json.dumps({**stats, "top": items}, ensure_ascii=False, indent=2), encoding="utf-8")
    write_json(report.conflicts, out / "conflicts.json", meta=stats)
    write_html(report.conflicts, out / "conflicts.html", summary=report.summary(), superseded=report.superseded[:50],
               source_links=report.source_links)
    return stats


if __name__ == "__main__":
    main()
