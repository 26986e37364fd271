"""Khoản / điểm lines of the Pháp điển subset that open with Markdown emphasis before their label ("*đ) Đã phát
hành…*", "***a) …***", "**2.** …", "_b) …_"): count them by pattern and show a few.

    python eval/pd_emphasis_labels.py [--data ../shared/data/phapdien] [--list]

Pattern key: <khoan|diem>/<marks before the label>/<where the emphasis closes: after_label (right after "2." / "a)"),
end (at the end of the line, round the whole text), inside (elsewhere in the text)>. Only lines of "## VĂN BẢN" count.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "phapdien"
if not DATA.exists():
    DATA = Path("/work/shared/data/phapdien")

_LINE = re.compile(r"^([*_]{1,3})\s*(\d{1,3}[a-zđ]?\s*\.|[a-zđ]\d{0,2}\s*\))(\s*[*_]*)(.*)$")


def scan(text: str) -> list[tuple[str, int, str]]:
    lines = text.split("\n")
    start = next((i for i, ln in enumerate(lines) if ln.startswith("## VĂN BẢN")), 0)
    end = next((i for i, ln in enumerate(lines) if ln.startswith("## Danh sách điều khoản")), len(lines))
    out = []
    for i in range(start, end):
        raw = lines[i].strip()
        m = _LINE.match(raw)
        if not m:
            continue
        kind = "khoan" if m.group(2).rstrip().endswith(".") else "diem"
        if re.search(r"[*_]", m.group(3)):
            close = "after_label"
        elif re.search(r"[*_]+\s*[.;:,]?$", m.group(4)):
            close = "end"
        else:
            close = "inside"
        out.append((f"{kind}/{m.group(1)}/{close}", i + 1, raw))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    counts: Counter = Counter()
    files: Counter = Counter()
    examples: dict[str, str] = {}
    for path in sorted(args.data.rglob("*.md")):
        if path.name == "README.md":
            continue
        for pat, ln, raw in scan(path.read_text(encoding="utf-8")):
            counts[pat] += 1
            files[path.name] += 1
            examples.setdefault(pat, f"{path.name}:{ln}: {raw[:90]}")
            if args.list:
                print(f"{pat}\t{path.relative_to(args.data)}:{ln}\t{raw[:120]}")
    print(f"{sum(counts.values())} lines in {len(files)} files")
    for pat, n in counts.most_common():
        print(f"{n:5d}  {pat:28s} {examples[pat]}")
    print("per file:", ", ".join(f"{f} {n}" for f, n in files.most_common()))


if __name__ == "__main__":
    main()
