"""Structural headings of a statute: Phần / Chương / Mục / Tiểu mục lines and the heading path they build.

Does: recognise a heading line (``_match_heading``) and keep the current heading path (``_HeadingStack``, fed by
``_apply_heading_block`` with the heading lines and their upper-case title lines).

Does not: find articles (see ``articles``) or headings of guides and handbooks (see ``plain``).
"""

from __future__ import annotations

import re

from assistant.legal.common import _clean_line, _is_upper


_HEADING_RE = re.compile(
    r"^(PHẦN|Phần|CHƯƠNG|Chương|TIỂU MỤC|Tiểu mục|MỤC|Mục)\s+"
    r"(THỨ\s+[A-ZÀ-Ỹ]+|thứ\s+[a-zà-ỹ]+|[IVXLC]+|\d+[a-z]?)\b\s*(?:[.:–-]\s*(.*)|(\s+[^a-zà-ỹ].*)|)$"
)
_LEVEL = {"phần": 0, "chương": 1, "mục": 2, "tiểu mục": 3}


def _match_heading(line: str) -> tuple[int, str, str] | None:
    """(level, label "Chương II", inline title) for a structural heading line, else None."""
    s = _clean_line(line)
    m = _HEADING_RE.match(s)
    if not m:
        return None
    kind = m.group(1).lower()
    rest = (m.group(3) or m.group(4) or "").strip(" *_")
    if m.group(4) and not _is_upper(rest):
        return None  # "Mục 2 của Chương này …" is prose
    if len(rest.split()) > 40:
        return None
    num = m.group(2)
    num = num.lower() if num.upper().startswith("THỨ") else num.upper()  # "Phần thứ hai", "Chương II"
    label = f"{kind[:1].upper()}{kind[1:]} {num}"
    return _LEVEL[kind], label, rest


class _HeadingStack:
    def __init__(self) -> None:
        self.items: dict[int, str] = {}

    def set(self, level: int, text: str) -> None:
        for lv in [k for k in self.items if k >= level]:
            del self.items[lv]
        self.items[level] = text

    def path(self) -> list[str]:
        return [self.items[k] for k in sorted(self.items)]


def _apply_heading_block(lines: list[str], stack: _HeadingStack) -> None:
    """Feed heading lines (+ their upper-case title lines) into the stack."""
    cur: tuple[int, str, list[str]] | None = None

    def flush() -> None:
        if cur:
            lv, label, title = cur
            t = " ".join(title).strip()
            stack.set(lv, f"{label}. {t}" if t else label)

    for line in lines:
        s = _clean_line(line)
        if not s:
            continue
        h = _match_heading(s)
        if h:
            flush()
            cur = (h[0], h[1], [h[2]] if h[2] else [])
            continue
        if cur and s.startswith("(") and "có nội dung liên quan" in s:
            continue
        if cur and (_is_upper(s) or not cur[2]) and len(s) < 400:
            cur[2].append(s)
    flush()
