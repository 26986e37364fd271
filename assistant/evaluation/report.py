"""Readable reports for the evaluations: ``report.md`` and a self-contained ``report.html``.

Retrieval report: headline table (ours vs each baseline, with ratios ours/baseline for quality and
latency), query-mode comparison (question alone vs question + choices), per-type table, plots
(recall@k curve, per-type Recall@10 bars, latency histogram — matplotlib, PNG files under ``plots/``
linked from the Markdown and embedded as base64 in the HTML), dropped questions, and the worst-ranked
questions for error analysis. Answer report: the flat answer metrics and the worst cases.
Text is Vietnamese (NFC). It formats numbers it is given; it computes no metric itself.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any, Sequence

from assistant.evaluation.datasets import Question
from assistant.evaluation.provenance import describe

QUALITY = ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "map")
LATENCY = ("latency_p50_ms", "latency_p95_ms")
LABELS = {
    "recall@1": "Recall@1",
    "recall@5": "Recall@5",
    "recall@10": "Recall@10",
    "mrr@10": "MRR@10",
    "ndcg@10": "nDCG@10",
    "map": "MAP",
    "latency_p50_ms": "Độ trễ p50 (ms)",
    "latency_p95_ms": "Độ trễ p95 (ms)",
}
SYSTEM_LABELS = {"ours": "Hệ thống (ours)", "bm25": "BM25 thuần", "langchain-faiss": "LangChain FAISS mặc định"}
MODE_LABELS = {"text": "chỉ câu hỏi", "choices": "câu hỏi + các lựa chọn"}
N_WORST = 25


def fmt(v: Any, ms: bool = False) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.1f}" if ms else f"{v:.4f}"
    return str(v)


def fmt_ratio(v: Any) -> str:
    return "–" if v is None else f"×{v:.2f}"


# ------------------------------------------------------------------ plots
def _fig_png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return buf.getvalue()


def _plots(
    metrics: dict[str, Any], runs: dict[str, dict[str, Any]], headline: str
) -> dict[str, tuple[str, bytes]]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    systems = {"ours": metrics, **{n: b for n, b in metrics.get("baselines", {}).items() if "recall@10" in b}}
    out: dict[str, tuple[str, bytes]] = {}

    fig, ax = plt.subplots(figsize=(6, 4))
    for name, m in systems.items():
        curve = m.get("recall_curve") or {}
        ks = sorted(int(k) for k in curve)
        if ks:
            ax.plot(ks, [curve[str(k)] for k in ks], marker="o", label=SYSTEM_LABELS.get(name, name))
    ax.set_xlabel("k")
    ax.set_ylabel("Recall@k")
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    ax.set_title(f"Recall@k ({MODE_LABELS.get(headline, headline)})")
    out["recall_curve"] = ("Đường Recall@k", _fig_png(fig))

    types = sorted({t for m in systems.values() for t in (m.get("per_type") or {})})
    if types:
        fig, ax = plt.subplots(figsize=(7, 4))
        width = 0.8 / max(1, len(systems))
        for i, (name, m) in enumerate(systems.items()):
            vals = [((m.get("per_type") or {}).get(t) or {}).get("recall@10") or 0.0 for t in types]
            ax.bar([x + i * width for x in range(len(types))], vals, width, label=SYSTEM_LABELS.get(name, name))
        ax.set_xticks([x + width * (len(systems) - 1) / 2 for x in range(len(types))])
        ax.set_xticklabels(types)
        ax.set_ylabel("Recall@10")
        ax.set_ylim(0, 1.15)
        ax.legend(loc="upper right", fontsize=8, ncol=len(systems))
        ax.set_title("Recall@10 theo loại câu hỏi")
        out["per_type"] = ("Recall@10 theo loại câu hỏi", _fig_png(fig))

    fig, ax = plt.subplots(figsize=(6, 4))
    any_lat = False
    for name, by_mode in runs.items():
        res = by_mode.get(headline) or {}
        lat = [r.latency_ms for r in res.values() if r.latency_ms is not None]
        if lat:
            any_lat = True
            ax.hist(lat, bins=30, alpha=0.5, label=SYSTEM_LABELS.get(name, name))
    if any_lat:
        ax.set_xlabel("ms / truy vấn")
        ax.set_ylabel("số câu hỏi")
        ax.legend()
        ax.set_title("Phân bố độ trễ")
        out["latency"] = ("Phân bố độ trễ mỗi truy vấn", _fig_png(fig))
    else:
        import matplotlib.pyplot as plt

        plt.close(fig)
    return out


# ------------------------------------------------------------------ tables
def _headline_rows(metrics: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    bases = [n for n in metrics.get("baselines", {})]
    header = ["Chỉ số", SYSTEM_LABELS["ours"]]
    for n in bases:
        header += [SYSTEM_LABELS.get(n, n), f"ours / {n}"]
    rows = []
    for key in (*QUALITY, *LATENCY):
        ms = key in LATENCY
        row = [LABELS[key], fmt(metrics.get(key), ms)]
        for n in bases:
            b = metrics["baselines"][n]
            r = (metrics.get("ratios") or {}).get(n) or {}
            row += [fmt(b.get(key), ms) if "error" not in b else "lỗi", fmt_ratio(r.get(key))]
        rows.append(row)
    return header, rows


def _mode_rows(metrics: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    header = ["Hệ thống", "Chế độ truy vấn", "Recall@1", "Recall@10", "MRR@10", "nDCG@10", "p50 (ms)"]
    rows = []
    systems = {"ours": metrics.get("by_query_mode") or {}}
    for n, b in (metrics.get("baselines") or {}).items():
        systems[n] = b.get("by_query_mode") or {}
    for name, by_mode in systems.items():
        for mode, m in by_mode.items():
            rows.append([
                SYSTEM_LABELS.get(name, name),
                MODE_LABELS.get(mode, mode) + (" (chính)" if mode == metrics.get("headline_query_mode") else ""),
                fmt(m.get("recall@1")), fmt(m.get("recall@10")), fmt(m.get("mrr@10")), fmt(m.get("ndcg@10")),
                fmt(m.get("latency_p50_ms"), True),
            ])
    return header, rows


def _type_rows(metrics: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    bases = [n for n, b in (metrics.get("baselines") or {}).items() if "per_type" in b]
    header = ["Loại câu hỏi", "Số câu", "Recall@1", "Recall@10", "MRR@10", "nDCG@10"] + [
        f"Recall@10 {n}" for n in bases
    ]
    rows = []
    for t, m in (metrics.get("per_type") or {}).items():
        row = [t, str(m.get("n")), fmt(m.get("recall@1")), fmt(m.get("recall@10")), fmt(m.get("mrr@10")),
               fmt(m.get("ndcg@10"))]
        for n in bases:
            row.append(fmt(((metrics["baselines"][n]["per_type"]).get(t) or {}).get("recall@10")))
        rows.append(row)
    return header, rows


def _short(s: str, n: int = 140) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _worst_rows(
    questions: Sequence[Question], runs: dict[str, dict[str, Any]], evals: dict[str, dict[str, Any]], headline: str
) -> tuple[list[str], list[list[str]]]:
    pq = evals["ours"][headline]["per_query"]
    bm = evals.get("bm25", {}).get(headline, {}).get("per_query", {})
    by_id = {q.question_id: q for q in questions}

    def badness(qid: str) -> tuple[float, float]:
        r = pq[qid].get("first_rank")
        return (-(r if r is not None else 1e9), pq[qid].get("ndcg@10", 0.0))

    worst = sorted(pq, key=badness)[:N_WORST]
    header = ["question_id", "Loại", "Câu hỏi", "Điều đúng", "Hạng (ours)", "Hạng (bm25)", "Top 3 (ours)"]
    rows = []
    for qid in worst:
        q = by_id[qid]
        r = runs["ours"][headline].get(qid)
        top = "; ".join(f"{l} Đ.{a}" for (l, a), _ in (r.articles[:3] if r else []))
        if r and r.error:
            top = r.error
        rank = pq[qid].get("first_rank")
        brank = (bm.get(qid) or {}).get("first_rank") if bm else None
        rows.append([
            qid, q.question_type, _short(q.text), "; ".join(f"{l} Đ.{a}" for l, a in q.relevant),
            str(rank) if rank else "> 10 (trượt)", (str(brank) if brank else "> 10") if bm else "–", top,
        ])
    return header, rows


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    def cell(s: str) -> str:
        return s.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def _html_table(header: list[str], rows: list[list[str]]) -> str:
    h = "".join(f"<th>{html.escape(c)}</th>" for c in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{h}</tr></thead><tbody>{body}</tbody></table>"


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#1d2430;line-height:1.45}
table{border-collapse:collapse;margin:1em 0;font-size:14px}th,td{border:1px solid #ccd;padding:4px 8px;
text-align:left;vertical-align:top}th{background:#eef1f6}img{max-width:100%;border:1px solid #dde}
.note{color:#555;font-size:14px}
"""


