"""The scope detector (``detect_scope``): the same task given to two different competent authorities ("Ủy ban nhân
dân cấp xã" vs "cấp huyện"), the body being the actor of its clause; in the paraphrase pass (``loose``) the task
may be told in other words and the acting body is picked among the bodies named.

Does not find authorities in text (``analysis``) nor decide which text prevails.

Rules
* the body must be the actor (clause opener or "do/là/giao"), not a mere mention; no scope finding when a value is
  on one side only, nor between list items (``pair`` runs it only on clauses that are no list item);
* no competence clash in a "who carries out this document" clause; authority levels of courts, procuracies and police,
  "Ủy ban nhân dân huyện" (= cấp huyện), named ministries, full department names and "Phòng … cấp huyện" are read by
  ``analysis``.
* paraphrase pass only: the body a matter is filed with ("nộp hồ sơ tại …", "gửi hồ sơ đến …", "khiếu nại đến …") and the head of a unit of a body ("Thủ
  trưởng cơ quan … của Bộ Công an") act; a body that only guides, urges or coordinates others does not.
Provenance: the first dev set (tests/test_conflicts.py); the "who carries out this document" clause from dev5
(tests/test_conflicts_dev5.py); the filed-with body, the head of a unit and the guiding body from dev4/dev8
(tests/test_conflicts_conf9.py).
"""

from __future__ import annotations

import os
import re
from dataclasses import replace

from assistant.conflicts.analysis import Analysis, _same_scope
from assistant.conflicts.findings import Finding
from assistant.conflicts.guards import _scope_contrast
from assistant.conflicts.quantities import _agree, _comparable
from assistant.conflicts.semantic import clause_similarity

_ASSIGN_RE = re.compile(
    r"(?<!\w)(?:có thẩm quyền|thẩm quyền|chịu trách nhiệm|có trách nhiệm|chủ trì|quyết định|phê duyệt|cấp|giải quyết|"
    r"tiếp nhận|thẩm định|ban hành|thu hồi|xử lý|xử phạt|đăng ký|công nhận|cho phép|chấp thuận|đảm nhiệm|phải|được|"
    # h-conf13: the acts of a body deciding a matter ("… xem xét, kết luận và đề xuất ý kiến", "… bổ nhiệm Hòa giải viên")
    r"xem xét|kết luận|bổ nhiệm|thành lập|công bố|triệu tập)(?!\w)"
)


_SELF_DUTY_RE = re.compile(r"(?<!\w)(?:thi hành|thực hiện|tổ chức thi hành|tổ chức thực hiện|hướng dẫn)\s+(?:việc\s+)?(?:thi hành\s+|thực hiện\s+)?"
                           r"(?:bộ luật|luật|nghị định|thông tư liên tịch|thông tư|quyết định|nghị quyết|pháp lệnh|quy chế|quy định)"
                           r"\s+này(?!\w)")
_DELEGATE_RE = re.compile(r"(?<!\w)quy định(?:\s+chi tiết|\s+cụ thể)?\s+(?:về|việc|tổ chức|mức|danh mục|trình tự|thủ tục|chi tiết)(?!\w)")


# h-conf16: a matter sent or complained "to" a body ("nộp hồ sơ đến Sở Tư pháp", "gửi hồ sơ đến Văn phòng Ủy ban nhân dân
# tỉnh", "khiếu nại đến Chánh án Tòa án nhân dân cấp tỉnh") is filed with it like "nộp … tại" (pooled dev…dev16 +2 / 0)
FILED_TO = True
# the paraphrase pass (``_actor`` with ``loose``): "… nộp hồ sơ tại <body>" names the body that receives and decides the
# matter; "Thủ trưởng/Giám đốc/Người đứng đầu <unit> của <body>" opening the clause acts for that body
_FILED_AT_RE = re.compile(r"(?<!\w)nộp\s+(?:hồ sơ|đơn|tờ khai)?\s*(?:[^\W\d_]+\s+){0,3}?tại(?:\s+(?:[^\W\d_]+)){0,8}\s*$"
                          + (r"|(?<!\w)(?:(?:nộp|gửi)\s+(?:hồ sơ|đơn|tờ khai|văn bản đề nghị|văn bản)|khiếu nại(?:\s+lần đầu)?)"
                             r"(?:\s+[^\W\d_]+){0,3}?\s+(?:tại|đến|tới|cho)(?:\s+(?:văn phòng|bộ phận một cửa|bộ phận tiếp nhận|chánh án|chủ tịch|giám đốc|thủ trưởng|người đứng đầu))?\s*$"
                             if FILED_TO else ""))
