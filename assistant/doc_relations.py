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

``DocumentRelations.superseded_hint(number, as_of)`` says when the collection names a *later* law of the same name
("Luật 68/2020/QH14 Cư trú ban hành ngày 13/11/2020" while the provisions come from Luật số 81/2006/QH11 Cư trú):
a law is replaced by the next law of its name, and a text detailing a law lapses with it, so such a provision is
probably no longer in force even though nothing in its own notes says so. It is a hint to check, never a date.

It does NOT read the "Căn cứ …" preamble (chunks do not keep it), article-level cross references, nor decide
whether two provisions conflict: ``assistant.conflicts`` uses the relation only to rank and screen its findings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Literal

from assistant.records import Chunk, ConflictSide

Relation = Literal["same_document", "implements", "same_parent", "same_field", "unrelated", "unknown"]

DOCNUM_RE = re.compile(r"\d+/\d{4}/[\wĐđ\-]+")  # a document number ("42/2024/NĐ-CP"); conflicts uses it too
# a provenance line: "(Điều 5 Nghị định số 123/2013/NĐ-CP <title> ngày 01/10/2013 của …, có hiệu lực …)"
_PROV_RE = re.compile(r"^\(\s*(?:Điều|Khoản|Điểm)\s+\S+\s+(?P<type>[^\d(]*?)\s*(?:số\s+)?'?(?P<num>\d+/\d{4}/[\wĐđ\-]+)(?P<rest>.*)$")
# a cross-reference line names other documents with their titles: "… của Nghị định 123/2013/NĐ-CP Quy định chi tiết …
# Luật Luật sư ban hành ngày 14/10/2013"
_XREF_RE = re.compile(r"của\s+(?P<type>Bộ luật|Luật|Pháp lệnh|Nghị định|Nghị quyết|Thông tư liên tịch|Thông tư|Quyết định)"
                      r"\s+(?:số\s+)?(?P<num>\d+/\d{4}/[\wĐđ\-]+)\s+(?P<title>[^;()]*?)\s+ban hành ngày"
                      r"(?:\s+(?P<date>\d{1,2}/\d{1,2}/\d{4}))?")
_DATE_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
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


_NAMED_LAW_TYPES = ("Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh")


@dataclass(frozen=True)
class DocumentInfo:
    number: str
    doc_type: str = ""
    title: str = ""
    names: frozenset[str] = frozenset()  # how other titles cite it, when it is a law
    cites: frozenset[str] = frozenset()  # document numbers its title names
    cites_laws: frozenset[str] = frozenset()  # law names its title names
    issued_on: date | None = None
    label: str = ""  # the number as written ("68/2020/QH14"), for display

    @classmethod
    def make(cls, number: str, doc_type: str | None, title: str | None,
             issued_on: date | None = None) -> "DocumentInfo":
        title = (title or "").strip()
        num = _key(number)
        cites = frozenset(k for k in (_key(x) for x in DOCNUM_RE.findall(title)) if k != num)
        laws = _named_laws(title)
        names = _law_names(title, doc_type or "")
        return cls(number=num, doc_type=doc_type or "", title=title, names=names, cites=cites,
                   cites_laws=frozenset(x for x in laws if x not in names), issued_on=issued_on,
                   label=re.sub(r"\s+", "", number or ""))

    def display(self) -> str:
        """"Luật số 68/2020/QH14 Cư trú" (type, number, title as the catalogue knows them; a title that repeats the type,
        "Luật Cư trú", is not said twice)."""
        title = self.title
        rest = title[len(self.doc_type) + 1:] if self.doc_type else ""
        if self.doc_type and _low(title).startswith(_low(self.doc_type) + " ") and len(rest.split()) >= 2:
            title = rest  # ("Luật sư" is the name of the law on lawyers: kept whole)
        return " ".join(x for x in (self.doc_type, f"số {self.label or self.number}", title) if x)


