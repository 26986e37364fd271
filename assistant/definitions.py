"""Definition questions: the term a question asks to define, and the articles of a collection that define terms.

An official asks "“An ninh mạng” là gì?", "Thế nào là khiếu nại?", "Người thu hộ được hiểu như thế nào?", "Khái niệm
bảo chi séc". The article that answers is the one with a line "<term> là …" — most often a khoản of a definitions
article ("Giải thích từ ngữ"), sometimes the opening khoản of another article ("1. Hội Cựu chiến binh Việt Nam là tổ
chức …"). Its text shares few words with the question beyond the term itself, so keyword and dense search rank it
below articles that use the term often ("Kiểm tra an ninh mạng là …", "Rút khiếu nại").

* ``asked_term(query)``: the term a definition question asks about (None for any other question), also inside a
  longer message ("Xin hỏi luật sư, chức việc là gì ạ?") and typed without marks ("the nao la de boi?");
* ``defined_terms(chunks)``: folded term → the chunk rows whose line states "<term> là …" / "<term> được hiểu là …"
  (the khoản chunk when the index has one, else the article chunk), built once per collection from the index's
  chunks (the retriever's ``definitions()``); ``Definitions.alias``: the term without the scope it states ("… quy
  định tại Nghị định này") and its abbreviation ("(… viết tắt là DTM)"). Only lines that state what a term is
  (``states_definition``): no value ("Chậm nhất là 02 ngày …"), no conditional rule ("Trường hợp … là … thì …"), and
  outside a definitions article no head opening with a function word ("Đã là thẩm phán") or holding a clause;
* ``defining_rows(query, lookup)``: the defining rows for a question: the term as asked, then its other forms
  (``term_rows``: without a trailing "theo …", an alias, without marks, a defined term with a modifier more, the
  defined term the asked one adds a modifier to);
* ``definition_note`` / ``scope_note``: what a definition answer adds when the text defines another form of the term,
  and when two cited documents define it (each within its own text).

``HybridRetriever.search`` puts the defining articles (``MAX_DEFINERS`` at most) first, after the articles the
question names, when the question asks a definition and the term is defined in the collection; when several texts
define it, by ``definer_precedence``: the document named, the one whose field the question names (``scope_words``), a
definitions article before a line in another article, legal force, newer in force; then the served order.
"""
from __future__ import annotations

import re
import unicodedata

from assistant.diacritics import strip_marks as unmark  # "người bị tạm giữ" → "nguoi bi tam giu"

# at most this many defining articles are put first (a term defined by many texts: the best fused ones)
MAX_DEFINERS = 2

