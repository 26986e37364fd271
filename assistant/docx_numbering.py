"""Word automatic list numbering for the DOCX loader: the "Điều 1.", "1.", "a)" that Word draws in front of a
paragraph from ``numbering.xml`` and that are not in the paragraph's text.

Ministry files very often number their articles, khoản and điểm this way (a multi-level list whose levels read
"Điều %1.", "%2.", "%3)"), so python-docx's ``paragraph.text`` — which has no numbers — would leave a document
without a single "Điều N." line. :class:`ListNumbers` computes the label Word shows for each paragraph, in body
order, from:

- the paragraph's own ``w:numPr`` or the one of its paragraph style (followed through ``w:basedOn``; a level whose
  ``w:pStyle`` names the style gives its ``ilvl``), ``numId`` 0 meaning "no numbering";
- ``w:num`` → ``w:abstractNum`` (also via ``w:numStyleLink``/``w:styleLink``), with ``w:lvlOverride``
  (``w:startOverride`` and whole overriding ``w:lvl``);
- per level ``w:start``, ``w:numFmt`` (decimal, decimalZero, lower/upperLetter, lower/upperRoman, ordinal-free
  Vietnamese documents need no more; "bullet" gives "-" for a dash-like bullet and nothing for symbol-font
  glyphs; "none" gives nothing), ``w:lvlText`` ("Điều %1.", "%1.%2.", "%3)"), ``w:lvlRestart``, ``w:isLgl``
  and ``w:suff`` (tab/space → one space, nothing → no space).

Counters are kept per abstract list, as Word does: two ``w:num`` that share an abstract list continue each
other's numbering unless one has a ``w:startOverride``, which restarts the level the first time that ``w:num``
is used. A level's counter restarts when a higher level advances (or per ``w:lvlRestart``).

Not done: legacy ``w:legacy`` numbering, picture bullets, the numbering of tracked-change (deleted) paragraphs,
fields such as SEQ/LISTNUM typed into the text. Checked against no library: docx2python (3.7) numbers lists but
writes every level as "1)" / "a)" (``lvlText`` and style-linked numbering are ignored, counters are per ``w:num``),
which would turn "Điều %1." into "1)" and drop the word "Điều".
"""

from __future__ import annotations

from typing import Any