_HEAD_OF_RE = re.compile(r"\s*(?:\d+\.|[a-zđ]\))?\s*(?:thủ trưởng|người đứng đầu|giám đốc|trưởng|cục trưởng|vụ trưởng)\s+"
                         r"(?:[^\W\d_]+\s+){1,6}?của\s*$")


def _actor(an: Analysis, loose: bool = False, st: int | None = None) -> bool:
    """The authority is the one acting: it opens the clause ("Ủy ban nhân dân cấp xã đăng ký …") or is introduced
    by "do/là/giao (cho)/thẩm quyền của/theo quyết định của" ("… do Sở Tư pháp thực hiện", "Cơ quan đăng ký đầu tư … là
    Ban quản lý"), or is the place where the procedure "is done" ("… được thực hiện tại Phòng Tư pháp cấp huyện")."""
    if st is None:
        _name, (st, _en) = an.authorities[0]
    before = an.lc[:st]
    before = before[max(before.rfind("."), before.rfind(";"), before.rfind(":")) + 1 :]
    if not re.sub(r"^\s*(?:\d+\.|[a-zđ]\))?\s*(?:chủ tịch|giám đốc|trưởng)?\s*", "", before).strip():
        return True
    if loose and (re.search(r"(?<!\w)thì\s*$", before)
                  or re.match(r"\s*(?:\d+\.|[a-zđ]\))?\s*(?:trong thời hạn|trong vòng|sau khi|khi|nếu|trường hợp|trong trường hợp|"
                              r"đối với|trước khi|kể từ|chậm nhất)(?!\w)", before) and re.search(r",\s*$", before)):
        return True  # the paraphrase pass: "Khi … thì Ủy ban nhân dân cấp xã …", "Trong thời hạn …, Bộ Nội vụ có trách nhiệm"
    if loose and (_FILED_AT_RE.search(before) or _HEAD_OF_RE.match(before)):
        return True  # the paraphrase pass: the body a matter is filed with ("… nộp hồ sơ tại cơ quan Quản lý xuất nhập
        # cảnh Công an cấp tỉnh") receives and decides it; the head of a unit of a body opening the clause ("Thủ trưởng
        # cơ quan quản lý căn cước của Bộ Công an có thẩm quyền …") acts for that body
    return bool(re.search(r"(?<!\w)(?:do|là|giao cho|giao|thẩm quyền của|trách nhiệm của|theo quyết định của)\s*$", before)
                or re.search(r"(?<!\w)(?:được\s+)?(?:thực hiện|giải quyết)\s+tại\s*$", before))


_DELEGATION_RE = re.compile(r"(?<!\w)(?:ủy quyền|ủy nhiệm|phân cấp|giao lại|thừa ủy quyền)(?!\w)")


def _loose_same_task(an_a: Analysis, an_b: Analysis, ignore: set[str]) -> float | None:
    """Paraphrase pass (``_paraphrase_pass``): the same task told in other words — the shorter text's content words
    (authority names left out) lie in the longer one but for at most two, sharing ≥ 4 — and no contrasting addressee
    or procedure, no delegation ("ủy quyền", "phân cấp"). Returns the coverage, or None."""
    ca, cb = set(an_a.content) - ignore, set(an_b.content) - ignore
    shared = ca & cb
    if len(shared) < 4:
        return None
    cover = len(shared) / min(len(ca), len(cb))
    if cover < 0.75 or min(len(ca), len(cb)) - len(shared) > 2 or _scope_contrast(an_a.lc, an_b.lc):
        return None
    if _DELEGATION_RE.search(an_a.lc) or _DELEGATION_RE.search(an_b.lc):
        return None
    return cover


OMITTED_VALUE = True  # h-conf13 switch for measurement
HEAD_IS_BODY = True  # h-conf17 switch: a body and its own head named together are one body