@dataclass(frozen=True)
class SupersededHint:
    """The collection names ``newer``, a later law of the same name as the provision's document (``via`` is None) or
    as the law that document details (``via`` is that law)."""

    newer: DocumentInfo
    via: DocumentInfo | None = None

    def note(self) -> str:
        """The reason in Vietnamese, about "văn bản này" (the provision's document)."""
        newer = self.newer
        when = f" (ban hành ngày {newer.issued_on.strftime('%d/%m/%Y')})" if newer.issued_on else ""
        if self.via is None:
            return (f"cơ sở dữ liệu có nhắc tới {newer.display()}{when}, cùng tên và ban hành sau văn bản này; "
                    "văn bản này có thể đã được thay thế, cần kiểm tra hiệu lực trước khi áp dụng.")
        return (f"văn bản này quy định chi tiết hoặc hướng dẫn {self.via.display()}; cơ sở dữ liệu có nhắc tới "
                f"{newer.display()}{when}, cùng tên và ban hành sau. Văn bản quy định chi tiết thường hết hiệu lực "
                "cùng văn bản được quy định chi tiết: cần kiểm tra hiệu lực trước khi áp dụng.")


def _date(text: str | None) -> date | None:
    m = _DATE_RE.search(text or "")
    if not m:
        return None
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def _version_key(info: DocumentInfo) -> str | None:
    """The name shared by successive versions of a law ("cư trú" for Luật số 81/2006/QH11 and 68/2020/QH14 Cư trú);
    None for a document that is not a law/code/ordinance and for amending laws ("Sửa đổi, bổ sung … Luật …")."""
    if not any(_low(info.doc_type).startswith(x) for x in _LAW_TYPES):
        return None
    t = _name(info.title)
    if not t or re.match(r"(?:luật |bộ luật |pháp lệnh )?(?:sửa đổi|bổ sung)", t):
        return None
    for p in ("bộ luật ", "luật ", "pháp lệnh "):
        if t.startswith(p) and len(t[len(p):].split()) >= 2:
            return t[len(p):]
    return t


def _rank(info: DocumentInfo) -> int:
    return 0 if _low(info.doc_type).startswith("pháp lệnh") else 1


def _key(number: str | None) -> str:
    return re.sub(r"\s+", "", number or "").lower()


def cross_references(chunk: Chunk) -> list[tuple[str, str, str]]:
    """(number, type, title) of the documents named with their titles in a Pháp điển "Điều này có nội dung liên quan
    đến …" line (the provenance line of an article often omits its own document's title; another article's cross
    reference supplies it)."""
    return [q[:3] for q in _cross_references(chunk)]


def _cross_references(chunk: Chunk) -> list[tuple[str, str, str, date | None]]:
    out = []
    for note in chunk.validity.notes:
        if "liên quan" in note:
            out.extend((m.group("num"), m.group("type"), m.group("title").strip(), _date(m.group("date")))
                       for m in _XREF_RE.finditer(note))
    return out


def provenance(chunk: Chunk) -> tuple[str, str, str] | None:
    """(number, document type, title) of the source document named by a Pháp điển provenance line, or, for an
    ordinary document, its own number/type/title; None when the chunk names no document number."""
    p = _provenance(chunk)
    return p[:3] if p else None


def _provenance(chunk: Chunk) -> tuple[str, str, str, date | None] | None:
    """``provenance`` and the document's date of issue (the provenance line's "ngày …" after the title, else the
    chunk's ``issued_on``)."""
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
                issued = _date(end.group(0)) if end and end.group(0).lstrip().startswith("ngày") else None
                return num, dtype, title, issued or chunk.issued_on
        return (num, chunk.doc_type or "", "", chunk.issued_on) if num else None
    if chunk.doc_number:
        return chunk.doc_number, chunk.doc_type or "", chunk.doc_title or "", chunk.issued_on
    return None