__all__ = ["ListNumbers"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = _W + "val"
_DASHES = {"-", "–", "—", "−", "‐", "+", "*", "•", "·", "o", "◦", "▪", "■", "□", "○", "●"}


def _roman(n: int) -> str:
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                 (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += s
            n -= v
    return out


def _letters(n: int) -> str:
    # Word: a … z, then aa … zz, aaa … (the letter repeated, not base 26)
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _fmt(n: int, fmt: str) -> str | None:
    if fmt in ("decimal", "", "ordinal", "cardinalText", "ordinalText", "decimalHalfWidth", "decimalFullWidth"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n).lower() if n > 0 else str(n)
    if fmt == "upperRoman":
        return _roman(n) if n > 0 else str(n)
    if fmt == "none":
        return ""
    return str(n)  # other scripts' numerals: the digits are better than nothing


def _val(el: Any, tag: str) -> str | None:
    if el is None:
        return None
    child = el.find(_W + tag)
    return None if child is None else child.get(_VAL)


class _Level:
    __slots__ = ("start", "fmt", "text", "restart", "legal", "suff", "pstyle")

    def __init__(self, lvl: Any) -> None:
        start = _val(lvl, "start") or "1"
        self.start = int(start) if start.isdigit() else 1
        self.fmt = _val(lvl, "numFmt") or "decimal"
        self.text = _val(lvl, "lvlText")
        r = _val(lvl, "lvlRestart")
        self.restart = int(r) if r is not None and r.isdigit() else None
        legal = lvl.find(_W + "isLgl")
        self.legal = legal is not None and legal.get(_VAL, "1") not in ("0", "false", "off")
        self.suff = _val(lvl, "suff") or "tab"
        self.pstyle = _val(lvl, "pStyle")


class ListNumbers:
    """Labels of Word-numbered paragraphs, computed in body order (call :meth:`label` once per paragraph, in
    document order, tables included)."""

    def __init__(self, document: Any) -> None:  # a python-docx Document
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._num: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self._styles: dict[str, tuple[str | None, str | None, str | None]] = {}  # id → (numId, ilvl, basedOn)
        self._counts: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        self._memo: dict[Any, str] = {}  # a merged table cell is listed once per grid column: count it once
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None
        style_links: dict[str, str] = {}  # numStyleLink name → abstractNumId holding the styleLink
        if numbering is not None:
            for an in numbering.iter(_W + "abstractNum"):
                aid = an.get(_W + "abstractNumId")
                self._abstract[aid] = {int(lv.get(_W + "ilvl", "0")): _Level(lv) for lv in an.findall(_W + "lvl")}
                link = _val(an, "styleLink")
                if link:
                    style_links[link] = aid
            links = {}
            for an in numbering.iter(_W + "abstractNum"):
                link = _val(an, "numStyleLink")
                if link and link in style_links:
                    links[an.get(_W + "abstractNumId")] = style_links[link]
            for num in numbering.iter(_W + "num"):
                nid = num.get(_W + "numId")
                aid = _val(num, "abstractNumId")
                if nid is None or aid is None:
                    continue
                aid = links.get(aid, aid)
                starts: dict[int, int] = {}
                levels: dict[int, _Level] = {}
                for ov in num.findall(_W + "lvlOverride"):
                    il = int(ov.get(_W + "ilvl", "0"))
                    so = _val(ov, "startOverride")
                    if so is not None and so.isdigit():
                        starts[il] = int(so)
                    lv = ov.find(_W + "lvl")
                    if lv is not None:
                        levels[il] = _Level(lv)
                self._num[nid] = (aid, starts, levels)
        try:
            styles = document.part.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            styles = None
        if styles is not None:
            for st in styles.iter(_W + "style"):
                if st.get(_W + "type") not in (None, "paragraph"):
                    continue
                ppr = st.find(_W + "pPr")
                npr = ppr.find(_W + "numPr") if ppr is not None else None
                self._styles[st.get(_W + "styleId")] = (
                    _val(npr, "numId"), _val(npr, "ilvl"), _val(st, "basedOn"))

    def __bool__(self) -> bool:
        return bool(self._num)

    def _level(self, nid: str, ilvl: int) -> _Level | None:
        aid, _, over = self._num[nid]
        return over.get(ilvl) or self._abstract.get(aid, {}).get(ilvl)

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, str | None]:
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._styles:
            seen.add(style_id)
            nid, ilvl, based = self._styles[style_id]
            if nid is not None:
                return nid, ilvl
            style_id = based
        return None, None

    def label(self, p: Any) -> str:  # a <w:p> element
        """The number Word shows before paragraph ``p`` ("Điều 3.", "2.", "b)"), advancing the counters; "" for
        a paragraph without numbering."""
        if not self._num:
            return ""
        if p in self._memo:
            return self._memo[p]
        self._memo[p] = out = self._label(p)
        return out

    def _label(self, p: Any) -> str:
        ppr = p.find(_W + "pPr")
        npr = ppr.find(_W + "numPr") if ppr is not None else None
        nid, ilvl_s = _val(npr, "numId"), _val(npr, "ilvl")
        style_id = _val(ppr, "pStyle")
        if nid is None:
            nid, sl = self._style_numbering(style_id)
            ilvl_s = ilvl_s or sl
        if nid is None or nid == "0" or nid not in self._num:
            return ""
        aid, starts, _ = self._num[nid]
        if ilvl_s is None and style_id:  # style-linked numbering: the level that names this style
            ilvl_s = next((str(i) for i, lv in self._abstract.get(aid, {}).items() if lv.pstyle == style_id), None)
        ilvl = int(ilvl_s) if ilvl_s and ilvl_s.isdigit() else 0
        lvl = self._level(nid, ilvl)
        if lvl is None:
            return ""
        counts = self._counts.setdefault(aid, {})
        if nid not in self._started:  # a w:num with startOverride restarts its levels when it is first used
            self._started.add(nid)
            for il, st in starts.items():
                counts[il] = st - 1
                for deeper in [k for k in counts if k > il]:
                    del counts[deeper]
        counts[ilvl] = counts.get(ilvl, lvl.start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            dl = self._level(nid, deeper)
            restart = dl.restart if dl is not None else None
            if restart is None or (restart > 0 and ilvl <= restart - 1):  # 0: never restarts
                del counts[deeper]
        if lvl.fmt == "bullet":
            t = (lvl.text or "").strip()
            return "-" if t in _DASHES else ""
        if lvl.text is None:
            return ""
        out = lvl.text
        for k in range(9, -1, -1):
            tag = f"%{k + 1}"
            if tag not in out:
                continue
            kl = self._level(nid, k)
            n = counts.get(k, kl.start if kl else 1)
            # isLgl: the inherited levels' numbers in Arabic digits ("II." above → "2.01"); the level's own keeps its format
            legal = lvl.legal and k != ilvl and kl is not None and kl.fmt != "decimalZero"
            fmt = "decimal" if legal else (kl.fmt if kl else "decimal")
            out = out.replace(tag, _fmt(n, fmt) or "")
        return out.strip()

    def separator(self, p: Any) -> str:
        """What Word puts between the number and the text (tab or space → " ", nothing → "")."""
        ppr = p.find(_W + "pPr")
        npr = ppr.find(_W + "numPr") if ppr is not None else None
        nid, ilvl_s = _val(npr, "numId"), _val(npr, "ilvl")
        if nid is None:
            nid, ilvl_s2 = self._style_numbering(_val(ppr, "pStyle"))
            ilvl_s = ilvl_s or ilvl_s2
        if nid is None or nid not in self._num:
            return " "
        lvl = self._level(nid, int(ilvl_s) if ilvl_s and ilvl_s.isdigit() else 0)
        return "" if lvl is not None and lvl.suff == "nothing" else " "