# 0.92 was set with the unfused int8 query encoder; the fused one (29/11) puts the competence pair D4-029 ("Chủ tịch
# nước quyết định tặng thưởng huân chương" / "… theo quyết định của Thủ tướng Chính phủ") just under it. 0.915 gives
# pooled dev…dev11 exactly the earlier result again (317 / 10 / 112; dev12 + dev13 unchanged at 0.92 and 0.915).
SCOPE_SEMANTIC_MIN = float(os.environ.get("ASSISTANT_CONFLICT_SCOPE_SEMANTIC_MIN", "0.915"))


def _same_task_by_meaning(an_a: Analysis, an_b: Analysis, ignore: set[str]) -> float | None:
    """Paraphrase pass only (a retold pair: never two central documents, so never the Pháp điển batch): the same task
    told in other words — the two sentences, each authority replaced by one placeholder, are close in meaning
    (e5 cosine ≥ SCOPE_SEMANTIC_MIN), share ≥ 3 content words, and name no contrasting addressee or procedure and no
    delegation. Returns a coverage-like score (0.6), or None."""
    ca, cb = set(an_a.content) - ignore, set(an_b.content) - ignore
    if len(ca & cb) < 3 or _scope_contrast(an_a.lc, an_b.lc):
        return None
    if _DELEGATION_RE.search(an_a.lc) or _DELEGATION_RE.search(an_b.lc):
        return None

    def masked(an: Analysis) -> str:
        t = an.lc
        for _n, (st, en) in sorted(an.authorities, key=lambda x: -x[1][0]):
            t = t[:st] + "cơ quan X" + t[en:]
        return t

    sim = clause_similarity(masked(an_a), masked(an_b))
    return 0.6 if sim is not None and sim >= SCOPE_SEMANTIC_MIN else None


# bodies a retelling names that the law's list of authorities does not (a village head, a general department, a council
# of a level, a specialised agency): read in the paraphrase pass of a retold pair only, never between central texts
_EXTRA_AUTH_RE = re.compile(
    r"(?<!\w)(?:trưởng (?:thôn|ấp|bản|xóm|khu phố|tổ dân phố)|tổ trưởng tổ dân phố|"
    r"(?:tổng cục|cục quản lý|cục)\s+[^\W\d_]+(?:\s+[^\W\d_]+){0,3}?"
    r"(?=\s+(?:bộ|cấp|tiếp|thực|giải|quyết|có|chịu|phải|được|và|xem|thẩm|ban|trực|công|ra|tổ|ghi)(?!\w)|\s*[,;.]|\s*$)|"
    # h-conf13: professional and training bodies and their heads ("Chủ tịch Liên đoàn Luật sư Việt Nam", "Ban chủ nhiệm
    # Đoàn Luật sư", "Giám đốc Học viện Tư pháp"), a ministry named by its field ("Bộ quản lý ngành, lĩnh vực")
    r"(?:(?:chủ tịch|giám đốc|ban chủ nhiệm|ban thường vụ)\s+)?(?:liên đoàn|học viện|đoàn)\s+[^\W\d_]+(?:\s+[^\W\d_]+){0,3}?"
    r"(?=\s+(?:cấp|ghi|quyết|ra|xem|có|chịu|thực|công|tổ|thuộc|trong|phải|được)(?!\w)|\s*[,;.]|\s*$)|"
    r"bộ quản lý (?:chuyên )?ngành(?:,\s*lĩnh vực)?|"
    r"cơ quan chuyên môn về\s+[^\W\d_]+(?:\s+[^\W\d_]+)?\s+cấp\s+(?:tỉnh|huyện)|"
    r"hội đồng\s+(?:[^\W\d_]+\s+){1,6}?cấp\s+(?:xã|huyện|tỉnh)|hội đồng giám định y khoa(?:\s+cấp)?\s+tỉnh)(?!\w)")
_NOT_ACTING_BEFORE_RE = re.compile(r"(?<!\w)(?:ý kiến của|gửi (?:[^\W\d_]+\s+){0,4}?(?:về|đến|cho)|báo cáo)\s*$")
# "… trình Ủy ban nhân dân tỉnh quyết định", "… đề nghị Chủ tịch Ủy ban nhân dân xã ra quyết định": that body decides
_DECIDER_BEFORE_RE = re.compile(r"(?<!\w)(?:trình|đề nghị)\s*$")
_NOT_ACTING_AFTER_RE = re.compile(r"^\s*(?:[^\W\d_]+\s+){0,3}?không (?:có thẩm quyền|được)(?!\w)"
                                  r"|^\s*(?:hướng dẫn|đôn đốc|phối hợp)(?!\w)")