def _write(out_dir: Path, title: str, sections: list[tuple[str, Any]], plots: dict[str, tuple[str, bytes]]) -> None:
    """sections: (heading, content) where content is str (paragraph), ("table", header, rows) or ("plot", key)."""
    plot_dir = out_dir / "plots"
    if plots:
        plot_dir.mkdir(parents=True, exist_ok=True)
        for key, (_, png) in plots.items():
            (plot_dir / f"{key}.png").write_bytes(png)
    md = [f"# {title}", ""]
    ht = [f"<!doctype html><html lang='vi'><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
          f"<style>{_CSS}</style></head><body><h1>{html.escape(title)}</h1>"]
    for heading, items in sections:
        if heading:
            md += [f"## {heading}", ""]
            ht.append(f"<h2>{html.escape(heading)}</h2>")
        for item in items:
            if isinstance(item, str):
                md += [item, ""]
                ht.append(f"<p class='note'>{html.escape(item)}</p>")
            elif item[0] == "table":
                md += [_md_table(item[1], item[2]), ""]
                ht.append(_html_table(item[1], item[2]))
            elif item[0] == "plot" and item[1] in plots:
                cap, png = plots[item[1]]
                md += [f"![{cap}](plots/{item[1]}.png)", ""]
                b64 = base64.b64encode(png).decode("ascii")
                ht.append(f"<figure><img alt='{html.escape(cap)}' src='data:image/png;base64,{b64}'>"
                          f"<figcaption>{html.escape(cap)}</figcaption></figure>")
    ht.append("</body></html>")
    (out_dir / "report.md").write_text("\n".join(md), encoding="utf-8")
    (out_dir / "report.html").write_text("\n".join(ht), encoding="utf-8")


