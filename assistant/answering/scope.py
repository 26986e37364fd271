"""Scope rules: refuse regardless of scores when a question asks about foreign law or names a document (by
name, number or year) the collection does not hold, or asks one province's figure that the law held leaves to the
province (``local_rule_gap``); the documents a collection holds (``_known_docs``).

Does not score retrieval confidence (``confidence``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from assistant.answering.collection import _collection_table
from assistant.answering.terms import NUMBER_TOKEN_RE, TYPE_WORDS, _coverage, _nfc, _syllables, _terms
from assistant.records import Chunk, Hit

# a type word that, followed by a capitalised word, names a document ("Luật Cư trú", "Nghị định 100/2019/NĐ-CP"): not
# every type word of TYPE_WORDS — "Hiến pháp Việt Nam", "Quyết định Thành lập …" (a sentence's first word) are no
# names of a document to look up, and with them the collection holding the Constitution refused "Hiến pháp Việt Nam
# quy định gì về quyền con người?"
_DOC_TYPE_RE = re.compile(r"\b(Bộ luật|Luật|Pháp lệnh|Nghị định|Thông tư|Nghị quyết)\s+")
# the type word before a held document's title, taken off to compare titles ("Quyết định Quy định tiếp nhận …")
_DOC_TYPE_WORDS = re.compile(rf"^\s*({TYPE_WORDS})\s+", re.I)
_DOCNUM_RE = re.compile(r"^(?:số\s+)?(\d+/\d{4}/[\wĐđ-]+)")
# a name of at most 12 words, then the document's number ("Luật sư số 65/2006/QH11", "Hóa chất 06/2007/QH12")
_NAME_THEN_NUMBER_RE = re.compile(r"^(?:[^\d\s?;:,.]+\s+){1,12}(?:số\s+)?(\d+/\d{4}/[\wĐđ-]+)")
_FOREIGN_RE = re.compile(
    r"(?i:luật|pháp luật|hiến pháp|quy định|bộ luật)\s+(?i:của\s+)?(?i:nước\s+|bang\s+)?(Hoa Kỳ|Mỹ|Pháp|Đức|Anh|Nhật Bản|Nhật|"
    r"Hàn Quốc|Trung Quốc|Singapore|Úc|Nga|Thái Lan|Lào|Campuchia|Canada|Ấn Độ|Liên minh châu Âu|EU|California)\b(?!\s+(?i:điển|luật|lệnh|lý|chế|nhân|hùng))"
    # "Luật lao động Hàn Quốc", "luật hình sự của Trung Quốc": a branch of law named before the country (not "luật sư")
    r"|(?i:bộ luật|luật)\s+(?!(?i:sư)\b)(?:[a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]+\s+){1,3}"
    r"(?i:của\s+)?(?i:nước\s+)?(Hoa Kỳ|Mỹ|Nhật Bản|Hàn Quốc|Trung Quốc|Đài Loan|Singapore|Thái Lan|Malaysia|Úc|Canada|"
    r"Ấn Độ)\b(?!\s+(?i:thuật|điển|luật|lệnh|lý|chế|nhân|hùng))"
    r"|\b(?i:ở|tại)\s+(Hoa Kỳ|Mỹ|Pháp|Đức|Nhật Bản|Hàn Quốc|Trung Quốc|Singapore|Úc|Canada|châu Âu)\b"
    r"|\b(Hoa Kỳ|Liên minh châu Âu|GDPR)\b",
)


def _name_to_comma(name: str) -> str:
    """A law's name holds at most one comma, followed by at most three words ("Cán bộ, công chức", "Phòng, chống tham
    nhũng"): "Cán bộ, công chức, thời hiệu xử lý" → "Cán bộ, công chức"; "Khiếu nại, thời hạn giải quyết khiếu nại" →
    "Khiếu nại"."""
    parts = name.split(",")
    if len(parts) > 1 and len(parts[1].split()) > 3:
        return parts[0]
    return ",".join(parts[:2])


@dataclass(frozen=True)
class _DocRef:
    name: tuple[str, ...]  # title syllables without the type word
    number: str
    year: int | None
    years: frozenset[int] = frozenset()  # plausible years of the version held (passed … in force)
    doc_id: str = ""  # the file holding it (on Pháp điển, the đề mục: the law with its decrees and circulars)


# "Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2017": the version held was passed up to two years
# before it took effect (Bộ luật Dân sự 2015 → 01/01/2017), so "Bộ luật Dân sự năm 2005" names another version.
# Not every type word of TYPE_WORDS: a Pháp điển file holds a law with its resolutions and decisions, whose years of
# entry into force would widen the law's own (49 entries of the Pháp điển index's table, measured).
_EFFECTIVE_RE = re.compile(
    r"(?:bộ luật|luật|hiến pháp|pháp lệnh|nghị định|thông tư) này có hiệu lực(?: thi hành)?(?: kể)? từ ngày "
    r"\d{1,2} tháng \d{1,2} năm ((?:19|20)\d\d)", re.I)


def _version_years(chunks: Iterable[Chunk]) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for c in chunks:
        if "hiệu lực" not in c.text:
            continue
        for m in _EFFECTIVE_RE.finditer(_nfc(c.text)):
            found.setdefault(c.doc_id, set()).add(int(m.group(1)))
    return {d: set(range(min(ys) - 2, max(ys) + 1)) for d, ys in found.items()}


_TITLE_CACHE: dict[int, tuple[Any, list[Chunk], list[_DocRef]]] = {}


def _doc_year(chunk: Chunk) -> int | None:
    m = re.search(r"/(\d{4})/", chunk.doc_number or "")
    if m:
        return int(m.group(1))
    return chunk.issued_on.year if chunk.issued_on else None


def _doc_refs(chunks: Iterable[Chunk]) -> list[_DocRef]:
    chunks = list(chunks)
    versions = _version_years(chunks)
    seen: dict[str, _DocRef] = {}
    done: set[str] = set()
    for c in chunks:
        if c.doc_id in done:
            continue
        done.add(c.doc_id)
        names = {re.sub(r"\s*(số\s+)?\d+/\d{4}/\S+|\s+năm\s+\d{4}", "", _DOC_TYPE_WORDS.sub("", t)).strip()
                 for t in (c.doc_title, c.law_id) if t}
        year = _doc_year(c)
        years = frozenset(versions.get(c.doc_id, set()) | ({year} if year else set()))
        for i, nm in enumerate(sorted(names)):
            seen[c.doc_id if i == 0 else f"{c.doc_id}\x00{i}"] = _DocRef(
                tuple(_syllables(nm)), (c.doc_number or "").lower(), year, years, c.doc_id)
    # a file may hold provisions of several documents (a Pháp điển đề mục: the Law, its decrees and circulars, each
    # provision with its own number): every number held counts for "Nghị định 123/2015/NĐ-CP …", not only the first
    numbers = {d.number for d in seen.values()}
    for c in chunks:
        num = (c.doc_number or "").lower()
        if num and num not in numbers:
            numbers.add(num)
            seen[f"\x00{num}"] = _DocRef((), num, _doc_year(c))
    return list(seen.values())


def _known_docs(retriever: Any, hits: list[Hit]) -> list[_DocRef]:
    docs = _collection_table(retriever, _TITLE_CACHE, _doc_refs)
    return docs if docs is not None else _doc_refs(h.chunk for h in hits)


def scope_check(question: str, docs: list[_DocRef], relations: Callable[[], Any] | None = None) -> str | None:
    """Reason to refuse regardless of scores: foreign law, or a named document (by name, number or year)
    that the collection does not hold. ``relations`` (the collection's ``DocumentRelations``, built when needed) lets
    the reason for a version not held say which version of that name other texts name (``_version_named``)."""
    return scope_refusal(question, docs, relations)[0]


def scope_refusal(question: str, docs: list[_DocRef], relations: Callable[[], Any] | None = None,
                  ) -> tuple[str | None, tuple[_DocRef, ...]]:
    """``scope_check``'s reason, and for a version not held ("Luật Cư trú năm 2020 …" where the collection holds the
    2006 law) the held documents of that name, which alone are worth suggesting with the refusal
    (``related_to_held``); () otherwise."""
    q = _nfc(question)
    if _FOREIGN_RE.search(q):
        return "câu hỏi về pháp luật nước ngoài, ngoài phạm vi cơ sở dữ liệu", ()
    for m in _DOC_TYPE_RE.finditer(q):
        rest = q[m.end():]
        label = m.group(1)
        num = _DOCNUM_RE.match(rest)
        if num:
            if not any(d.number and d.number == num.group(1).lower() for d in docs):
                return f"không có {label} {num.group(1)} trong cơ sở dữ liệu", ()
            continue
        if not rest[:1].isupper():
            continue  # "Luật này", "luật năm 2009": not a name
        named_num = _NAME_THEN_NUMBER_RE.match(rest)
        if named_num and any(d.number and d.number == named_num.group(1).lower() for d in docs):
            continue  # "Luật Luật sư 65/2006/QH11": the number held names the document, whatever its title reads
        tail = _syllables(rest)[:14]
        matched = [d for d in docs if d.name and tuple(tail[: len(d.name)]) == d.name]
        if not matched:
            name = re.split(r"\s+(?:là|quy định|thì|có|về|đối với|gồm|cần|phải|được|năm|hiện nay|hiện hành|mỗi)\b|[?;:]",
                            rest)[0]
            name = _name_to_comma(" ".join(name.split()[:8])).rstrip(",.")
            return f"không có {label} {name} trong cơ sở dữ liệu", ()
        best = max(len(d.name) for d in matched)
        after = tail[best:]
        year = None
        if after[:1] and re.fullmatch(r"(19|20)\d\d", after[0]):
            year = int(after[0])
        else:  # "Luật Hôn nhân và gia đình năm 2000", "Luật Căn cước công dân năm 2014"
            for a, b in zip(after[:5], after[1:6]):
                if a == "năm" and re.fullmatch(r"(19|20)\d\d", b):
                    year = int(b)
                    break
        years = {y for d in matched if len(d.name) == best for y in (d.years or ({d.year} if d.year else set()))}
        if year and years and year not in years:
            held = [d.year for d in matched if len(d.name) == best and d.year]
            what = f"năm {', '.join(map(str, sorted(set(held))))}" if held else "phiên bản hiện hành"
            name = " ".join(rest.split()[:best])
            reason = f"cơ sở dữ liệu chỉ có {label} {name} {what}, không có văn bản năm {year}"
            rel = relations() if relations is not None else None
            key = " ".join(next(d.name for d in matched if len(d.name) == best))
            named = _version_named(rel, key, year, docs) if rel is not None else None
            if named is not None:
                reason += f"; cơ sở dữ liệu chỉ nhắc tới {named}, không có nội dung của văn bản này"
                if held and max(held) < year:
                    reason += f"; {label} {name} {what} có thể đã được văn bản này thay thế"
            return reason, tuple(d for d in matched if len(d.name) == best)
    return None, ()


# how a provision's document stands to a held law for ``related_to_held``: the law itself, or a text detailing it
_RELATED = frozenset({"same_document", "implements"})


def related_to_held(hit: Hit, held: Iterable[_DocRef], relations: Any | None) -> bool:
    """Is ``hit`` a provision of a held document ``held`` names (same file: on Pháp điển the đề mục, which holds the law
    with its decrees and circulars), or of a text that details or is detailed by one (``relations.relation_of``)?
    "Luật Cư trú năm 2020 còn hiệu lực không?" is refused (the 2006 law held); Điều 54 of Luật Nhập cảnh, xuất cảnh, quá
    cảnh, cư trú của người nước ngoài («Hiệu lực thi hành») shares the words but is no text of that law."""
    c = hit.chunk
    for d in held:
        if d.doc_id and c.doc_id == d.doc_id:
            return True
        if relations is not None and d.number and c.doc_number and (
                relations.relation_of(c.doc_number, d.number) in _RELATED):
            return True
    return False


def _version_named(relations: Any, name: str, year: int, docs: list[_DocRef]) -> str | None:
    """How the collection names the law of ``name`` issued in ``year`` that it does not hold ("Luật Cư trú số
    68/2020/QH14 (ban hành ngày 13/11/2020)", named by the provisions that detail the 2006 law); None when no text
    names one."""
    held = {d.number for d in docs if d.number}
    found = [v for v in relations.law_versions(name)
             if v.number not in held and v.issued_on is not None and v.issued_on.year == year]
    if not found:
        return None
    v = found[-1]
    shown = relations.law_name(v.number) or v.display()
    return f"{shown} (ban hành ngày {v.issued_on.strftime('%d/%m/%Y')})"


def names_held_document(question: str, docs: list[_DocRef]) -> bool:
    """The question names a document of the collection by its number ("Thông tư 05/2019/TT-VPCP", "Nghị quyết
    522b/NQ-UBTVQH13")."""
    q = _nfc(question)
    nums = {m.group(1).lower() for m in re.finditer(r"(\d+/\d{4}/[\wĐđ-]+)", q)}
    nums |= {t.lower() for t in NUMBER_TOKEN_RE.findall(q)}
    return bool(nums) and any(d.number and d.number in nums for d in docs)


# a province or centrally-run city named in a question ("ở tỉnh Nghệ An", "Hà Nội quy định …", "tại thành phố Cần Thơ")
_PLACE_RE = re.compile(r"\b(?:tỉnh|thành phố|TP\.?)\s+[A-ZĐ]\w*(?:\s+[A-ZĐ]\w*)*"
                       r"|\b(?:Hà Nội|Hồ Chí Minh|Sài Gòn|Đà Nẵng|Hải Phòng|Cần Thơ)\b")


def names_place(question: str) -> bool:
    """The question names a province or centrally-run city ("ở tỉnh Nghệ An", "tại thành phố Cần Thơ")."""
    return _PLACE_RE.search(_nfc(question)) is not None


# the law held hands the figure to the province ("mức thù lao cho lực lượng này do Ủy ban nhân dân cấp tỉnh quy định",
# "Mức chi bồi dưỡng hằng tháng … do Hội đồng nhân dân tỉnh quyết định")
_LOCAL_DELEGATION_RE = re.compile(
    r"\bdo\s+(?:Chủ tịch\s+)?(?:Ủy ban nhân dân|Hội đồng nhân dân)\s+(?:cấp\s+)?tỉnh"
    r"(?:,?\s*thành phố trực thuộc [Tt]rung ương)?\s+(?:quy định|quyết định|ban hành)\b")
# a figure asked (question cues, see ``question``)
_VALUE_ASKED = frozenset({"amount", "fee", "time", "age", "penalty", "percent", "count", "number"})
LOCAL_CHECK_K = 2  # retrieved provisions read for the delegation


def local_rule_gap(question: str, cues: Iterable[str], hits: list[Hit]) -> str | None:
    """Refusal reason when a question asks the figure of one named province ("Mức chi bồi dưỡng … ở tỉnh Nghệ An là
    bao nhiêu?") and, in one of the first ``LOCAL_CHECK_K`` provisions, the sentence sharing most of the question's
    terms says that figure is set by the province ("… do Hội đồng nhân dân tỉnh quyết định"): the figure is in the
    province's own act, which a collection of national law does not hold. A place named in passing ("nhập hộ khẩu ở
    Hà Nội cần điều kiện gì?") or a figure the law states itself ("mỗi thôn có tối thiểu 01 cộng tác viên", the
    sentence closest to "ở tỉnh Nghệ An mỗi thôn có mấy cộng tác viên?") is no gap."""
    q = _nfc(question)
    place = _PLACE_RE.search(q)
    if place is None or not (set(cues) & _VALUE_ASKED):
        return None
    qt = _terms(q)
    for h in hits[:LOCAL_CHECK_K]:
        sentences = [x for x in re.split(r"[.;:\n]", _nfc(h.chunk.text)) if x.strip()]
        if not sentences:
            continue
        best = max(sentences, key=lambda x: _coverage(qt, _terms(x)))
        m = _LOCAL_DELEGATION_RE.search(best)
        if m:
            return (f"mức cụ thể do địa phương quy định (\"{best[m.start() + 3:m.end()].strip()}\"); cơ sở dữ liệu chỉ có "
                    f"văn bản trung ương, không có văn bản riêng của {place.group(0)}")
    return None


# an administrative fine asked ("Vượt đèn đỏ bị phạt bao nhiêu?", "Mức phạt … không đội mũ bảo hiểm là bao nhiêu?",
# "… bị xử phạt như thế nào?"); not a criminal penalty ("Tội trộm cắp bị phạt tù bao nhiêu năm?")
_FINE_ASKED_RE = re.compile(
    r"\b(?:mức phạt|mức xử phạt|phạt tiền)\b|\b(?:bị phạt|bị xử phạt|xử phạt|phạt)\b[^?]*\b(?:bao nhiêu|mấy|thế nào|ra sao)\b",
    re.I)
_CRIMINAL_RE = re.compile(r"\b(?:tội|hình sự|phạt tù|truy cứu|tử hình|cải tạo không giam giữ)\b", re.I)
# a provision that sets an administrative fine ("Phạt tiền từ 800.000 đồng đến 1.000.000 đồng …", "Phạt cảnh cáo …")
_FINE_SET_RE = re.compile(r"\bphạt tiền (?:từ|đến|tối đa|bằng)\b|\bphạt cảnh cáo\b|\bmức phạt tiền\b", re.I)
SANCTION_CHECK_K = 5
# a sum of money the question states ("đánh bạc … 10 triệu đồng", "đưa hối lộ 5 triệu"), and a crime article setting
# its threshold in money ("… trị giá từ 2.000.000 đồng …"): the sum is what makes the act a crime
_SUM_STATED_RE = re.compile(r"\b\d[\d.,]*\s*(?:triệu|tỷ|tỉ|nghìn|ngàn|trăm nghìn)(?:\s+đồng)?\b|\b\d[\d.,]*\s*đồng\b", re.I)
_MONEY_THRESHOLD_RE = re.compile(r"\b(?:từ|trên|dưới)\s+\d[\d.]*\s*(?:đồng|triệu đồng|tỷ đồng)", re.I)
SANCTION_GAP_REASON = (
    "cơ sở dữ liệu không có nghị định quy định xử phạt vi phạm hành chính đối với hành vi này (mức phạt tiền do nghị "
    "định xử phạt của Chính phủ quy định); các văn bản có trong cơ sở dữ liệu chỉ quy định quy tắc, nghĩa vụ hoặc tội "
    "danh liên quan")


def sanction_gap(question: str, hits: list[Hit]) -> str | None:
    """Refusal reason when a question asks an administrative fine and none of the first ``SANCTION_CHECK_K`` provisions
    sets one (a fine or a warning, outside an article on a crime: "Điều 260. Tội vi phạm quy định về tham gia giao
    thông đường bộ" fines as a criminal penalty): the fines are in the sanctioning decrees (Nghị định xử phạt vi phạm
    hành chính), which the collection does not hold for that matter. The rules and crimes held are suggested with it.
    None when the question states a sum of money and a crime article among them sets its threshold in money: the sum
    asked makes the act a crime, which that article answers."""
    q = _nfc(question)
    if not _FINE_ASKED_RE.search(q) or _CRIMINAL_RE.search(q):
        return None
    sum_stated = bool(_SUM_STATED_RE.search(q))
    for h in hits[:SANCTION_CHECK_K]:
        c = h.chunk
        if re.match(r"\s*tội\b", _nfc(c.article_title or ""), re.I):
            if sum_stated and _MONEY_THRESHOLD_RE.search(_nfc(c.text)):
                return None  # "Đánh bạc … 10 triệu đồng thì bị phạt bao nhiêu?": the crime's money threshold answers
            continue
        if _FINE_SET_RE.search(_nfc(c.text)):
            return None
    return SANCTION_GAP_REASON


# a guiding text asked ("Thời hiệu khiếu nại theo nghị định hướng dẫn là bao lâu?", "Nghị định hướng dẫn Luật … có hiệu
# lực từ ngày nào?", "Thông tư nào hướng dẫn …?")
_GUIDING_ASKED_RE = re.compile(r"\b(nghị định|thông tư)\s+(?:nào\s+)?(?:hướng dẫn|quy định chi tiết)\b", re.I)
GUIDING_K = 10


# a document's title saying it guides ("Quy định chi tiết một số điều của Luật …", "Hướng dẫn thi hành …"), not one
# amending a guiding text ("Sửa đổi, bổ sung một số điều của Nghị định số 42/2024/NĐ-CP … quy định chi tiết …")
_GUIDING_TITLE_RE = re.compile(r"^\s*(?:quy định chi tiết|hướng dẫn|quy định chi tiết và hướng dẫn)\b", re.I)


def guiding_kind(question: str) -> str | None:
    """The kind of guiding text a question asks ("nghị định" in "Thời hiệu khiếu nại theo nghị định hướng dẫn là bao
    lâu?"), or None."""
    m = _GUIDING_ASKED_RE.search(_nfc(question))
    return m.group(1).lower() if m else None


def guiding_rank(chunk: Chunk, kind: str | None) -> int:
    """0 for a provision of the kind of guiding text asked whose title says it guides, 1 for another of that kind, 2
    otherwise (0 for every provision when no kind is asked)."""
    if kind is None:
        return 0
    if _nfc(chunk.doc_type or "").lower() != kind:
        return 2
    return 0 if _GUIDING_TITLE_RE.match(_DOC_TYPE_WORDS.sub("", _nfc(chunk.doc_title or ""))) else 1


def guiding_first(question: str, hits: list[Hit]) -> list[Hit]:
    """``hits`` with the provisions of the kind of guiding text asked (Nghị định, Thông tư) among the first
    ``GUIDING_K`` moved to the front (a text whose title says it guides before one amending it), else in their order:
    the question asks what that text says, not the law."""
    kind = guiding_kind(question)
    if kind is None or not any(guiding_rank(h.chunk, kind) < 2 for h in hits[:GUIDING_K]):
        return hits
    top = sorted(hits[:GUIDING_K], key=lambda h: guiding_rank(h.chunk, kind))  # (stable: retrieval order within)
    return top + hits[GUIDING_K:]


# held laws, codes and ordinances by the name officials give them without the number ("Bộ luật Lao động", "Luật Viên
# chức", "Luật Tiếp nhận và giải quyết thủ tục hành chính trên môi trường điện tử"): ``with_law_number``
_LAW_NAMES_CACHE: dict[int, Any] = {}
_LAW_TYPES = ("Bộ luật", "Luật", "Pháp lệnh")
# the type word as a name writes it ("Luật Viên chức", "Bộ luật Lao động"), not "kỷ luật viên chức" or "luật lao động Pháp"
_LAW_TYPE_RE = re.compile(r"(?<![\w-])(?:Bộ luật|Luật|Pháp lệnh)\s+")
_ANY_NUMBER_RE = re.compile(r"\d+/\d{4}\b|\b\d+/[A-ZĐ]")


def _name_body(name: str) -> str:
    """"lao động" for "Bộ luật lao động số 45/2019/QH14": the name without its type word, number or year, folded."""
    low = _nfc(name).lower().strip()
    low = re.sub(r"\s*(?:số\s+)?\d+/\d{4}/\S+.*$|\s+năm\s+\d{4}.*$", "", low)
    return re.sub(r"^(?:bộ luật|luật|pháp lệnh)\s+", "", low).strip(" .")


def _law_names(chunks: list[Chunk], relations: Any) -> dict[str, set[str]]:
    """Name body → the numbers of the held laws, codes and ordinances it names (from the catalogue's law names and
    from titles that start with the type word)."""
    out: dict[str, set[str]] = {}
    seen: set[str] = set()
    for c in chunks:
        num = c.doc_number
        if not num or num in seen or c.doc_type not in _LAW_TYPES:
            continue
        seen.add(num)
        names = {relations.law_name(num) if relations is not None else None}
        if _nfc(c.doc_title or "").lower().startswith(c.doc_type.lower() + " "):
            names.add(c.doc_title)
        for nm in names - {None}:
            body = _name_body(nm)
            if len(body) > 2:
                out.setdefault(body, set()).add(num)
    return out


# a text asked by how it stands to the law named after it ("Nghị định hướng dẫn Luật …", "… thay thế Luật …", "Luật sửa
# đổi, bổ sung một số điều của Luật …")
_RELATED_TEXT_RE = re.compile(r"(?:hướng dẫn(?:\s+thi hành)?|quy định chi tiết(?:\s+một số điều)?|thay thế|sửa đổi|"
                              r"bổ sung|bãi bỏ|hợp nhất)(?:\s+(?:một số điều|của|cho|thi hành))*\s*$")


def with_law_number(question: str, retriever: Any) -> str:
    """``question`` with the number of a held law it names without one, after its name ("Theo Bộ luật Lao động, hợp
    đồng …" → "Theo Bộ luật Lao động số 45/2019/QH14, hợp đồng …"), so that the law named is found, preferred and read
    for its status as when the question gives the number. Unchanged when the question gives a number, names no held
    law, names one shared by two held documents, or names a year (a version the scope rule checks)."""
    q = _nfc(question)
    if _ANY_NUMBER_RE.search(q) or _FOREIGN_RE.search(q):
        return question
    from assistant.answering.validity import _RELATIONS_CACHE
    from assistant.doc_relations import DocumentRelations

    rel = _collection_table(retriever, _RELATIONS_CACHE, DocumentRelations.from_chunks)
    table = _collection_table(retriever, _LAW_NAMES_CACHE, lambda chunks: _law_names(chunks, rel))
    if not table:
        return question
    low = q.lower()
    for m in _LAW_TYPE_RE.finditer(q):
        if _RELATED_TEXT_RE.search(low[:m.start()]):
            continue  # "Nghị định hướng dẫn Luật …", "Văn bản nào thay thế Luật …": another text is asked
        rest = low[m.end():]
        found = [b for b in table if rest.startswith(b) and not rest[len(b):len(b) + 1].isalnum()]
        if not found:
            continue
        body = max(found, key=len)
        nums = table[body]
        after = rest[len(body):]
        if len(nums) != 1 or re.match(r"\s+(?:năm\s+)?(?:19|20)\d\d\b", after):
            return question
        if re.match(r"\s+[A-ZĐ]", q[m.end() + len(body):]):
            return question  # the name goes on ("Bộ luật Dân sự Hàn Quốc"): another document
        end = m.end() + len(body)
        return f"{q[:end]} số {next(iter(nums))}{q[end:]}"
    return question


# the document a question reads its rule in ("Theo Bộ luật Lao động số 45/2019/QH14, …", "… theo Luật Viên chức số
# 58/2010/QH12 là bao lâu?", "Luật Hộ tịch số 60/2014/QH13 quy định …"): its number
_SOURCE_NAMED_RE = re.compile(rf"\btheo\s+(?:{TYPE_WORDS})\b[^?;]*?\bsố\s+(\d+/\d{{4}}/[\wĐđ-]+)"
                              rf"|\b(?:{TYPE_WORDS})\b[^?;,]*?\bsố\s+(\d+/\d{{4}}/[\wĐđ-]+)\s+quy định\b", re.I)
SOURCE_FIRST_K = 10


def source_first(question: str, hits: list[Hit]) -> list[Hit]:
    """``hits`` with the provisions of the document the question reads its rule in ("Theo Bộ luật Lao động số
    45/2019/QH14, hợp đồng lao động gồm những loại nào?") among the first ``SOURCE_FIRST_K`` moved to the front (in
    their order), else unchanged: the question asks what that document says, not its decrees or another law."""
    m = _SOURCE_NAMED_RE.search(_nfc(question))
    if m is None:
        return hits
    num = (m.group(1) or m.group(2)).lower()
    head = hits[:SOURCE_FIRST_K]
    own = [h for h in head if (h.chunk.doc_number or "").lower() == num]
    if not own or own[0] is head[0]:
        return hits
    return own + [h for h in head if h not in own] + hits[SOURCE_FIRST_K:]