def _named_bodies(an: Analysis) -> list[tuple[str, tuple[int, int]]]:
    """All bodies a clause names: the law's list of authorities and ``_EXTRA_AUTH_RE`` (the paraphrase pass)."""
    found = list(an.authorities)
    for m in _EXTRA_AUTH_RE.finditer(an.lc):
        if not any(st < m.end() and m.start() < en for _n, (st, en) in found):
            found.append((re.sub(r"\s+", " ", m.group(0)), (m.start(), m.end())))
    found.sort(key=lambda x: x[1][0])
    return found


# the document a task issues: two different ones ("Giấy phép" / "Giấy chứng nhận đủ điều kiện") are two tasks
_ISSUED_DOC_RE = re.compile(r"(?<!\w)(giấy phép|giấy chứng nhận|chứng chỉ|giấy xác nhận|văn bằng|giấy đăng ký|thẻ)(?!\w)")


def _acting_bodies(an: Analysis) -> Analysis:
    """The paraphrase pass: the authorities of ``an`` (the law's list and ``_EXTRA_AUTH_RE``) reduced to the one that
    acts (``_actor``) when exactly one does — "Sau khi bầu, trưởng thôn ra quyết định công nhận hòa giải viên và gửi
    danh sách về Ủy ban nhân dân xã" gives the task to the village head; a body asked for its opinion, sent a report
    or said to lack the power ("… các tỉnh không có thẩm quyền cấp") is not the one acting, nor is a body that only
    guides, urges or coordinates others ("Sở Tư pháp hướng dẫn các tổ chức hành nghề công chứng gửi văn bản đề nghị
    …"); a body a matter is submitted to ("trình Ủy ban nhân dân tỉnh quyết định") is one that acts."""
    found = _named_bodies(an)
    acting = [x for x in found if (_actor(an, True, x[1][0]) or _DECIDER_BEFORE_RE.search(an.lc[: x[1][0]]))
              and not (_NOT_ACTING_BEFORE_RE.search(an.lc[: x[1][0]]) and not _FILED_AT_RE.search(an.lc[: x[1][0]]))
              and not _NOT_ACTING_AFTER_RE.match(an.lc[x[1][1] :])]
    return replace(an, authorities=tuple(acting if len(acting) == 1 else found))


_HEAD_TITLE_RE = re.compile(r"(?:giám đốc|chủ tịch|bộ trưởng|thủ trưởng|chánh án|viện trưởng|cục trưởng|chánh văn phòng|"
                            r"tổng cục trưởng|trưởng ban|trưởng phòng|trưởng|người đứng đầu)\s+")


def _head_of(head: str, body: str) -> bool:
    """"giám đốc sở nội vụ" is the head of "sở nội vụ" (not "tòa án nhân dân cấp cao" of "tòa án")."""
    return head != body and head.endswith(" " + body) and bool(_HEAD_TITLE_RE.fullmatch(head[: -len(body)]))


