"""Document relations: does one legal document implement, amend or share a parent with another?

A conflict in the legal sense (Điều 156 Luật Ban hành văn bản quy phạm pháp luật) is two different rules on the
same matter. Documents that govern the same matter are usually linked: one details or guides the other ("Nghị định
… Quy định chi tiết một số điều và biện pháp thi hành Luật Luật sư", "Hướng dẫn thi hành Nghị định số …"), amends it
("Sửa đổi, bổ sung một số điều của Thông tư số …"), or both implement the same parent. Two laws of the same rank
with no such link usually govern two regimes written with the same sentence (Luật Bầu cử / Luật Trưng cầu ý dân).

This stage reads records only (``Chunk`` metadata, ``ConflictSide``): a document's full title comes from
* the Pháp điển provenance line kept in ``chunk.validity.notes`` — "(Điều 37 Nghị định số 123/2013/NĐ-CP Quy định
  chi tiết … Luật Luật sư ngày 01/10/2013 của Chính phủ, có hiệu lực …)";
* for an ordinary document (no ``source_citation``) its ``doc_title``.
From the title it reads the documents it names: their numbers ("Nghị định số 103/2009/NĐ-CP") and the laws it names
("Luật Luật sư", "Bộ luật Lao động", "Pháp lệnh …"), resolved to the catalogue's laws of that name.

``DocumentRelations.relation(a, b)`` gives one of
* ``same_document`` – the same number;
* ``implements``    – one names the other, directly or through one intermediate document (a Thông tư guiding a
  Nghị định that details the Law);
* ``same_parent``   – both name (directly or one step up) a common document;
* ``same_field``    – no named link, but a law's name is a phrase of the other title ("Luật Khiếu nại" /
  "Quy định quy trình giải quyết khiếu nại trong Công an nhân dân"), or the two titles share a phrase of at least
  three words outside title formulas ("… kiểm toán cho đơn vị có lợi ích công chúng" / "Về kiểm toán độc lập đối với
  đơn vị có lợi ích công chúng");
* ``unrelated``     – both titles known, none of the above;
* ``unknown``       – a title is missing (a bare two-provision pair): the signal is neutral.

It does NOT read the "Căn cứ …" preamble (chunks do not keep it), article-level cross references, nor decide
whether two provisions conflict: ``assistant.conflicts`` uses the relation only to rank and screen its findings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Literal

from assistant.records import Chunk, ConflictSide

Relation = Literal["same_document", "implements", "same_parent", "same_field", "unrelated", "unknown"]

DOCNUM_RE = re.compile(r"\d+/\d{4}/[\wĐđ\-]+")  # a document number ("42/2024/NĐ-CP"); conflicts uses it too
# a provenance line: "(Điều 5 Nghị định số 123/2013/NĐ-CP <title> ngày 01/10/2013 của …, có hiệu lực …)"
_PROV_RE = re.compile(r"^\(\s*(?:Điều|Khoản|Điểm)\s+\S+\s+(?P<type>[^\d(]*?)\s*(?:số\s+)?'?(?P<num>\d+/\d{4}/[\wĐđ\-]+)(?P<rest>.*)$")
# a cross-reference line names other documents with their titles: "… của Nghị định 123/2013/NĐ-CP Quy định chi tiết …
# Luật Luật sư ban hành ngày 14/10/2013"
_XREF_RE = re.compile(r"của\s+(?P<type>Bộ luật|Luật|Pháp lệnh|Nghị định|Nghị quyết|Thông tư liên tịch|Thông tư|Quyết định)"
                      r"\s+(?:số\s+)?(?P<num>\d+/\d{4}/[\wĐđ\-]+)\s+(?P<title>[^;()]*?)\s+ban hành ngày")
_TITLE_END_RE = re.compile(r"\s+ngày\s+\d{1,2}/\d{1,2}/\d{4}|,\s*có hiệu lực|\)\s*$")
# a law named in a title (capitalised, as titles write them): "Luật Luật sư", "Bộ luật Tố tụng dân sự"
# (zero-width, so "Luật Cư trú, Luật Căn cước" yields both; a name may hold commas: "Phòng, chống tham nhũng")
_LAW_REF_RE = re.compile(r"(?<!\w)(?:Bộ luật|Luật|Pháp lệnh)\s+(?!số\s)(?=(\w[^;()]*))")
_NAME_STOP_RE = re.compile(r"\s+(?:và|ngày|số|năm|đã|được|về|của|tại|theo|do|để|đối với|trong|sửa đổi)(?!\w)|\s+\d"
                           r"|,\s*(?=(?:Bộ luật|Luật|Pháp lệnh|Nghị định|Nghị quyết|Thông tư|Quyết định)(?!\w))")
_LAW_TYPES = ("bộ luật", "luật", "pháp lệnh")


# words of title formulas ("Quy định chi tiết một số điều của …", "Hướng dẫn thi hành …"): not a field
_TITLE_FORMULA = frozenset(
    "quy định chi tiết một số điều của và hướng dẫn thi hành thực hiện về sửa đổi bổ sung ban kèm theo việc các đối "
    "với luật bộ nghị định thông tư quyết chính phủ trong tại cho nội dung những quy chế biện pháp áp dụng năm ngày "
    "tháng số liên tịch".split())
SHARED_PHRASE_MIN = 3  # syllables outside title formulas in the longest phrase two titles share


def shared_phrase(title_a: str, title_b: str) -> list[str]:
    """The longest run of words two titles share ("đơn vị có lợi ích công chúng"), as a list of words."""
    a, b = re.findall(r"\w+", _low(title_a)), re.findall(r"\w+", _low(title_b))
    best: list[str] = []
    pos: dict[str, list[int]] = {}
    for j, w in enumerate(b):
        pos.setdefault(w, []).append(j)
    for i, w in enumerate(a):
        for j in pos.get(w, ()):
            k = 0
            while i + k < len(a) and j + k < len(b) and a[i + k] == b[j + k]:
                k += 1
            if k > len(best):
                best = a[i : i + k]
    return best


def _low(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip().lower()


def _name(s: str) -> str:
    """A law's name as compared: lower case, no commas ("Phòng, chống tham nhũng" = "phòng chống tham nhũng")."""
    return re.sub(r"\s+", " ", _low(s).replace(",", " ")).strip(" .")


