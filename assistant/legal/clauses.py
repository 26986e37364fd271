"""Khoản / điểm splitting of an article's body lines.

Does: ``split_clauses`` (khoản "1.", inserted "1a.", điểm "a)", inserted "a1)", nested lists, lines of a quotation
left to the current element), repeal markers ("(được bãi bỏ)": ``is_repealed_marker``; a khoản / điểm line that is
one, emphasis and all: ``unit_marker``, read as that unit by ``split_clauses``), labels opening with emphasis ("*đ)
…*": read as their unit, ``plain_label_lines`` writes them plainly in an article's text) and ``_body_lines``.

Does not: find articles or headings (see ``articles``, ``headings``) or give a unit any validity (see ``validity``).
"""

from __future__ import annotations

import re
from typing import Any

from assistant.legal.common import POINT_LABELS
from assistant.records import Clause, Point


_CLAUSE_RE = re.compile(r"^(\d{1,3})\s*\.\s+(\S.*)$")
_POINT_RE = re.compile(r"^([a-zđ])\s*\)\s*(.*)$")
_INSERTED_CLAUSE_RE = re.compile(r"^(\d{1,3})([a-zđ])\s*\.\s+(\S.*)$")
_INSERTED_POINT_RE = re.compile(r"^([a-zđ])(\d{1,2})\s*\)\s*(.*)$")  # "a1)" added by an amendment after điểm a
# what a consolidated or annotated text leaves of a repealed unit: "(được bãi bỏ)", "(đã được bãi bỏ)", "(Bãi bỏ)",
# "[được bãi bỏ]", "Được bãi bỏ." — the whole remaining text of a khoản/điểm/Điều line
_REPEALED = r"(?:[(\[]\s*(?:(?:đã\s+)?(?:được|bị)\s+)?(?:bãi|hủy|huỷ)\s+bỏ\s*[)\]]|(?:đã\s+)?(?:được|bị)\s+(?:bãi|hủy|huỷ)\s+bỏ)"
# (a trailing ";" or "," where the unit sat in a list: "g) ***(Bị bãi bỏ);***")
_REPEALED_RE = re.compile(rf"^{_REPEALED}\s*[.;,]?$", re.I)
_REPEALED_END_RE = re.compile(rf"\s*[(\[]\s*(?:(?:đã\s+)?(?:được|bị)\s+)?(?:bãi|hủy|huỷ)\s+bỏ\s*[)\]]\s*\.?$", re.I)


def is_repealed_marker(text: str) -> bool:
    """Is ``text`` (a khoản/điểm/Điều without its number) only a repeal marker such as "(được bãi bỏ)"?"""
    return bool(_REPEALED_RE.match(text.strip()))


# Markdown emphasis round or inside a marker, as Pháp điển's pages write it: "*(**B**ị bãi bỏ)*", "***(bị bãi bỏ)***"
_EMPHASIS_RE = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)")


def repeal_marker(text: str) -> str | None:
    """The repeal marker ``text`` consists of, as it reads without Markdown emphasis ("*(**B**ị bãi bỏ)*" →
    "(Bị bãi bỏ)"), or None when ``text`` says anything else (:func:`is_repealed_marker`)."""
    plain = re.sub(r"\s+", " ", _EMPHASIS_RE.sub("", text or "")).strip()
    return plain if plain and is_repealed_marker(plain) else None


# a khoản / điểm line that is only a repeal marker, Markdown emphasis set aside: "2. ***(Bị bãi bỏ);***", "***a) (Bị bãi
# bỏ);***" (the label inside the emphasis), "b)***(được bãi bỏ)***"
_UNIT_MARKER_RE = re.compile(r"^(\d{1,3}[a-zđ]?\s*\.|[a-zđ]\d{0,2}\s*\))\s*(.*)$")
_BARE_CLAUSE_NUMBER_RE = re.compile(r"^\d{1,3}\s*\.$")


def unit_marker(line: str) -> tuple[str, str] | None:
    """(label as written, marker) when ``line`` is a khoản or điểm kept only as a trace of its repeal ("2. (Được bãi
    bỏ).", "g) ***(Bị bãi bỏ);***" → ("g)", "(Bị bãi bỏ)")), else None. The marker reads without emphasis and without
    the list's trailing ";" / "," / "."."""
    plain = re.sub(r"\s+", " ", _EMPHASIS_RE.sub("", line or "")).strip()
    m = _UNIT_MARKER_RE.match(plain)
    if not m or not is_repealed_marker(m.group(2)):
        return None
    return re.sub(r"\s+", "", m.group(1)), m.group(2).strip().rstrip(";,.").strip()


