"""Khoản- and điểm-level repeal markers in the Pháp điển subset: find them in the raw text, list them by pattern, and
show what the parser makes of each (is the khoản / điểm marked ``repealed``, by what, since when).

    python eval/pd_clause_repeals.py [--data ../shared/data/phapdien] [--list]

Patterns (a line of an article body in "## VĂN BẢN", Markdown emphasis set aside):
- ``khoan``: "2. (Được bãi bỏ)", "2. Đã được bãi bỏ.", "6. Bị bãi bỏ.", "2. ***(Bị bãi bỏ);***"
- ``diem``: "b) Đã được bãi bỏ", "g) ***(Bị bãi bỏ);***"
- ``emphasis_before_label``: "***a) (Bị bãi bỏ);***" (the label inside the emphasis)
- ``label_alone``: "10." on its line, the marker on the next one
- ``provenance_part``: a provenance line naming a khoản / điểm before "được / bị bãi bỏ" ("… nội dung … quy định tại
  khoản 2 Điều 3 được bãi bỏ bởi …"): partial content, not a whole unit (reported, not marked)
Lines of "## Danh sách điều khoản" (the list of articles) are not counted.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "phapdien"
if not DATA.exists():
    DATA = Path("/work/shared/data/phapdien")

_EMPH = re.compile(r"[*_]+")
_MARK = r"[(\[]?\s*(?:đã\s+)?(?:được|bị)?\s*(?:bãi|hủy|huỷ)\s+bỏ\s*[)\]]?\s*[.;,]?"
_KHOAN = re.compile(rf"^(\d{{1,3}}[a-zđ]?)\s*\.\s+{_MARK}$", re.I)
_DIEM = re.compile(rf"^([a-zđ]\d{{0,2}})\s*\)\s*{_MARK}$", re.I)
_ALONE = re.compile(r"^(\d{1,3})\s*\.$")
_ONLY_MARK = re.compile(rf"^{_MARK}$", re.I)
_PROV_PART = re.compile(r"^\(+\s*(?:Điều|Khoản|Điểm)\b.*\b(?:khoản|điểm)\s+\w+[^()]{0,80}?(?:được|bị)\s+bãi\s+bỏ", re.I)


def scan(text: str) -> list[tuple[str, int, str]]:
    """(pattern, line number, line) of every khoản / điểm repeal marker in the body of one đề mục file."""
    lines = text.split("\n")
    start = next((i for i, ln in enumerate(lines) if ln.startswith("## VĂN BẢN")), 0)
    end = next((i for i, ln in enumerate(lines) if ln.startswith("## Danh sách điều khoản")), len(lines))
    out = []
    for i in range(start, end):
        raw = lines[i].strip()
        plain = re.sub(r"\s+", " ", _EMPH.sub("", raw)).strip()
        lead_emph = bool(re.match(r"^[*_]+\s*(?:\d|[a-zđ]\d{0,2}\s*\))", raw))
        if _KHOAN.match(plain):
            out.append(("emphasis_before_label" if lead_emph else "khoan", i + 1, raw))
        elif _DIEM.match(plain):
            out.append(("emphasis_before_label" if lead_emph else "diem", i + 1, raw))
        elif _ALONE.match(plain):
            nxt = next((x.strip() for x in lines[i + 1 : i + 4] if x.strip()), "")
            if _ONLY_MARK.match(_EMPH.sub("", nxt).strip()):
                out.append(("label_alone", i + 1, f"{raw} / {nxt}"))
        elif _PROV_PART.match(plain):
            out.append(("provenance_part", i + 1, raw[:160]))
    return out


def parsed_marks(path: Path) -> list[tuple[str, str, str | None, object]]:
    """(article, khoản, điểm or None, validity) of every unit the parser marks repealed below the article."""
    from assistant.legal import parse
    from assistant.loaders import load

    doc = parse(load(path)[0])
    out = []
    for a in doc.articles:
        for c in a.clauses:
            if c.validity.repealed:
                out.append((a.number, c.label, None, c.validity))
            for p in c.points:
                if getattr(p, "validity", None) is not None and p.validity.repealed:
                    out.append((a.number, c.label, p.label, p.validity))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--list", action="store_true", help="print every marker and every marked unit")
    a = ap.parse_args()
    counts: Counter[str] = Counter()
    files: Counter[str] = Counter()
    marked_total = 0
    marked_dated = 0
    marked_by = 0
    for path in sorted(a.data.rglob("*.md")):
        if path.name == "README.md":
            continue
        found = scan(path.read_text(encoding="utf-8"))
        rel = str(path.relative_to(a.data))
        for pat, n, line in found:
            counts[pat] += 1
            files[rel] += 1
            if a.list:
                print(f"{pat:22} {rel}:{n}: {line}")
        if found:
            for art, cl, pt, v in parsed_marks(path):
                marked_total += 1
                marked_dated += bool(v.effective_to)
                marked_by += bool(v.repealed_by)
                if a.list:
                    unit = (f"điểm {pt} " if pt else "") + (f"khoản {cl} " if cl else "")
                    print(f"  marked {rel} {unit}Điều {art}: by={v.repealed_by} to={v.effective_to}")
    print("markers by pattern:", dict(counts), "total", sum(counts.values()))
    print("files:", dict(files))
    print(f"units the parser marks repealed: {marked_total} (with repealing document {marked_by}, dated {marked_dated})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