_PREFIX = r"(?:(?:cho (?:tôi|em|mình)? ?hỏi|xin hỏi|hỏi|tôi muốn biết|cho biết|xin cho biết|vui lòng cho biết)\s*[:,]?\s*)?"
_TERM = r"[\"“”'‘’«]?\s*(?P<t>[^?!.,;:\"“”«»]{2,80}?)\s*[\"“”'’»]?"
_END = r"\s*(?:theo (?:quy định )?(?:của )?pháp luật|theo (?:quy định )?(?:của )?(?:bộ luật|luật|nghị định|thông tư)[^?]*)?\s*[?.!]*\s*$"
_ASK_RES = [re.compile(p) for p in (
    rf"^{_PREFIX}(?:khái niệm|định nghĩa|thuật ngữ)(?: (?:về|của))? {_TERM}(?: (?:trong|theo) (?:luật|pháp luật))?"
    rf"(?: là gì| được hiểu (?:như )?thế nào| là như thế nào| có nghĩa là gì| nghĩa là gì)?{_END}",
    rf"^{_PREFIX}(?:thế nào|như thế nào) (?:được gọi |được coi |được hiểu )?là {_TERM}{_END}",
    rf"^{_PREFIX}(?:hiểu|hiểu như thế nào|hiểu thế nào) (?:về|là) {_TERM}(?: như thế nào| thế nào)?{_END}",
    rf"^{_PREFIX}(?:pháp luật|luật|văn bản) (?:định nghĩa|giải thích|hiểu) {_TERM} (?:là gì|như thế nào|thế nào|ra sao){_END}",
    rf"^{_PREFIX}{_TERM} (?:là gì|là cái gì|nghĩa là gì|có nghĩa là gì|được hiểu (?:là gì|như thế nào|thế nào|ra sao)|"
    rf"được định nghĩa (?:là gì|như thế nào|thế nào|ra sao)|là như thế nào|là thế nào|được giải thích (?:là gì|như thế nào))"
    rf"{_END}",
)]
# the words around a definition question in a longer message ("Xin hỏi luật sư, … là gì ạ?", "cho tôi hỏi … là gì
# vậy?", "Em chưa hiểu … là gì, mong được giải đáp"): a lead clause before a comma, a lead asking phrase, end particles,
# a closing plea and "theo quy định hiện nay" (``_unwrap``)
_LEAD_CLAUSE = re.compile(r"^[^,?]{0,60},\s*(?:vậy\s+)?(?=\S)")
_LEAD_ASK = re.compile(r"^(?:(?:anh|chị|anh chị|anh/chị|luật sư|bạn|ad|admin)\s+)?(?:cho|xin|tôi|em|mình|cháu|con)\s+"
                       r"(?:(?:tôi|em|mình|cháu|con)\s+)?(?:muốn\s+)?(?:hỏi|biết|tìm hiểu)(?:\s+(?:là|về|chút|với|giúp))?\s*[:,]?\s*"
                       r"|^(?:(?:tôi|em|mình|cháu|con)\s+)?(?:không rõ|chưa rõ|chưa hiểu|không hiểu|không biết|muốn biết|"
                       r"thắc mắc|đang thắc mắc)(?:\s+(?:là|về))?\s+")
_END_PLEA = re.compile(r"\s*[,.]\s*(?:mong|xin|rất mong|cảm ơn|cám ơn)\b[^?]*$")
_END_PARTICLE = re.compile(r"(?:\s+(?:vậy|ạ|nhỉ|nhé|với|thế|đấy|ha|hả|không|vậy ạ|với ạ|ạ))+\s*([?.!]*)\s*$")
_END_NOW = re.compile(r"\s+(?:theo quy định (?:hiện (?:nay|hành)|mới nhất|của pháp luật)|hiện nay|hiện hành)\s*([?.!]*)\s*$")
# the head of a term that is not a term ("Ai", "Đây", "Việc này" …)
_NOT_TERM = re.compile(r"^(?:ai|đây|đó|cái này|việc này|điều này|nó|họ|chúng|mục đích|nội dung)$")
# a line that defines: optional khoản / điểm number, the term (its * marks dropped first: "1. *Khiếu nạ*i là …"), maybe
# quoted or followed by an abbreviation in brackets, then "là" / "được hiểu là"
# (and list markers: "- Dịch vụ KT1 Hỏa tốc là …", "+ …", "• …", "– …", also after a number: "a) - …")
_NUM = re.compile(r"^\s*(?:(?:\d+[a-zđ]?\s*[.)]|[a-zđ]\)|[-+•–—·●▪◦])\s*)+")
_ABBR = re.compile(r"\s*\([^)]{1,60}\)\s*$")
_COPULAS = (" được hiểu là ", " là ")
_TRAIL = re.compile(r"\s+(?:theo|trong|tại|của|thuộc|đối với)\s.*$")
_SCOPE_TRAIL = re.compile(r"\s(?:theo|trong|tại|thuộc)\s+(?:phạm vi\s+)?(?:quy định\s+)?(?:của\s+)?(?:bộ luật|luật|nghị định|"
                          r"thông tư|pháp luật|pháp lệnh|văn bản|quy chế)\b")