def write_retrieval_report(
    metrics: dict[str, Any],
    questions: Sequence[Question],
    runs: dict[str, dict[str, Any]],
    evals: dict[str, dict[str, Any]],
    out_dir: Path,
) -> tuple[Path, Path]:
    out_dir = Path(out_dir)
    headline = metrics["headline_query_mode"]
    cfg = metrics.get("config") or {}
    plots = _plots(metrics, runs, headline)
    intro = [
        f"Tệp câu hỏi: {cfg.get('questions')} (phần: {cfg.get('split')}; {cfg.get('n_in_file')} câu trong tệp"
        + (f", giới hạn {cfg.get('limit')}" if cfg.get("limit") else "") + ").",
        f"Kho văn bản: {cfg.get('corpus') or '–'}; bộ sưu tập: {cfg.get('collection') or '–'}; "
        f"mô hình nhúng của chỉ mục: {cfg.get('index_model_id') or '–'}; số đoạn: {cfg.get('index_n_chunks') or '–'}.",
        f"Đã chấm {metrics['n_questions']} câu hỏi trong phạm vi; {metrics['n_out_of_scope']} câu ngoài phạm vi "
        "(không có điều luật đúng) không tính vào chỉ số xếp hạng; "
        f"{len(metrics['dropped'])} câu hệ thống không trả lời được (tính là trượt, liệt kê bên dưới).",
        f"Số liệu chính dùng chế độ truy vấn: {MODE_LABELS.get(headline, headline)} "
        f"(như cán bộ dán nguyên câu hỏi trắc nghiệm; {metrics.get('n_multiple_choice', 0)} câu trắc nghiệm). "
        "Tỉ số ours/baseline: > 1 là tốt hơn với chỉ số chất lượng, < 1 là nhanh hơn với độ trễ.",
        "Chỉ số tính bằng ranx trên danh sách điều luật (mỗi điều một lần, giữ hạng tốt nhất), sâu 10; "
        "độ trễ đo quanh lời gọi tìm kiếm, không tính thời gian nạp chỉ mục.",
    ]
    if cfg.get("code"):
        intro.append(describe(cfg["code"]) + ".")
    sections: list[tuple[str, Any]] = [
        ("", intro),
        ("Kết quả chính", [("table", *_headline_rows(metrics)), ("plot", "recall_curve")]),
        ("Chế độ truy vấn (câu trắc nghiệm)", [("table", *_mode_rows(metrics))]),
        ("Theo loại câu hỏi", [("table", *_type_rows(metrics)), ("plot", "per_type")]),
        ("Độ trễ", [("plot", "latency")]),
    ]
    errs = [f"{n}: {b['error']}" for n, b in (metrics.get("baselines") or {}).items() if "error" in b]
    if errs:
        sections.append(("Baseline không chạy được", errs))
    dropped = metrics.get("dropped") or []
    sections.append((
        "Câu hỏi bị bỏ sót (tính là trượt)",
        [("table", ["question_id", "Lý do"], [[d["question_id"], d["reason"]] for d in dropped])] if dropped
        else ["Không có."],
    ))
    if evals["ours"][headline]["per_query"]:
        sections.append((f"{N_WORST} câu hỏi xếp hạng kém nhất (phân tích lỗi)",
                         [("table", *_worst_rows(questions, runs, evals, headline))]))
    _write(out_dir, "Báo cáo đánh giá truy hồi điều luật", sections, plots)
    return out_dir / "report.md", out_dir / "report.html"


