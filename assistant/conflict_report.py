"""Report writers for the conflict checker: HTML (Vietnamese, for officials), CSV (spreadsheets), JSON (machines).

The HTML ranks conflicts, shows both provisions side by side with the clashing spans in ``<mark>``, the kind,
severity, confidence, which provision prevails and the legal basis, and links to the source when known.
All document text is HTML-escaped (documents are data). HTML and CSV name a Pháp điển provision by its source first
("Điều 37 Nghị định số 123/2013/NĐ-CP (Pháp điển: Điều 4.4.NĐ.1.37)"); JSON keeps the stored citation. Does not run
any detection itself.
"""

from __future__ import annotations

import csv
import html
import json
from datetime import datetime
from pathlib import Path
from typing import Any, Sequence

from assistant.chunking import source_first
from assistant.conflicts import KIND_VI
from assistant.records import Conflict, ConflictSide

LABEL_VI = {"conflict": "Mâu thuẫn", "superseded": "Đã được sửa đổi/thay thế", "no_conflict": "Không mâu thuẫn"}
# how the two documents are related (assistant.doc_relations); "unknown" / None is not shown
RELATION_VI = {
    "same_document": "Cùng một văn bản",
    "implements": "Văn bản này quy định chi tiết / hướng dẫn văn bản kia",
    "same_parent": "Cùng hướng dẫn một văn bản",
    "same_field": "Cùng lĩnh vực, không dẫn chiếu nhau",
    "unrelated": "Hai văn bản không liên quan (có thể là hai chế độ khác nhau)",
}