def fold_term(s: str) -> str:
    s = unicodedata.normalize("NFC", s).lower().replace("*", " ")
    s = re.sub(r"[\"“”'‘’«»]", " ", s)
    return re.sub(r"\s+", " ", s).strip(" .:")


def _unwrap(q: str) -> list[str]:
    """``q`` and the forms of it without the chatty words around a definition question (``_LEAD_CLAUSE`` …)."""
    cur = _END_NOW.sub(r"\1", _END_PARTICLE.sub(r"\1", _END_PLEA.sub("", q))).strip() or q
    out = [cur]
    for _ in range(3):
        nxt = _LEAD_ASK.sub("", _LEAD_CLAUSE.sub("", cur)).strip()
        nxt = _END_NOW.sub(r"\1", _END_PARTICLE.sub(r"\1", nxt)).strip()
        if nxt == cur or not nxt:
            break
        cur = nxt
        out.append(cur)
    return out


# the same questions typed without marks ("the nao la de boi?", "nguoi bi tam giu la gi?")
_ASK_RES_UNMARKED = [re.compile(unmark(rx.pattern)) for rx in _ASK_RES]
_NOT_TERM_UNMARKED = re.compile(unmark(_NOT_TERM.pattern))


def asked_term(query: str) -> str | None:
    """The term a question asks to define ("Thế nào là khiếu nại?" → "khiếu nại", "Xin hỏi luật sư, chức việc là gì
    ạ?" → "chức việc", "the nao la de boi?" → "de boi"), folded; None when the question does not ask what a term
    is."""
    q = unicodedata.normalize("NFC", query).strip().lower()
    q = re.sub(r"\s+", " ", q)
    forms = _unwrap(q)[::-1]  # the barest form first: "em chưa hiểu" is no part of the term
    for res, not_term, forms in ((_ASK_RES, _NOT_TERM, forms), (_ASK_RES_UNMARKED, _NOT_TERM_UNMARKED,
                                                                [unmark(f) for f in forms])):
        for form in forms:
            for rx in res:
                m = rx.match(form)
                if m:
                    t = fold_term(m.group("t"))
                    if t and len(t) >= 2 and not not_term.match(t) and len(t.split()) <= 12:
                        return t
    return None


# a head ending in a modal or adverb word states a rule about its subject ("… phải là", "… cũng là", "… đều là", "…
# có thể là"), or deems ("Bưu gửi được coi là đã được chấp nhận …")
_MODAL_END = re.compile(r"\s(?:phải|cũng|đều|vẫn|sẽ|có thể|được coi|bị coi|được xem)$")  # not "cần", "chỉ", "không": "hậu cần", "địa chỉ", "hàng không"


def _line_head(line: str) -> tuple[str, str] | None:
    """(the term a line defines, folded; the bracket after it, "" for none) or None."""
    line = line.replace("*", "")
    # the copula outside brackets ("Mô hình số địa hình (Digital Terrain Model, viết tắt là DTM) là …")
    masked = re.sub(r"\([^()]*\)", lambda m: "#" * len(m.group()), line)
    cut = -1
    for cop in _COPULAS:
        cut = masked.find(cop)
        if cut > 0:
            break
    if cut <= 0 or cut > 200:
        return None
    head = _NUM.sub("", line[:cut])
    m = _ABBR.search(head)
    bracket = m.group(0).strip()[1:-1] if m else ""
    head = head[: m.start()] if m else head
    if not head or ":" in head or ";" in head or "(" in head:
        return None
    t = fold_term(head)
    if _MODAL_END.search(t):  # "b) Chữ ký điện tử phải là chữ ký số …": a requirement, not a definition
        return None
    return (t, bracket) if len(t) >= 2 and len(t.split()) <= 12 else None


def line_term(line: str) -> str | None:
    """The term a line defines ("3. *Rút khiếu nại* là việc …" → "rút khiếu nại"), folded; else None."""
    h = _line_head(line)
    return h[0] if h else None


