"""Score the conflict checker on a labelled JSONL file of provision pairs.

Format (one object a line): ``{"id", "a": {text, citation, doc_type, number, issuer, issued_on, effective_from,
effective_to}, "b": {…}, "label": "conflict"|"no_conflict"|"superseded", "kind": …}``.

``run(pairs_file, out_dir)`` writes ``metrics.json`` (flat ``precision``/``recall``/``f1`` for the positive class
"conflict", ``per_kind`` by gold kind, confusion matrix, superseded handling, candidate recall, ms per pair) and
``report.md``. A malformed line raises :class:`PairsFileError` naming the line. It does not tune anything.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.records import Chunk, ConflictSide

LABELS = ("conflict", "no_conflict", "superseded")
SIDE_KEYS = ("text", "citation", "doc_type", "number", "issuer", "issued_on", "effective_from", "effective_to")


class PairsFileError(ValueError):
    """A line of the pairs file is not valid; the message names the file and line number."""


def load_pairs(pairs_file: Path) -> list[dict[str, Any]]:
    pairs_file = Path(pairs_file)
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    with open(pairs_file, encoding="utf-8") as f:
        for no, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"{pairs_file}: dòng {no}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise PairsFileError(f"{where}: JSON không hợp lệ ({e.msg}, cột {e.colno}).") from None
            if not isinstance(obj, dict):
                raise PairsFileError(f"{where}: mỗi dòng phải là một đối tượng JSON.")
            for key in ("id", "a", "b", "label", "kind"):
                if key not in obj:
                    raise PairsFileError(f"{where}: thiếu trường \"{key}\".")
            if obj["label"] not in LABELS:
                raise PairsFileError(f"{where}: nhãn \"{obj['label']}\" không hợp lệ (chỉ nhận {', '.join(LABELS)}).")
            if obj["id"] in seen:
                raise PairsFileError(f"{where}: id \"{obj['id']}\" bị trùng.")
            seen.add(obj["id"])
            for s in ("a", "b"):
                side = obj[s]
                if not isinstance(side, dict) or not side.get("text") or not side.get("citation"):
                    raise PairsFileError(f"{where}: \"{s}\" phải có \"text\" và \"citation\".")
                extra = set(side) - set(SIDE_KEYS)
                if extra:
                    raise PairsFileError(f"{where}: \"{s}\" có trường lạ {sorted(extra)}.")
                try:
                    obj[s] = ConflictSide(**{k: side.get(k) for k in SIDE_KEYS})
                except ValidationError as e:
                    msg = "; ".join(f"{'.'.join(map(str, er['loc']))}: {er['msg']}" for er in e.errors())
                    raise PairsFileError(f"{where}: \"{s}\" không hợp lệ ({msg}).") from None
            rows.append(obj)
    if not rows:
        raise PairsFileError(f"{pairs_file}: tệp rỗng, không có cặp nào.")
    return rows


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def candidate_recall(rows: list[dict[str, Any]], k: int = 10) -> dict[str, Any]:
    """Put every side of every pair into one fake collection; how many gold conflicts become candidates?"""
    from assistant.conflicts import candidate_pairs

    texts: dict[str, int] = {}
    chunks: list[Chunk] = []
    keys: list[str] = []
    for r in rows:
        for s in ("a", "b"):
            side: ConflictSide = r[s]
            key = side.text
            if key in texts:
                continue
            texts[key] = len(chunks)
            chunks.append(Chunk(id=f"{r['id']}/{s}", doc_id=side.number or side.citation, law_id="", article_id="",
                                text=side.text, citation=side.citation))
            keys.append(side.number or side.citation)
    pairs, method = candidate_pairs(chunks, None, k=k, doc_keys=keys)
    cand = set(pairs)
    gold = [r for r in rows if r["label"] == "conflict"]
    hit = 0
    for r in gold:
        i, j = texts[r["a"].text], texts[r["b"].text]
        if (min(i, j), max(i, j)) in cand:
            hit += 1
    return {"method": method, "k": k, "n_texts": len(chunks), "n_candidates": len(pairs),
            "gold_conflicts": len(gold), "found": hit, "recall": round(hit / len(gold), 4) if gold else 0.0}


def run(pairs_file: Path, out_dir: Path, *, as_of: date | None = None, with_candidates: bool = True) -> dict:
    """Evaluate ``check_pair`` on ``pairs_file``; write ``out_dir/metrics.json`` and ``out_dir/report.md``."""
    from assistant.conflicts import check_pair

    rows = load_pairs(Path(pairs_file))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    preds: list[str] = []
    details: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    for r in rows:
        c = check_pair(r["a"], r["b"], as_of=as_of)
        preds.append(c.label)
        details.append({"id": r["id"], "gold": r["label"], "pred": c.label, "gold_kind": r["kind"], "pred_kind": c.kind,
                        "confidence": c.confidence, "explanation": c.explanation})
    ms = 1000 * (time.perf_counter() - t0) / len(rows)
    tp = sum(1 for r, p in zip(rows, preds) if r["label"] == "conflict" and p == "conflict")
    fp = sum(1 for r, p in zip(rows, preds) if r["label"] != "conflict" and p == "conflict")
    fn = sum(1 for r, p in zip(rows, preds) if r["label"] == "conflict" and p != "conflict")
    metrics: dict[str, Any] = {"n": len(rows), **_prf(tp, fp, fn), "tp": tp, "fp": fp, "fn": fn}
    metrics["accuracy_3way"] = round(sum(1 for r, p in zip(rows, preds) if r["label"] == p) / len(rows), 4)
    per_kind: dict[str, dict[str, Any]] = {}
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups[r["kind"]].append(i)
    for kind, idx in sorted(groups.items()):
        ktp = sum(1 for i in idx if rows[i]["label"] == "conflict" and preds[i] == "conflict")
        kfp = sum(1 for i in idx if rows[i]["label"] != "conflict" and preds[i] == "conflict")
        kfn = sum(1 for i in idx if rows[i]["label"] == "conflict" and preds[i] != "conflict")
        per_kind[kind] = {"n": len(idx), "n_conflict": sum(1 for i in idx if rows[i]["label"] == "conflict"),
                          "tp": ktp, "fp": kfp, "fn": kfn, **_prf(ktp, kfp, kfn)}
    metrics["per_kind"] = per_kind
    confusion = Counter(f"{r['label']}->{p}" for r, p in zip(rows, preds))
    metrics["confusion"] = dict(sorted(confusion.items()))
    sup = [i for i, r in enumerate(rows) if r["label"] == "superseded"]
    metrics["superseded_recall"] = round(sum(1 for i in sup if preds[i] == "superseded") / len(sup), 4) if sup else None
    metrics["ms_per_pair"] = round(ms, 3)
    if with_candidates:
        metrics["candidate_recall"] = candidate_recall(rows)
    (out_dir / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2), encoding="utf-8")
    (out_dir / "predictions.jsonl").write_text(
        "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in details), encoding="utf-8")
    _write_md(out_dir / "report.md", Path(pairs_file), metrics, details)
    return metrics


def _write_md(path: Path, pairs_file: Path, m: dict[str, Any], details: list[dict[str, Any]]) -> None:
    lines = [
        f"# Đánh giá phát hiện mâu thuẫn — `{pairs_file.name}`", "",
        f"- Số cặp: {m['n']}; lớp dương tính: `conflict`",
        f"- Precision **{m['precision']:.3f}**, recall **{m['recall']:.3f}**, F1 **{m['f1']:.3f}** "
        f"(TP {m['tp']}, FP {m['fp']}, FN {m['fn']})",
        f"- Độ chính xác 3 nhãn: {m['accuracy_3way']:.3f}; nhận đúng `superseded`: {m['superseded_recall']}",
        f"- Thời gian: {m['ms_per_pair']:.2f} ms/cặp", "",
    ]
    if "candidate_recall" in m:
        cr = m["candidate_recall"]
        lines += [f"- Candidate recall ({cr['method']}, k={cr['k']}): {cr['found']}/{cr['gold_conflicts']} = {cr['recall']:.3f} "
                  f"({cr['n_candidates']} cặp ứng viên trên {cr['n_texts']} đoạn)", ""]
    lines += ["## Theo loại (kind của nhãn vàng)", "", "| kind | n | conflict | TP | FP | FN | P | R | F1 |",
              "|---|---|---|---|---|---|---|---|---|"]
    for k, v in m["per_kind"].items():
        lines.append(f"| {k} | {v['n']} | {v['n_conflict']} | {v['tp']} | {v['fp']} | {v['fn']} | "
                     f"{v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} |")
    lines += ["", "## Ma trận nhầm lẫn", ""] + [f"- {k}: {v}" for k, v in m["confusion"].items()]
    errs = [d for d in details if d["gold"] != d["pred"]]
    lines += ["", f"## Các cặp sai ({len(errs)})", ""]
    for d in errs:
        lines.append(f"- `{d['id']}` vàng={d['gold']}/{d['gold_kind']} dự đoán={d['pred']}/{d['pred_kind']}: {d['explanation'][:160]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