@dataclass
class DocumentRelations:
    """A catalogue of documents (number → title facts) and the relation between two of them."""

    docs: dict[str, DocumentInfo] = field(default_factory=dict)
    _by_name: dict[str, set[str]] = field(default_factory=dict)
    _anc: dict[str, frozenset[str]] = field(default_factory=dict)
    _versions: dict[str, list[DocumentInfo]] | None = field(default=None, repr=False)

    @classmethod
    def from_chunks(cls, chunks: Iterable[Chunk]) -> "DocumentRelations":
        rel = cls()
        for ch in chunks:
            p = _provenance(ch)
            for num, dtype, title, issued in ([p] if p else []) + _cross_references(ch):
                old = rel.docs.get(_key(num))
                if old is not None:
                    if (old.title or not title) and (old.issued_on or not issued):
                        continue
                    if old.title:  # keep the title (and type) first found; take the missing date
                        num, dtype, title = old.label or num, old.doc_type, old.title
                    issued = old.issued_on or issued
                rel.add(DocumentInfo.make(num, dtype, title, issued))
        return rel

    def add(self, info: DocumentInfo) -> None:
        self.docs[info.number] = info
        for n in info.names:
            self._by_name.setdefault(n, set()).add(info.number)
        self._anc.clear()
        self._versions = None

    def law_name(self, number: str | None) -> str | None:
        """How officials name a law, code or ordinance of the catalogue: "Luật Hòa giải ở cơ sở số 35/2013/QH13",
        "Bộ luật Tố tụng hình sự số 101/2015/QH13"; None for other documents (a decree is named by its number) and
        when the title is not known."""
        info = self.docs.get(_key(number))
        if info is None or not info.title or info.doc_type not in _NAMED_LAW_TYPES:
            return None
        title, rest = info.title, info.title[len(info.doc_type) + 1:]
        if _low(title).startswith(_low(info.doc_type) + " ") and len(rest.split()) >= 2:
            title = rest  # "Luật Cư trú" is not said "Luật Luật Cư trú"; the law on lawyers is "Luật Luật sư"
        return f"{info.doc_type} {title} số {info.label or info.number}"

    def _law_versions(self) -> dict[str, list[DocumentInfo]]:
        """Laws/codes/ordinances with a known date of issue, grouped by their shared name, oldest first."""
        if self._versions is None:
            groups: dict[str, list[DocumentInfo]] = {}
            for info in self.docs.values():
                key = _version_key(info)
                if key and info.issued_on:
                    groups.setdefault(key, []).append(info)
            self._versions = {k: sorted(v, key=lambda i: i.issued_on) for k, v in groups.items()}
        return self._versions

    def law_versions(self, name: str) -> list[DocumentInfo]:
        """The laws, codes and ordinances named ``name`` ("cư trú": Luật số 81/2006/QH11 and 68/2020/QH14 Cư trú) that
        the catalogue knows with a date of issue, held or only named by other texts, oldest first."""
        return list(self._law_versions().get(_name(name), ()))

    def _newer_version(self, info: DocumentInfo, as_of: date) -> DocumentInfo | None:
        """The latest law of ``info``'s name issued after it and on or before ``as_of``, of no lower rank."""
        key = _version_key(info)
        if not key or not info.issued_on:
            return None
        later = [v for v in self._law_versions().get(key, ())
                 if v.number != info.number and info.issued_on < v.issued_on <= as_of and _rank(v) >= _rank(info)]
        return later[-1] if later else None

    def superseded_hint(self, number: str | None, as_of: date) -> SupersededHint | None:
        """Why the document ``number`` is probably no longer in force on ``as_of``, from names alone:
        * it is a law and the collection names a later law of the same name (Luật Cư trú 2006 → 2020), or
        * its title details/guides a law (by name or number), the collection names a later law of that name, and the
          document was issued before that later law (texts detailing a law lapse with it).
        None when nothing says so, or a date needed for the comparison is unknown."""
        info = self.docs.get(_key(number))
        if info is None or not info.issued_on:
            return None
        newer = self._newer_version(info, as_of)
        if newer is not None:
            return SupersededHint(newer)
        if _version_key(info) is not None:
            return None  # a law whose own name has no later version is not lapsed by the laws it names
        detailed = [self.docs[n] for n in info.cites if n in self.docs]
        for name in info.cites_laws:
            olds = [v for v in self._law_versions().get(name, ()) if v.issued_on <= info.issued_on]
            if olds:
                detailed.append(olds[-1])
        for law in detailed:
            if law.issued_on and law.issued_on <= info.issued_on:
                newer = self._newer_version(law, as_of)
                if newer is not None and newer.issued_on > info.issued_on:
                    return SupersededHint(newer, via=law)
        return None

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