# the scope a definition states after its term ("Tổ chức kinh tế quy định tại Nghị định này là …", "“Khoản viện trợ”
# thuộc phạm vi của Nghị định này là …", "Trẻ em trong Luật này là …"): the term is the words before it
_SCOPE_TAIL = re.compile(
    r"\s+(?:(?:được\s+)?(?:quy định|nêu|nói|ghi)\s+(?:tại|trong|ở)|(?:thuộc|trong) phạm vi(?: điều chỉnh)?(?: của)?|"
    r"theo quy định (?:của|tại)|trong|tại|theo|của)\s+(?:bộ luật|luật|nghị định|thông tư(?: liên tịch)?|pháp lệnh|"
    r"quyết định|nghị quyết|chương|mục|điều|khoản|quy chế|quy định)(?:\s+\S+){0,2}?\s+này$")
# the abbreviation a bracket gives for the whole term ("(GDI)", "(Digital Terrain Model, viết tắt là DTM)",
# "(Good Agricultural Practices - GAP)", "(sau đây gọi tắt là VNCERT)")
_ABBR_OF = re.compile(r"(?:^|\s-\s|(?:viết|gọi) tắt là\s)([A-ZĐ][A-ZĐ0-9]{1,9})\s*$")


def _aliases(term: str, bracket: str) -> set[str]:
    out = set()
    base = _SCOPE_TAIL.sub("", term)
    if base != term and len(base) >= 2:
        out.add(base)
    m = _ABBR_OF.search(bracket.strip())
    if m:
        out.add(m.group(1).lower())
    return out


class Definitions(dict):
    """Folded term → defining chunk rows (``defined_terms``), with the other keys a question may use for a term:
    ``alias`` (the term without the scope it states, its abbreviation), ``unmarked`` (the term without marks)."""

    def __init__(self, *a, **kw) -> None:  # noqa: ANN002, ANN003
        super().__init__(*a, **kw)
        self.alias: dict[str, list[int]] = {}
        self._unmarked: dict[str, list[str]] | None = None
        self._sorted: list[str] | None = None

    def unmarked(self) -> dict[str, list[str]]:
        if self._unmarked is None:
            um: dict[str, list[str]] = {}
            for t in list(self) + list(self.alias):
                um.setdefault(unmark(t), []).append(t)
            self._unmarked = um
        return self._unmarked

    def rows(self, t: str) -> list[int]:
        return self.get(t) or self.alias.get(t) or []

    def longer(self, t: str) -> list[str]:
        """Defined terms that start with ``t`` ("ngạch sĩ quan" → "ngạch sĩ quan tại ngũ")."""
        import bisect

        if self._sorted is None:
            self._sorted = sorted(set(self) | set(self.alias))
        i = bisect.bisect_left(self._sorted, t + " ")
        out = []
        while i < len(self._sorted) and self._sorted[i].startswith(t + " "):
            out.append(self._sorted[i])
            i += 1
        return out


def defines(lines, term: str, loose: bool = True) -> bool:  # noqa: ANN001
    """Does one of ``lines`` (an article's lines, a quote's parts) define ``term`` (folded, ``line_term``)? With
    ``loose``, also a line defining it in another form (``term_matches``)."""
    for line in lines:
        h = _line_head(line)
        if h is None:
            continue
        if h[0] == term or (loose and term_matches(term, h[0], h[1])):
            return True
    return False


def term_matches(asked: str, defined: str, bracket: str = "") -> bool:
    """Is ``defined`` (a line's term, folded) a form of the term ``asked``: the same without the scope it states, its
    abbreviation, the same without marks, the defined term with a modifier more (asked "ngạch sĩ quan", defined "ngạch
    sĩ quan tại ngũ") or less (asked "dịch vụ thư viện điện tử", defined "dịch vụ thư viện", two syllables at least)?"""
    forms = {defined} | _aliases(defined, bracket)
    if asked in forms:
        return True
    if asked == unmark(asked):
        forms |= {unmark(f) for f in forms}
        if asked in forms:
            return True
    for f in forms:
        if f.startswith(asked + " ") and len(asked.split()) >= 2:
            return True
        if asked.startswith(f + " ") and len(f.split()) >= 2 and len(asked.split()) - len(f.split()) <= 3:
            return True
    return False


