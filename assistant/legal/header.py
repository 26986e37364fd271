"""The header of a formal document: issuer, số hiệu, ngày ban hành, loại văn bản and trích yếu.

Does: read the first lines of a document (its two header columns as loaders give them: tab-, " | "- or
wide-space-separated, or read row by row) into a dict (``_header_info``); split a header line into its columns.

Does not: build the document's title or validity (see ``statute``, ``plain``, ``validity``).
"""

from __future__ import annotations

import re
from typing import Any

from assistant.legal.common import (
    DOC_TYPES, DOC_TYPE_RE, NUM, _HEADER_TYPES, _clean_line, _is_upper, display_issuer, parse_date,
)


_DATE_CUT_RE = re.compile(r"\bngày\s+\d{1,2}(?:\s+tháng(?:\s+\d{1,2}(?:\s+năm)?)?)?$")


# the columns of a header line as loaders give them: tab-, " | "- (table cells) or wide-space-separated
_HEADER_COL_RE = re.compile(r"\t+|\s*\|\s*|\s{3,}")


def _header_columns(line: str) -> list[str]:
    """"BỘ TÀI CHÍNH | CỘNG HÒA …" → ["BỘ TÀI CHÍNH", "CỘNG HÒA …"] (empty columns dropped)."""
    return [f.strip() for f in _HEADER_COL_RE.split(line) if f.strip()]


# a date that belongs to a document named just before it ("Nghị định số 42/2022/NĐ-CP ngày 24 tháng 6 năm 2022" in a
# handbook's first lines) is not the document's own date
_REF_BEFORE_DATE_RE = re.compile(rf"(?:{DOC_TYPE_RE})\s+(?:số\s*:?\s*)?{NUM}\s*,?\s*$")  # not "Số: 12/2025/TT-BTC, ngày …"
# the English line of a bilingual header ("PEOPLE'S COUNCIL OF DA NANG CITY"): not part of the issuer's name
_ENGLISH_ISSUER_RE = re.compile(r"\b(?:OF|THE|PEOPLE'?S|COUNCIL|COMMITTEE|MINISTRY|GOVERNMENT|DEPARTMENT|NATIONAL ASSEMBLY)\b")


# The line naming who issues the document, printed in capitals between the trích yếu and the "Căn cứ …" lines
# ("THỦ TƯỚNG CHÍNH PHỦ", "BỘ TRƯỞNG BỘ TÀI CHÍNH", "HỘI ĐỒNG NHÂN DÂN TỈNH NGHỆ AN", "ỦY BAN NHÂN DÂN TỈNH …").
_AUTHORITY_RE = re.compile(
    r"(?:THỦ TƯỚNG CHÍNH PHỦ|CHÍNH PHỦ|QUỐC HỘI|ỦY BAN THƯỜNG VỤ QUỐC HỘI|CHỦ TỊCH NƯỚC|"
    r"(?:BỘ TRƯỞNG|THỨ TRƯỞNG|CHỦ NHIỆM|TỔNG KIỂM TOÁN|THỐNG ĐỐC|CHÁNH ÁN|VIỆN TRƯỞNG|GIÁM ĐỐC|TỔNG CỤC TRƯỞNG|"
    r"CỤC TRƯỞNG|CHỦ TỊCH|HỘI ĐỒNG NHÂN DÂN|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|HỘI ĐỒNG THẨM PHÁN)\b.{0,80})")
_AFTER_AUTHORITY_RE = re.compile(r"^(?:Căn cứ|CĂN CỨ|Theo đề nghị|Xét |KHÓA|KHOÁ|QUYẾT (?:ĐỊNH|NGHỊ)\s*:)")


def _is_authority_line(s: str, following: list[str]) -> bool:
    """``s`` is the issuing authority's line (see ``_AUTHORITY_RE``) and what follows it opens the preamble."""
    if not (_is_upper(s) and _AUTHORITY_RE.fullmatch(s.strip())):
        return False
    nxt = next((t.strip() for t in following if t.strip()), "")
    return bool(_AFTER_AUTHORITY_RE.match(nxt))