def _law_names(title: str, doc_type: str) -> frozenset[str]:
    """The names under which other titles cite this law ("Luật sư" → {"luật sư"}; "Luật Giáo dục" → {"luật giáo
    dục", "giáo dục"}); empty for a document that is not a law/code/ordinance."""
    t, dt = _name(title), _low(doc_type)
    if not t or not any(dt.startswith(x) for x in _LAW_TYPES):
        return frozenset()
    names = {t}
    for p in ("bộ luật ", "luật ", "pháp lệnh "):
        if t.startswith(p) and len(t[len(p):].split()) >= 2:
            names.add(t[len(p):])
    return frozenset(names)


def _named_laws(title: str) -> frozenset[str]:
    out = set()
    for m in _LAW_REF_RE.finditer(unicodedata.normalize("NFC", title)):
        name = _name(_NAME_STOP_RE.split(m.group(1), maxsplit=1)[0])
        if len(name.split()) >= 2:  # ("sư" from the second word of "Luật Luật sư" is no name)
            out.add(name)
    return frozenset(out)


@dataclass(frozen=True)
class DocumentInfo:
    number: str
    doc_type: str = ""
    title: str = ""
    names: frozenset[str] = frozenset()  # how other titles cite it, when it is a law
    cites: frozenset[str] = frozenset()  # document numbers its title names
    cites_laws: frozenset[str] = frozenset()  # law names its title names

    @classmethod
    def make(cls, number: str, doc_type: str | None, title: str | None) -> "DocumentInfo":
        title = (title or "").strip()
        num = _key(number)
        cites = frozenset(k for k in (_key(x) for x in DOCNUM_RE.findall(title)) if k != num)
        laws = _named_laws(title)
        names = _law_names(title, doc_type or "")
        return cls(number=num, doc_type=doc_type or "", title=title, names=names, cites=cites,
                   cites_laws=frozenset(x for x in laws if x not in names))


def _key(number: str | None) -> str:
    return re.sub(r"\s+", "", number or "").lower()