# What a "<head> là …" line is when it is no definition (``states_definition``). The head opens with a function word
# — aspect / degree / adverb ("Đã là thẩm phán", "Chậm nhất là 02 ngày", "Đồng thời là đương sự"), a condition or
# case ("Trường hợp tài sản bảo đảm là tàu bay …", "Khi vật phải giao là …", "Đối với phụ nữ mà biết là có thai"), a
# verb of a list item ("Có vợ, chồng … là công dân Việt Nam", "Được công nhận là chiến sĩ thi đua") or a list dash:
# no noun phrase; or it carries a relative / conditional clause ("… mà biết", "… nếu …"). Read outside a definitions
# article only: there "Chưa cho nhập cảnh là việc …", "Trường hợp bất khả kháng là …", "Tiền, tài sản do phạm tội mà
# có là …" are defined terms.
_FUNCTION_HEAD = re.compile(
    r"^(?:đã|đang|sẽ|chưa|vẫn|cũng|đều|chậm nhất|sớm nhất|muộn nhất|tối đa|tối thiểu|ít nhất|đồng thời|được|bị|có|"
    r"nếu|khi|trường hợp|trong trường hợp|đối với|riêng|ngoài|trừ|căn cứ|sau khi|trước khi|và|hoặc|nhưng|thì|vì|do|"
    r"[-+•])(?:\s|$)")
_CLAUSE_IN_HEAD = re.compile(r"\s(?:mà|thì|nếu|khi)\s")
# a predicate that states a value, not what the term is ("Thời hiệu khiếu nại là 10 ngày …", "Điểm hồ sơ là 100
# điểm", "… mức hưởng là 0,2"): a figure first, maybe after a bound word; outside a definitions article (there "Độ
# tuổi lao động tối thiểu … là đủ 15 tuổi" is what the text means by the term)
_VALUE_PREDICATE = re.compile(r"^\s*(?:(?:từ đủ|không quá|tối đa|tối thiểu|ít nhất|trên|dưới|từ|đến|đủ)\s+)?\(?\d")
# a conditional rule in any article: a case head and a consequence ("Trường hợp họ tự nhận mình là người được trợ
# giúp pháp lý thì cơ quan … ")
_CASE_HEAD = re.compile(r"^(?:nếu|khi|trường hợp|trong trường hợp|đối với)\s")
# the article defines terms: its title ("Giải thích từ ngữ", "Giải thích thuật ngữ", "Từ ngữ và chữ viết tắt",
# "Định nghĩa", "Khái niệm") or its lead-in line ("… các từ ngữ dưới đây được hiểu như sau:")
_DEFINITIONS_ARTICLE = re.compile(r"giải thích|thuật ngữ|từ ngữ|định nghĩa|khái niệm", re.I)
_DEFINITIONS_LEAD = re.compile(r"(?:từ ngữ|thuật ngữ|khái niệm)[^\n]{0,80}(?:được hiểu|hiểu như sau|định nghĩa)", re.I)


def in_definitions_article(chunk) -> bool:  # noqa: ANN001
    """Is ``chunk`` (an article or a khoản of it) part of an article defining terms (``_DEFINITIONS_ARTICLE`` title,
    ``_DEFINITIONS_LEAD`` lead-in)?"""
    return bool(_DEFINITIONS_ARTICLE.search(getattr(chunk, "article_title", None) or "")
                or _DEFINITIONS_LEAD.search(getattr(chunk, "text", None) or ""))