def _header_info(lines: list[str]) -> dict[str, Any]:
    """Issuer, số hiệu, ngày ban hành, loại văn bản and trích yếu from the first lines of a document."""
    info: dict[str, Any] = {}
    issuer_parts: list[str] = []
    issuer_done = False
    motto = False  # the quốc hiệu seen
    type_idx: int | None = None
    for i, raw_line in enumerate(lines[:60]):
        line = _clean_line(raw_line)
        if not line:
            continue
        frags = _header_columns(line)
        for frag in frags:
            up = frag.upper()
            if "issued_on" not in info and len(frag) < 250:
                dm = re.search(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", frag)
                if not dm and _DATE_CUT_RE.search(frag) and frag is frags[-1] and i + 1 < len(lines):
                    # a PDF header column too narrow for the date: "Hà Nội, ngày 10 tháng 3 năm" / "2025"
                    dm = re.search(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}",
                                   f"{frag} {_clean_line(lines[i + 1])}")
                if dm and not re.search(r"Căn cứ|thông qua|hiệu lực", frag) and not _REF_BEFORE_DATE_RE.search(frag[: dm.start()]):
                    d = parse_date(dm.group(0))
                    if d:
                        info["issued_on"] = d
                        issuer_done = True
                        frag = frag[: dm.start()]
            if "CỘNG HÒA" in up or "CỘNG HOÀ" in up or up.startswith("ĐỘC LẬP"):
                # the header's two columns read row by row ("ỦY BAN NHÂN DÂN" / "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" /
                # "VIỆT NAM" / "TỈNH BẮC NINH" / "Độc lập …" / "Số: …"): the issuer goes on until the số hiệu
                row_by_row = bool(issuer_parts) and "number" not in info and "issued_on" not in info
                issuer_done = issuer_done or not row_by_row
                motto = True
                continue
            if motto and not issuer_done and (up in ("VIỆT NAM", "NGHĨA VIỆT NAM") or _HEADER_TYPES.get(up.rstrip(": "))):
                issuer_done = issuer_done or up not in ("VIỆT NAM", "NGHĨA VIỆT NAM")
                continue
            mnum = re.search(rf"(?:^|\s)(?:(?:Luật|Bộ luật|Lệnh)\s+)?(?:Số|SỐ|số(?=\s*(?:hiệu\s*)?:))\s*(?:hiệu)?\s*:?\s*({NUM})", frag)
            if mnum and "number" not in info:
                info["number"] = re.sub(r"\s+", "", mnum.group(1))
                before = frag[: mnum.start()].strip()
                if before and not issuer_done and _is_upper(before):
                    issuer_parts.append(before)
                issuer_done = True
                continue
            if (not issuer_done and _is_upper(frag) and len(frag) < 120 and not frag.startswith("-")
                    and not _ENGLISH_ISSUER_RE.search(frag)):
                issuer_parts.append(frag)
        if type_idx is None:
            t = _HEADER_TYPES.get(re.sub(r"[:\s]+$", "", line).upper()) if (_is_upper(line) or line in DOC_TYPES) else None
            if t and (issuer_done or issuer_parts):
                type_idx = i
                info["doc_type"] = t
                title: list[str] = []
                info["body_from"] = i + 1
                for j, nxt in enumerate(lines[i + 1 : i + 8], i + 1):
                    s = _clean_line(nxt)
                    if not s:
                        if title:
                            break
                        continue
                    if re.match(r"^(Căn cứ|Theo đề nghị|Xét |Chương|CHƯƠNG|Điều\s+\d|Phần|PHẦN)", s):
                        break
                    if title and (_is_upper(s) != _is_upper(title[-1])):
                        break
                    if title and _is_authority_line(s, lines[j + 1 : j + 4]):
                        break  # "THỦ TƯỚNG CHÍNH PHỦ" under a trích yếu wrapped over two lines: who decides, not the title
                    title.append(s)
                    info["body_from"] = j + 1
                info["subject"] = " ".join(title).strip()
                break
    if issuer_parts:
        info["issuer"] = display_issuer(" ".join(issuer_parts))
    return info