def cross_references(chunk: Chunk) -> list[tuple[str, str, str]]:
    """(number, type, title) of the documents named with their titles in a Pháp điển "Điều này có nội dung liên quan
    đến …" line (the provenance line of an article often omits its own document's title; another article's cross
    reference supplies it)."""
    out = []
    for note in chunk.validity.notes:
        if "liên quan" in note:
            out.extend((m.group("num"), m.group("type"), m.group("title").strip()) for m in _XREF_RE.finditer(note))
    return out


def provenance(chunk: Chunk) -> tuple[str, str, str] | None:
    """(number, document type, title) of the source document named by a Pháp điển provenance line, or, for an
    ordinary document, its own number/type/title; None when the chunk names no document number."""
    num = None
    if chunk.source_citation:
        m = DOCNUM_RE.search(chunk.source_citation)
        num = m.group(0) if m else None
        for note in chunk.validity.notes:
            p = _PROV_RE.match(note.strip())
            if p and num and _key(p.group("num")) == _key(num):
                rest = p.group("rest")
                end = _TITLE_END_RE.search(rest)
                title = (rest[: end.start()] if end else rest).strip(" ,")
                dtype = re.sub(r"\s+số$", "", p.group("type").strip())
                return num, dtype, title
        return (num, chunk.doc_type or "", "") if num else None
    if chunk.doc_number:
        return chunk.doc_number, chunk.doc_type or "", chunk.doc_title or ""
    return None


@dataclass
class DocumentRelations:
    """A catalogue of documents (number → title facts) and the relation between two of them."""

    docs: dict[str, DocumentInfo] = field(default_factory=dict)
    _by_name: dict[str, set[str]] = field(default_factory=dict)
    _anc: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def from_chunks(cls, chunks: Iterable[Chunk]) -> "DocumentRelations":
        rel = cls()
        for ch in chunks:
            p = provenance(ch)
            for q in ([p] if p else []) + cross_references(ch):
                k = _key(q[0])
                if k in rel.docs and (rel.docs[k].title or not q[2]):
                    continue
                rel.add(DocumentInfo.make(*q))
        return rel

    def add(self, info: DocumentInfo) -> None:
        self.docs[info.number] = info
        for n in info.names:
            self._by_name.setdefault(n, set()).add(info.number)
        self._anc.clear()

    def _resolve(self, law: str) -> set[str]:
        """Numbers of the catalogue's laws cited as ``law`` ("bầu cử đại biểu quốc hội" also finds "… và đại biểu
        Hội đồng nhân dân": a title cut at "và" is a prefix of the full name)."""
        out = set(self._by_name.get(law, ()))
        if not out and len(law.split()) >= 2:
            for n, nums in self._by_name.items():
                if n.startswith(law + " ") or law.startswith(n + " "):
                    out |= nums
        return out

    def parents(self, number: str) -> frozenset[str]:
        info = self.docs.get(number)
        if info is None:
            return frozenset()
        out = set(info.cites)
        for law in info.cites_laws:
            out |= self._resolve(law)
        out.discard(number)
        return frozenset(out)

    def ancestors(self, number: str) -> frozenset[str]:
        """Documents named by the title, and those named by their titles (two steps)."""
        number = _key(number)
        if number not in self._anc:
            first = self.parents(number)
            second = set(first)
            for p in first:
                second |= self.parents(p)
            second.discard(number)
            self._anc[number] = frozenset(second)
        return self._anc[number]

    def relation_of(self, num_a: str | None, num_b: str | None) -> Relation:
        ka, kb = _key(num_a), _key(num_b)
        if not ka or not kb:
            return "unknown"
        if ka == kb:
            return "same_document"
        ia, ib = self.docs.get(ka), self.docs.get(kb)
        if ia is None or ib is None or not ia.title or not ib.title:
            return "unknown"
        aa, ab = self.ancestors(ka), self.ancestors(kb)
        if kb in aa or ka in ab:
            return "implements"
        if aa & ab:
            return "same_parent"
        ta, tb = _name(ia.title), _name(ib.title)
        if any(len(n.split()) >= 2 and n in tb for n in ia.names) or any(len(n.split()) >= 2 and n in ta for n in ib.names):
            return "same_field"
        if sum(1 for w in shared_phrase(ia.title, ib.title) if w not in _TITLE_FORMULA) >= SHARED_PHRASE_MIN:
            return "same_field"
        return "unrelated"

    def relation(self, a: ConflictSide, b: ConflictSide) -> Relation:
        return self.relation_of(a.number, b.number)