def states_definition(line: str, term: str, definitions_article: bool) -> bool:
    """Does ``line``, whose head is ``term`` (``_line_head``), state what the term is, rather than a value ("Chậm nhất
    là 02 ngày …", "Thời hiệu khiếu nại là 10 ngày"), a condition ("Trường hợp … là tàu bay … thì …") or an item of a
    list of conditions ("a) Đã là thẩm phán", "c) Đối với phụ nữ mà biết là có thai")? ``definitions_article``: the
    line is in an article defining terms (``in_definitions_article``), where only the conditional rule is read."""
    line = line.replace("*", "")
    cut = line.find(" được hiểu là ")
    pred = line[cut + len(" được hiểu là "):] if cut >= 0 else line.split(" là ", 1)[-1]
    if _CASE_HEAD.match(term) and re.search(r"\sthì\s", pred):
        return False
    if definitions_article:
        return True
    return not (_VALUE_PREDICATE.match(pred) or _FUNCTION_HEAD.match(term) or _CLAUSE_IN_HEAD.search(f" {term} "))


def defined_terms(chunks: list) -> Definitions:
    """Folded term → rows of the chunks whose line defines it ("1. *An ninh mạng* là sự bảo đảm …"): the khoản chunk
    (``clause`` set) when the article has one for that line, else the article chunk. Each article once per term.
    ``Definitions.alias``: the same for the term without the scope it states and for its abbreviation."""
    out = Definitions()
    seen: set[tuple[str, str, str]] = set()
    clause_first = sorted(range(len(chunks)), key=lambda i: chunks[i].clause is None)
    for i in clause_first:
        c = chunks[i]
        text = c.text.replace("*", "")  # "5. *Tài sản nhà nước *là …"
        if " là " not in text:
            continue
        in_defs = in_definitions_article(c)
        for line in text.split("\n"):
            if " là " not in line:
                continue
            h = _line_head(line)
            if h is None:
                continue
            t = h[0]
            if not states_definition(line, t, in_defs):
                continue
            key = (t, c.doc_id, c.article_id)
            if key in seen:
                continue
            seen.add(key)
            out.setdefault(t, []).append(i)
            for a in _aliases(t, h[1]):
                if ("=" + a, c.doc_id, c.article_id) not in seen:
                    seen.add(("=" + a, c.doc_id, c.article_id))
                    out.alias.setdefault(a, []).append(i)
    return out


# how many defined terms may start with the asked one for them to be taken as its forms ("tư vấn" → 5: "tư vấn pháp luật", "tư vấn dân số" …)
MAX_LONGER = 5


def defining_rows(query: str, lookup: dict[str, list[int]]) -> list[int]:
    """Rows (``defined_terms``) defining the term ``query`` asks about; [] when it asks none or none defines it. The
    term as asked first, then its other forms: without a trailing "theo …" / "trong …", its scope or abbreviation
    (``Definitions.alias``), the same without marks, defined terms that start with it (``MAX_LONGER`` at most), the
    longest defined term it starts with (a modifier the question adds: "dịch vụ thư viện điện tử")."""
    t = asked_term(query)
    if not t:
        return []
    return term_rows(t, lookup)


def term_rows(t: str, lookup: dict[str, list[int]]) -> list[int]:
    """``defining_rows`` for the folded term ``t``."""
    get = lookup.rows if isinstance(lookup, Definitions) else lookup.get
    short = _TRAIL.sub("", t)
    for x in (t, short):
        rows = get(x)
        if rows:
            return list(rows)
    if not isinstance(lookup, Definitions):
        return []
    if t == unmark(t):
        um = lookup.unmarked()
        for x in (t, short):
            terms = um.get(x)
            if terms:
                return sorted({r for m in terms for r in get(m)})
    # the form without its trailing words only when they name a scope ("… theo Luật …"): "chức năng của trung tâm trọng
    # tài" asks no kind of "chức năng" ("chức năng nguồn nước" is another thing)
    for x in (t, short) if _SCOPE_TRAIL.search(t) else (t,):
        if len(x.split()) < 2:
            continue
        longer = lookup.longer(x)
        if 1 <= len(longer) <= MAX_LONGER:
            return sorted({r for m in longer for r in get(m)})
    w = short.split()
    for n in range(len(w) - 1, max(1, len(w) - 4), -1):
        rows = get(" ".join(w[:n]))
        if rows:
            return list(rows)
    return []