def _marker_lines(lines: list[str]) -> list[str]:
    """``lines`` with each khoản / điểm repeal trace written plainly ("***a) (Bị bãi bỏ);***" → "a) (Bị bãi bỏ)", so its
    label is read as one), and a khoản number alone on its line followed by a line that is only a marker ("10." then
    "(được bãi bỏ)") joined into one line. Other lines unchanged."""
    out: list[str] = []
    skip = False
    for i, line in enumerate(lines):
        if skip:
            skip = False
            continue
        um = unit_marker(line)
        if um is not None:
            out.append(f"{um[0]} {um[1]}")
            continue
        if _BARE_CLAUSE_NUMBER_RE.match(line.strip()) and i + 1 < len(lines) and (mk := repeal_marker(lines[i + 1])):
            out.append(f"{line.strip()} {mk.rstrip(';,.').strip()}")
            skip = True
            continue
        out.append(line)
    return out


# a khoản / điểm line opening with Markdown emphasis before its label, as some Pháp điển pages write one: "*đ) Đã phát
# hành …*", "***a) …***", "**2.** …", "*1.**Thu nhập …*", "_b) …_" (the emphasis closing after the label, inside the
# text or at its end)
_EMPH_LABEL_RE = re.compile(r"^([*_]{1,3})\s*(\d{1,3}[a-zđ]?\s*\.|[a-zđ]\d{0,2}\s*\))((?:\s|[*_])*)(.*)$")


def _plain_label_line(line: str) -> str | None:
    """``line`` as a plain "2. …" / "a) …" line when it opens with emphasis before a khoản / điểm label ("*đ) Đã phát
    hành …*" → "đ) Đã phát hành …": the emphasis marks removed, the words kept), else None. A khoản label needs a
    space or an emphasis mark after its "." ("**1.5 triệu**" is no label). Whether the label is taken as one (its
    place in the sequence) is for :func:`split_clauses` to decide."""
    m = _EMPH_LABEL_RE.match(line.strip())
    if not m:
        return None
    label, sep, rest = re.sub(r"\s+", "", m.group(2)), m.group(3), m.group(4)
    if label.endswith(".") and not sep:
        return None
    marks = r"\*+" if m.group(1).startswith("*") else r"\*+|(?<!\w)_+|_+(?!\w)"
    rest = re.sub(r"\s+", " ", re.sub(marks, "", rest)).strip()
    if not rest:
        return None
    return f"{label} {rest}"


_OPEN_QUOTE_RE = re.compile(r"^[“\"]|\bnhư\s+sau\s*:\s*[“\"]")


