"""Where the test documents are, reading them as the loaders' contract describes, and making real PDF files of given
lines (shared by several test files)."""

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


def make_pdf(path: Path, pages: list[list[str] | None], title: str | None = None) -> Path:
    """Real PDF with an embedded TrueType font (text layer); ``None`` pages hold only an image (a "scan")."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.backends.backend_pdf import PdfPages

    with matplotlib.rc_context({"pdf.fonttype": 42}):
        with PdfPages(path, metadata={"Title": title} if title else None) as pp:
            for lines in pages:
                fig = plt.figure(figsize=(8.27, 11.69))
                if lines is None:
                    fig.figimage(np.random.default_rng(0).random((200, 200)))
                else:
                    for i, line in enumerate(lines):
                        fig.text(0.08, 0.92 - 0.04 * i, line)
                pp.savefig(fig)
                plt.close(fig)
    return path