# the words of a definition question that say nothing of its scope: asking words, particles, the generic "theo quy
# định của pháp luật" (``scope_words``)
_NOT_SCOPE = frozenset(
    "là gì thế nào như ra sao được hiểu khái niệm định nghĩa thuật ngữ có nghĩa cái cho tôi em mình cháu con anh chị "
    "bạn luật sư xin hỏi biết muốn tìm chưa không rõ thắc mắc vậy ạ nhé nhỉ với ơi giúp mong giải đáp cảm ơn theo quy "
    "pháp hiện nay hành mới nhất của trong tại về và hoặc thì đây đó này".split())
_NOT_SCOPE_UNMARKED = frozenset(unmark(w) for w in _NOT_SCOPE)


def scope_words(query: str, term: str) -> set[str]:
    """The pairs of adjacent words (folded, "ngân hàng") a definition question adds to its term (``term``, folded) that
    may name the field or text it asks within ("Trong lĩnh vực ngân hàng, người thu hộ là gì?" → {"lĩnh vực", "ngân
    hàng"}): the question's words without the asked occurrence of the term (its last) and without ``_NOT_SCOPE``
    words. Typed without marks: the pairs without marks."""
    q = fold_term(re.sub(r"[^\w\s]", " ", unicodedata.normalize("NFC", query)))
    words, tw = q.split(), term.split()
    if words == [unmark(w) for w in words]:
        tw = [unmark(w) for w in tw]
    for i in range(len(words) - len(tw), -1, -1):
        if words[i:i + len(tw)] == tw:
            words = words[:i] + ["|"] + words[i + len(tw):]
            break
    words = ["|" if w in _NOT_SCOPE or unmark(w) in _NOT_SCOPE_UNMARKED else w for w in words]
    return {f"{a} {b}" for a, b in zip(words, words[1:]) if "|" not in (a, b)}


def scope_match(words: set[str], heading: str) -> int:
    """How many of ``words`` (``scope_words``) the heading path of a defining article (its field, chapter, title:
    ``Chunk.passage``'s first line; a law's name in ALQAC) holds."""
    if not words:
        return 0
    h = " ".join(fold_term(re.sub(r"[^\w\s]", " ", heading)).split())
    if all(w == unmark(w) for w in words):
        h = unmark(h)
    return sum(1 for w in words if f" {w} " in f" {h} ")


def definer_precedence(chunk, scope: int, named: bool, on) -> tuple:  # noqa: ANN001
    """Sort key of a definer when several texts define the asked term (``HybridRetriever.definers_first``): (a) the
    document the question names, (b) the document whose heading holds more of the question's scope words
    (``scope_match``), (c) a khoản of a definitions article before a line stated in another article
    (``in_definitions_article``: the text's own definition, not a rule that says what a term is in passing), (d) legal
    force (``answering.collection.binding_rank``: Hiến pháp, Bộ luật / Luật, Pháp lệnh, Nghị định, Quyết định, Thông
    tư …), (e) in force on ``on`` before not, newer (later entry into force) before older. Ties keep the served
    order."""
    from assistant.answering.collection import binding_rank

    v = getattr(chunk, "validity", None)
    live = v.in_force(on) if v is not None and on is not None else True
    start = v.effective_from.toordinal() if v is not None and v.effective_from else 0
    return (int(not named), -scope, int(not in_definitions_article(chunk)), binding_rank(chunk), int(not live), -start)