def detect_scope(an_a: Analysis, an_b: Analysis, loose: bool = False) -> Finding | None:
    """Same matter, different competent authority (lexical only: see the note on SEMANTIC_MIN in ``semantic``).
    ``loose``: the paraphrase pass of a retold pair — the same task may be told in other words (``_loose_same_task``),
    and the acting body is picked among the bodies named (``_acting_bodies``)."""
    if loose:
        named_a, named_b = {x for x, _ in _named_bodies(an_a)}, {x for x, _ in _named_bodies(an_b)}
        an_a, an_b = _acting_bodies(an_a), _acting_bodies(an_b)
        if ({x for x, _ in an_a.authorities} & named_b) or ({x for x, _ in an_b.authorities} & named_a):
            return None  # the retelling names the law's body too, with its own step ("Sở … có ý kiến … trước khi gửi
            # Tổng cục … xem xét chấp thuận"): two steps of one procedure, not the task moved (h-conf13)
        da, db = set(_ISSUED_DOC_RE.findall(an_a.lc)), set(_ISSUED_DOC_RE.findall(an_b.lc))
        if da and db and da.isdisjoint(db):
            return None  # "cấp Giấy phép …" / "cấp Giấy chứng nhận đủ điều kiện …": two documents, two tasks (h-conf13)
    if not an_a.authorities or not an_b.authorities:
        return None
    for qa in an_a.quantities:
        for qb in an_b.quantities:
            if _comparable(qa, qb) and not _agree(qa, qb):
                return None  # authority and numbers both differ → different subjects
    if ({(q.cat, q.lo, q.hi) for q in an_a.quantities} != {(q.cat, q.lo, q.hi) for q in an_b.quantities}
            and not (loose and OMITTED_VALUE and (not an_a.quantities or not an_b.quantities))):
        return None  # a value only one side has ("đến 20% mức tiền phạt tối đa"): a different power, not the same task
        # (the paraphrase pass of a retold pair: a retelling that states no value at all left the law's deadline out —
        # "Chánh án Tòa án nhân dân cấp huyện ra quyết định bổ nhiệm …" against the law's "Trong thời hạn 20 ngày …,
        # Chánh án Tòa án nhân dân cấp tỉnh …" — h-conf13)
    auth_a = {x for x, _ in an_a.authorities}
    auth_b = {x for x, _ in an_b.authorities}
    if not auth_a.isdisjoint(auth_b):
        return None
    if HEAD_IS_BODY:
        # a body and its own head named in one clause ("nộp tại Sở Nội vụ; Giám đốc Sở Nội vụ xem xét, ra quyết định"):
        # one body, not a list of bodies (h-conf17)
        auth_a = {x for x in auth_a if not any(_head_of(y, x) for y in auth_a)}
        auth_b = {x for x in auth_b if not any(_head_of(y, x) for y in auth_b)}
    if len(auth_a) > 1 or len(auth_b) > 1:
        return None  # a list of bodies ("Quốc hội, Chính phủ, …"), not the assignment of one task
    if _DELEGATE_RE.search(an_a.lc) or _DELEGATE_RE.search(an_b.lc):
        return None  # "Chính phủ quy định về …", "Bộ trưởng … quy định …": a delegation to regulate, not the task itself
    if _SELF_DUTY_RE.search(an_a.lc) or _SELF_DUTY_RE.search(an_b.lc):
        return None  # "Bộ Y tế chủ trì … hướng dẫn thực hiện Nghị định này": who carries out the document itself
        # (each document names its own ministry), not a competence for a regulated matter
    if not (_actor(an_a, loose) and _actor(an_b, loose)):
        return None  # the body is mentioned ("đơn vị thuộc Ủy ban nhân dân cấp tỉnh"), it is not given the task
    if not (_ASSIGN_RE.search(an_a.lc) and _ASSIGN_RE.search(an_b.lc)):
        return None  # no task is assigned: a mere mention of a body
    xa, xb = next(iter(auth_a)), next(iter(auth_b))
    if xa in xb or xb in xa:
        return None  # "Sở Tư pháp" / "Giám đốc Sở Tư pháp": the same body
    ignore = set()
    for x in auth_a | auth_b:
        ignore |= set(x.split())
    lc = _loose_same_task(an_a, an_b, ignore) if loose else None
    if loose and lc is None:
        lc = _same_task_by_meaning(an_a, an_b, ignore)
    if lc is not None:
        cover = lc
    else:
        same, cover, _ua, _ub = _same_scope(an_a, (0, len(an_a.lc)), an_b, (0, len(an_b.lc)), ignore=ignore)
        if not same or cover < 0.6:
            return None
        # the two clauses must be the same sentence but for the authority (symmetric overlap, not mere containment)
        ca, cb = set(an_a.content) - ignore, set(an_b.content) - ignore
        if min(len(ca), len(cb)) < 4 or len(ca & cb) / len(ca | cb) < 0.5:
            return None
    return Finding(
        "scope", round(0.5 + 0.4 * cover, 3), [s for _, s in an_a.authorities], [s for _, s in an_b.authorities],
        f"Cùng một việc nhưng giao cho cơ quan khác nhau: \"{sorted(auth_a)[0]}\" và \"{sorted(auth_b)[0]}\".",
    )