def _quoted_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines after the first one of a multi-line quotation — the new wording an amending article
    quotes ("1. Sửa đổi Điều 4 như sau:" / "“Điều 4. …" / "1. …" / "2. ….”", or opened after "như sau: “"): its
    "1.", "2.", "a)" are the quoted article's, not khoản of the amending one. Only a quotation opened at a line start
    or after "như sau:" and closed later in the same article counts (an unclosed typo quote changes nothing)."""
    out: set[int] = set()
    i = 0
    while i < len(lines):
        s = lines[i].strip()
        if _OPEN_QUOTE_RE.search(s) and _quote_balance(s) > 0:
            depth = _quote_balance(s)
            for j in range(i + 1, len(lines)):
                depth += _quote_balance(lines[j])
                if depth <= 0:
                    out.update(range(i + 1, j + 1))
                    i = j
                    break
        i += 1
    return out


def _quote_balance(s: str) -> int:
    """Opening minus closing quotation marks in a line (curly quotes; an odd number of straight quotes opens at a
    line start, closes elsewhere)."""
    n = s.count("“") - s.count("”")
    if s.count('"') % 2:
        n += 1 if s.lstrip().startswith('"') or re.search(r'như\s+sau\s*:\s*"', s) else -1
    return n


def plain_label_lines(lines: list[str]) -> list[str]:
    """``lines`` with each line that opens with emphasis before a khoản / điểm label and is read as that unit by
    :func:`split_clauses` written plainly ("*đ) Đã phát hành …*" → "đ) Đã phát hành …"), so an article's text lists it
    as the parser does (quotes, passages and re-splits of the text see the unit). A line not taken as a label (out of
    sequence, inside a quotation) stays as written."""
    accepted = _split(lines)[2]
    if not accepted:
        return lines
    return [(_plain_label_line(ln) or ln) if ln.strip() in accepted else ln for ln in lines]


def split_clauses(lines: list[str]) -> tuple[list[str], list[Clause]]:
    """Split article body lines into (lead lines, clauses with points).

    Khoản "1." "2." must be consecutive (a "1." inside a điểm starts a nested list, not a khoản); điểm "a)" "b)"
    must follow the Vietnamese letter order (a b c d đ e g h …); an inserted "a1)" follows điểm a ("a2)" follows
    "a1)"), a khoản "1a." khoản 1. Lines that fit neither continue the current
    element, and so do the lines of a quotation (the new wording an amending khoản quotes, see
    :func:`_quoted_lines`). Points before any khoản go into a clause with label "". A line opening with Markdown
    emphasis before its label ("*đ) …*", "**2.** …") is read as that label, the marks removed from the unit's text.
    """
    lead, clauses, _ = _split(lines)
    return lead, clauses


def _split(lines: list[str]) -> tuple[list[str], list[Clause], set[str]]:
    """:func:`split_clauses`, and the (stripped) emphasised lines taken as a khoản / điểm label."""
    accepted: set[str] = set()
    lead: list[str] = []
    clauses: list[dict[str, Any]] = []
    next_clause = 1
    nested_next: int | None = None  # inside a nested numbered list (within a point/lead)
    prev = ""
    lines = _marker_lines(lines)
    quoted = _quoted_lines(lines)
    for li, raw in enumerate(lines):
        # an emphasised label ("*đ) …*") is read as a plain one; the line is kept as written when it continues the
        # current element instead
        plain = _plain_label_line(raw)
        line = plain or raw
        if plain:
            accepted.add(raw.strip())  # taken back below when the line turns out to continue the current element
        m = None if li in quoted else _CLAUSE_RE.match(line)
        last, prev = prev, raw
        im = None if m else _INSERTED_CLAUSE_RE.match(line)
        if im and clauses and clauses[-1]["label"] and re.sub(r"\D", "", clauses[-1]["label"]) == im.group(1) and nested_next is None:
            # "1a. …" added by an amendment after khoản 1 (and "1b." after "1a."): a khoản of its own
            clauses.append({"label": im.group(1) + im.group(2), "text": [im.group(3)], "points": [], "next_pt": 0})
            continue
        if m:
            prev_line = last
            n = int(m.group(1))
            in_point = bool(clauses and clauses[-1]["points"])
            if nested_next is not None and n == nested_next:
                nested_next += 1
            elif n == next_clause or (n > next_clause and is_repealed_marker(m.group(2))):
                # a repealed khoản keeps its number ("4. (được bãi bỏ)") even when the ones before it are gone
                clauses.append({"label": str(n), "text": [m.group(2)], "points": [], "next_pt": 0})
                next_clause = n + 1
                nested_next = None
                continue
            elif n == 1 and (in_point or not clauses or prev_line.rstrip("*_ ").endswith(":")):
                nested_next = 2
            # not a khoản: continuation text
        elif li not in quoted:
            ipm = _INSERTED_POINT_RE.match(line)
            if ipm and clauses and clauses[-1]["points"] and nested_next is None and (
                    clauses[-1]["points"][-1]["label"] == ipm.group(1) + str(int(ipm.group(2)) - 1 or "")):
                # "a1) …" after điểm a (and "a2)" after "a1)"): a điểm of its own; the letters go on with "b)"
                clauses[-1]["points"].append({"label": ipm.group(1) + ipm.group(2), "text": [ipm.group(3)]})
                continue
            pm = _POINT_RE.match(line)
            if pm:
                label = pm.group(1)
                cur = clauses[-1] if clauses else None
                idx = cur["next_pt"] if cur else 0
                expected = POINT_LABELS[idx] if idx < len(POINT_LABELS) else None
                ok = label == expected or (expected == "đ" and label == "e") or (
                    expected is not None and label in POINT_LABELS and POINT_LABELS.index(label) > idx and is_repealed_marker(pm.group(2)))
                if ok:
                    if cur is None:
                        cur = {"label": "", "text": lead, "points": [], "next_pt": 0}
                        lead = []
                        clauses.append(cur)
                    cur["points"].append({"label": label, "text": [pm.group(2)]})
                    cur["next_pt"] = POINT_LABELS.index(label) + 1
                    nested_next = None
                    continue
        # continuation
        if plain:
            accepted.discard(raw.strip())
        line = raw
        if clauses:
            cur = clauses[-1]
            if cur["points"]:
                cur["points"][-1]["text"].append(line)
            else:
                cur["text"].append(line)
        else:
            lead.append(line)
    out = [
        Clause(
            label=c["label"],
            text="\n".join(c["text"]).strip(),
            points=[Point(label=p["label"], text="\n".join(p["text"]).strip()) for p in c["points"]],
        )
        for c in clauses
    ]
    return lead, out, accepted


def _body_lines(text: str) -> list[str]:
    return [ln for ln in (x.replace("\xa0", " ").strip() for x in text.split("\n")) if ln]