def definers_first(rows: list[int], keys: list, cited: set[int], definers: list[tuple[int, object, float]],
                   limit: int = MAX_DEFINERS, precedence: dict[int, tuple] | None = None) -> list[int]:
    """``rows`` (served order, article keys ``keys``) with the defining articles first, after the cited rows that lead.
    ``definers``: (chunk row, article key, fused score) of each article defining the asked term. ``precedence``: chunk
    row → sort key (``definer_precedence``), read first; then a definer already in the list goes first in list order,
    one outside the list after those, by fused score; each enters with its defining chunk's row (the khoản that defines
    the term, which the answer quotes), in place of the row the list had for its article. At most ``limit`` definers
    move."""
    pos = {k: i for i, k in enumerate(keys)}
    prec = precedence or {}
    ranked = sorted(definers, key=lambda d: (prec.get(d[0], ()), pos.get(d[1], len(rows)), -d[2]))
    front, taken = [], set()
    for row, key, _ in ranked:
        if key in taken:
            continue
        taken.add(key)
        front.append(row)
        if len(front) >= limit:
            break
    if not front:
        return rows
    lead = []
    for r in rows:
        if r in cited and r not in front:
            lead.append(r)
        else:
            break
    moved = set(front) | set(lead) | {rows[pos[k]] for k in taken if k in pos}
    return lead + front + [r for r in rows if r not in moved]


_DEF_TITLE = re.compile(r"giải thích từ ngữ|giải thích thuật ngữ", re.I)
_SCOPE_SAID = re.compile(r"(?:trong|tại|theo|của|thuộc phạm vi(?: của)?)\s+(?:bộ luật|luật|nghị định|thông tư(?: liên tịch)?|"
                         r"pháp lệnh|quyết định|nghị quyết)(?:\s+\S+){0,2}?\s+này", re.I)


def definition_note(lines: list[str], term: str) -> str | None:
    """The note a definition answer adds after quoting ``lines`` for the term ``term`` (folded, asked) when the line
    defining it there defines another form of it ("Văn bản định nghĩa “ngạch sĩ quan tại ngũ”, không định nghĩa riêng
    “ngạch sĩ quan”."); None when the line defines the term as asked (or a form of it that only drops marks, its scope
    or its abbreviation) or no line defines it."""
    head = next((h for h in map(_line_head, lines) if h and (h[0] == term or term_matches(term, h[0], h[1]))), None)
    if head is None:
        return None
    defined = head[0]
    same = {defined, _SCOPE_TAIL.sub("", defined)} | _aliases(defined, head[1])
    if term in same or term in {unmark(x) for x in same}:
        return None
    return f"Văn bản định nghĩa “{defined}”, không định nghĩa riêng “{term}”."


def scope_note(defining: list[tuple[int, str]]) -> str | None:
    """``defining``: (citation number, document name) of each cited provision whose quote defines the term asked. When
    two or more documents define it, the note that each definition holds within its own text ("Mỗi định nghĩa chỉ áp
    dụng trong phạm vi văn bản của nó: [1] Luật số …; [2] Thông tư số …."); else None."""
    docs = {d for _, d in defining if d}
    if len(docs) < 2:
        return None
    return ("Mỗi định nghĩa chỉ áp dụng trong phạm vi văn bản của nó: "
            + "; ".join(f"[{n}] {d}" for n, d in defining if d) + ".")


def document_name(chunk) -> str:  # noqa: ANN001
    """"Luật số 108/2016/QH13" for a chunk: its source citation without the article ("Điều 2 Luật số …"), else its
    type and number ("Nghị định 42/2024/NĐ-CP"); "" when it has neither."""
    src = re.sub(r"^Điều \S+ ", "", getattr(chunk, "source_citation", None) or "").strip()
    if src:
        return src
    return " ".join(x for x in (getattr(chunk, "doc_type", None), getattr(chunk, "doc_number", None)) if x)