def write_answer_report(metrics: dict[str, Any], rows: list[dict[str, Any]], out_dir: Path) -> tuple[Path, Path]:
    out_dir = Path(out_dir)
    flat = [[k, fmt(v, k.endswith("_ms"))] for k, v in metrics.items() if isinstance(v, (int, float, str))
            and not isinstance(v, bool)]
    notes = list(metrics.get("notes") or [])
    if (metrics.get("config") or {}).get("code"):
        notes.append(describe(metrics["config"]["code"]) + ".")
    plots: dict[str, tuple[str, bytes]] = {}
    lat = [r["latency_ms"] for r in rows if r.get("latency_ms") is not None]
    if lat:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6, 4))
        ax.hist(lat, bins=30)
        ax.set_xlabel("ms / câu hỏi")
        ax.set_ylabel("số câu hỏi")
        ax.set_title("Phân bố độ trễ trả lời")
        plots["latency"] = ("Phân bố độ trễ trả lời", _fig_png(fig))
    bad = [r for r in rows if r.get("verdict") in ("false_refusal", "false_answer", "error")][:N_WORST]
    miss = sorted((r for r in rows if r.get("citation_recall") is not None and not r.get("refused")),
                  key=lambda r: (r["citation_recall"], r.get("citation_precision") or 0))[:N_WORST]
    sections: list[tuple[str, Any]] = [
        ("", notes),
        ("Chỉ số", [("table", ["Chỉ số", "Giá trị"], flat), ("plot", "latency")]),
        ("Từ chối sai / trả lời sai phạm vi / lỗi", [("table", ["question_id", "Loại", "Câu hỏi", "Kết quả"],
                                                     [[r["question_id"], r.get("type", ""), _short(r["question"]),
                                                       r["verdict"]] for r in bad])] if bad else ["Không có."]),
        ("Trích dẫn kém nhất", [("table", ["question_id", "Câu hỏi", "Điều đúng", "Đã trích dẫn", "Recall"],
                                  [[r["question_id"], _short(r["question"]),
                                    "; ".join(f"{l} Đ.{a}" for l, a in r.get("gold", [])),
                                    "; ".join(f"{l} Đ.{a}" for l, a in r.get("cited", [])),
                                    fmt(r.get("citation_recall"))] for r in miss])] if miss else ["Không có."]),
    ]
    _write(out_dir, "Báo cáo đánh giá câu trả lời", sections, plots)
    return out_dir / "report.md", out_dir / "report.html"