def highlight(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """HTML-escape ``text`` and wrap the (possibly overlapping) character spans in ``<mark>``."""
    n = len(text)
    merged: list[list[int]] = []
    for s, e in sorted((max(0, s), min(n, e)) for s, e in spans if e > s):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out, pos = [], 0
    for s, e in merged:
        out.append(html.escape(text[pos:s]))
        out.append(f"<mark>{html.escape(text[s:e])}</mark>")
        pos = e
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _date(d: Any) -> str:
    return d.strftime("%d/%m/%Y") if d else "không rõ"


def _side_html(side: ConflictSide, spans: Sequence[tuple[int, int]], prevails: bool, link: str | None) -> str:
    cite = html.escape(source_first(side.citation))
    if link:
        cite = f'<a href="{html.escape(link, quote=True)}">{cite}</a>'
    badge = '<span class="win">Được áp dụng</span>' if prevails else ""
    meta = (
        f"{html.escape(side.doc_type or 'không rõ loại')} · số {html.escape(side.number or 'không rõ')} · "
        f"{html.escape(side.issuer or 'không rõ cơ quan')} · ban hành {_date(side.issued_on)} · "
        f"hiệu lực {_date(side.effective_from)}" + (f" đến {_date(side.effective_to)}" if side.effective_to else "")
    )
    return (f'<div class="side"><div class="cite">{cite} {badge}</div><div class="meta">{meta}</div>'
            f'<p class="text">{highlight(side.text, spans)}</p></div>')


_CSS = """
body{font-family:system-ui,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#1b1b1b;max-width:1200px}
h1{font-size:1.5rem} .summary{background:#f3f6fa;padding:.8rem 1rem;border-radius:6px}
.item{border:1px solid #d0d7de;border-radius:8px;margin:1.2rem 0;padding:1rem}
.head{display:flex;gap:.6rem;flex-wrap:wrap;align-items:center;margin-bottom:.6rem}
.rank{font-weight:700} .tag{background:#eef;border-radius:4px;padding:.1rem .4rem;font-size:.85rem}
.sev-cao{background:#fdd}.sev-trung{background:#ffefc2}.sev-thấp{background:#e8f5e9}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.side{background:#fafafa;border-radius:6px;padding:.6rem .8rem}
.cite{font-weight:600}.meta{color:#555;font-size:.85rem;margin:.2rem 0}
.win{background:#d1f0d1;color:#145214;border-radius:4px;padding:.05rem .35rem;font-size:.8rem;margin-left:.3rem}
mark{background:#ffe066;padding:0 .1rem}.rule{font-size:.9rem;margin-top:.6rem}
@media (max-width:800px){.pair{grid-template-columns:1fr}}
"""


def write_html(conflicts: Sequence[Conflict], path: Path, *, title: str = "Báo cáo rà soát mâu thuẫn giữa các văn bản",
               summary: str = "", notes: Sequence[str] = (), superseded: Sequence[Conflict] = (),
               source_links: dict[str, str] | None = None) -> Path:
    """Write the ranked HTML report (conflicts first, then superseded pairs for information)."""
    links = source_links or {}
    parts = [
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">",
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f'<div class="summary"><p>{html.escape(summary)}</p>' if summary else '<div class="summary">',
        f"<p>Lập lúc {datetime.now():%H:%M ngày %d/%m/%Y}. Kết quả do công cụ tự động sàng lọc; "
        "cán bộ cần đối chiếu văn bản gốc trước khi kết luận.</p>",
    ]
    for n in notes:
        parts.append(f"<p>• {html.escape(n)}</p>")
    parts.append("</div>")

    def item(i: int, c: Conflict) -> str:
        sev_cls = "sev-" + c.severity.split()[0]
        pa = _side_html(c.a, c.spans_a, c.prevails == "a", links.get(c.a.chunk_id or ""))
        pb = _side_html(c.b, c.spans_b, c.prevails == "b", links.get(c.b.chunk_id or ""))
        win = {"a": source_first(c.a.citation), "b": source_first(c.b.citation)}.get(c.prevails or "", None)
        win_txt = (f"<b>Quy định được áp dụng:</b> {html.escape(win)}" if win
                   else "<b>Quy định được áp dụng:</b> chưa xác định được")
        return (
            f'<div class="item" id="c{i}"><div class="head"><span class="rank">#{i}</span>'
            f'<span class="tag">{html.escape(LABEL_VI.get(c.label, c.label))}</span>'
            f'<span class="tag">{html.escape(KIND_VI.get(c.kind, c.kind))}</span>'
            f'<span class="tag {sev_cls}">Mức độ: {html.escape(c.severity)}</span>'
            f'<span class="tag">Độ tin cậy: {c.confidence:.2f}</span>'
            + (f'<span class="tag">Quan hệ: {html.escape(RELATION_VI[c.relation])}</span>'
               if c.relation in RELATION_VI else "")
            + '</div>'
            f'<div class="pair">{pa}{pb}</div>'
            f'<div class="rule"><p>{html.escape(c.explanation)}</p><p>{win_txt}</p>'
            f'<p><b>Căn cứ:</b> {html.escape(c.rule or "—")}</p></div></div>'
        )

    parts.append(f"<h2>Mâu thuẫn ({len(conflicts)})</h2>")
    if not conflicts:
        parts.append("<p>Không phát hiện mâu thuẫn nào.</p>")
    parts += [item(i, c) for i, c in enumerate(conflicts, 1)]
    if superseded:
        parts.append(f"<h2>Quy định đã được sửa đổi, thay thế hoặc hết hiệu lực ({len(superseded)})</h2>")
        parts += [item(i, c) for i, c in enumerate(superseded, len(conflicts) + 1)]
    parts.append("</body></html>")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


CSV_COLUMNS = [
    "hang", "nhan", "loai", "muc_do", "do_tin_cay", "trich_dan_a", "so_hieu_a", "loai_vb_a", "hieu_luc_a", "noi_dung_a",
    "doan_xung_dot_a", "trich_dan_b", "so_hieu_b", "loai_vb_b", "hieu_luc_b", "noi_dung_b", "doan_xung_dot_b",
    "uu_tien", "can_cu", "giai_thich", "chunk_a", "chunk_b", "quan_he_van_ban",
]


def write_csv(conflicts: Sequence[Conflict], path: Path) -> Path:
    """One row per finding; UTF-8 with BOM so spreadsheet software shows Vietnamese correctly."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(CSV_COLUMNS)
        for i, c in enumerate(conflicts, 1):
            prev = {"a": source_first(c.a.citation), "b": source_first(c.b.citation)}.get(c.prevails or "", "")
            w.writerow([
                i, c.label, c.kind, c.severity, f"{c.confidence:.3f}",
                source_first(c.a.citation), c.a.number or "", c.a.doc_type or "", _date(c.a.effective_from), c.a.text,
                " | ".join(c.a.text[s:e] for s, e in c.spans_a),
                source_first(c.b.citation), c.b.number or "", c.b.doc_type or "", _date(c.b.effective_from), c.b.text,
                " | ".join(c.b.text[s:e] for s, e in c.spans_b),
                prev, c.rule, c.explanation, c.a.chunk_id or "", c.b.chunk_id or "",
                RELATION_VI.get(c.relation or "", ""),
            ])
    return path


def write_json(conflicts: Sequence[Conflict], path: Path, *, meta: dict[str, Any] | None = None,
               superseded: Sequence[Conflict] = ()) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    obj = {
        **(meta or {}),
        "conflicts": [json.loads(c.model_dump_json()) for c in conflicts],
        "superseded": [json.loads(c.model_dump_json()) for c in superseded],
    }
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def write_report(report: Any, *, html_path: Path | None = None, csv_path: Path | None = None,
                 json_path: Path | None = None) -> list[Path]:
    """Write any of the three formats for a ``conflicts.ConflictReport``."""
    out: list[Path] = []
    if html_path:
        out.append(write_html(report.conflicts, html_path, summary=report.summary(), notes=report.notes,
                              superseded=report.superseded, source_links=report.source_links))
    if csv_path:
        out.append(write_csv(list(report.conflicts) + list(report.superseded), csv_path))
    if json_path:
        meta = json.loads(report.model_dump_json(exclude={"conflicts", "superseded", "source_links"}))
        meta["summary"] = report.summary()
        out.append(write_json(report.conflicts, json_path, meta=meta, superseded=report.superseded))
    return out
