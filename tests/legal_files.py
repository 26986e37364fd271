"""Where the test documents are, and reading them as the loaders' contract describes (shared by several test files)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from assistant.records import RawDocument

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
if not SHARED.exists():  # a git worktree under /work/wt/<name>
    SHARED = Path("/work/shared/data")
SAMPLE = ROOT / "corpus" / "sample"
PD = SHARED / "phapdien"


def raw_file(path: Path, fmt: str, doc_id: str | None = None) -> RawDocument:
    text = path.read_text(encoding="utf-8")
    return RawDocument(
        doc_id=doc_id or path.name,
        source_path=str(path),
        format=fmt,  # type: ignore[arg-type]
        text=text,
        checksum=hashlib.sha256(text.encode()).hexdigest(),
    )


def read_phapdien(path: Path) -> RawDocument:
    """Pháp điển file → RawDocument as the loader contract describes (body between the two ## sections)."""
    s = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    fm = re.match(r"^---\n(.*?)\n---\n", s, re.S)
    if fm:
        for line in fm.group(1).split("\n"):
            if ":" in line:
                k, v = line.split(":", 1)
                meta[k.strip()] = v.strip()
    for k, v in re.findall(r"^\|\s*\*\*(.+?)\*\*\s*\|\s*(.*?)\s*\|?$", s, re.M):
        meta[k] = v
    a = s.find("## VĂN BẢN")
    b = s.find("## Danh sách điều khoản")
    body = s[a + len("## VĂN BẢN") : b if b > 0 else len(s)]
    return RawDocument(
        doc_id=str(path.relative_to(PD)),
        source_path=str(path),
        format="phapdien",
        text=body,
        checksum=hashlib.sha256(body.encode()).hexdigest(),
        title=meta.get("title"),
        meta=meta,
    )
