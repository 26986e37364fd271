"""The place detector (``detect_place_clash``, h-conf20): a retelling that files or registers the same matter at another
office than the law ("Hợp tác xã đăng ký tại cơ quan đăng ký kinh doanh cấp huyện …" / "Hồ sơ đăng ký thành lập hợp tác
xã nộp tại Sở Kế hoạch và Đầu tư", "đăng ký hoạt động tại Sở Tư pháp" / "… tại Bộ Tư pháp", "nộp hồ sơ tại cơ quan có
thẩm quyền về xây dựng của địa phương" / "nộp tại Sở Văn hóa, Thể thao và Du lịch").

Also, with the law on one side and a retelling or local text on the other: ``detect_competence_items`` — a matter of the
law's list given to the same office family at another level ("Công an cấp huyện … dịch vụ karaoke" / "… tại Công an
xã, phường") or to an office the law gives other matters; ``detect_choice_restricted`` — a choice of ways or places the
law leaves ("… hoặc nộp cho …", "một trong các cách thức sau đây") narrowed to one ("chỉ được nộp trực tiếp");
``detect_place_ban`` — a place the law bans ("không được … ở mặt trước, mặt sau và trên nóc của phương tiện giao thông")
told, without a negation, as where the thing is done ("… được dán quảng cáo … trên nóc xe").

Run only on a retold pair after every other check found nothing (``pair.check_pair``), never between two central texts.

Rules
* both texts file or register ("nộp", "gửi", "đăng ký", "làm thủ tục" … "tại/đến/tới") something, and the clauses share
  at least three content words outside the places (the same matter);
* the offices differ: their own words (not "cơ quan", "ủy ban nhân dân", "sở", "cấp", "địa phương", … nor a place
  name) share nothing, or they share a word and name different levels (xã / huyện / tỉnh, sở / bộ);
* not when the law names the retelling's office anywhere (another step of one procedure: "Bộ phận Một cửa … trả kết
  quả"), nor when either place is a choice ("hoặc", "bất kỳ", "nơi … chọn").
"""

from __future__ import annotations

import re

from assistant.conflicts.findings import Finding
from assistant.conflicts.words import STOPWORDS, _WORD_RE, NUMBER_WORDS, _sentence_end, _sentence_start

PLACE_CLASH = True  # switch for measurement

_FILE_RE = re.compile(
    r"(?<!\w)(?:nộp|gửi|đăng ký|làm thủ tục)(?!\w)(?P<obj>(?:\s+[^\W\d_]+|\s*,){0,12}?)\s+(?:tại|đến|tới)\s+"
    r"(?P<place>[^\W\d_][^,;.:()]{2,90})")
_PLACE_END_RE = re.compile(r"\s+(?:nơi|để|trong|kể từ|trước|sau|thì|theo|khi|nếu|và|hoặc|cho|kèm|chậm nhất|trên|có thể|sẽ|"
                           r"phải|được|đã|không|xem|ký|cấp|giải quyết|xét|quyết định|tiếp nhận)(?!\w)")
# a place that names an office (not a country, "trụ sở", "nơi cư trú" or an office told by what it does)
_OFFICE_RE = re.compile(r"^(?:ủy ban nhân dân|sở|bộ(?! phận)|cục|chi cục|phòng|chi nhánh|văn phòng|trung tâm|tòa án|công an|"
                        r"bộ phận một cửa|kho bạc|viện kiểm sát|hội đồng)(?!\w)")
# words of an office that do not tell one office from another
_GENERIC = frozenset(
    """cơ quan ủy ban nhân dân sở bộ phòng cục chi nhánh văn phòng cấp địa phương nhà nước có thẩm quyền về của các
    tỉnh huyện xã phường thị trấn quận thành phố trung ương trực tiếp trụ sở chính tổ chức đơn vị bộ phận""".split())
_LEVELS = (("xã(?! hội)", 1), ("phường", 1), ("thị trấn", 1), ("huyện", 2), ("quận", 2), ("thị xã", 2), ("tỉnh", 3),
           ("thành phố", 3), ("sở", 3), ("bộ", 4), ("trung ương", 4), ("quốc gia", 4))
_CHOICE_RE = re.compile(r"(?<!\w)(?:hoặc|bất kỳ|tùy chọn|lựa chọn|nơi nào)(?!\w)")


def _words(text: str) -> set[str]:
    return {w for w in _WORD_RE.findall(text) if len(w) > 1 and not w[0].isdigit()
            and w not in STOPWORDS and w not in NUMBER_WORDS}


def _level(place: str) -> int | None:
    found = {lv for w, lv in _LEVELS if re.search(rf"(?<!\w){w}(?!\w)", place)}
    if "sở" in place.split()[:1]:
        found = {3}
    if place.split()[:1] == ["bộ"] and not place.startswith("bộ phận"):
        found = {4}
    return found.pop() if len(found) == 1 else None


def _places(text_lc: str, name_words: set[str]) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
    """(place, its span, the span of the filing clause) for each "nộp/gửi/đăng ký … tại/đến …" of a text."""
    out = []
    for m in _FILE_RE.finditer(text_lc):
        place = m.group("place")
        e = _PLACE_END_RE.search(place)
        if e:
            place = place[: e.start()]
        place = place.strip()
        st = text_lc.rfind(".", 0, m.start()) + 1
        en = len(text_lc) if (d := re.search(r"[.;]", text_lc[m.end() :])) is None else m.end() + d.start()
        out.append((place, (m.start("place"), m.start("place") + len(place)), (st, en)))
    return out


def _own(place: str, proper: set[str]) -> set[str]:
    return _words(place) - _GENERIC - proper


_DESCRIBED_RE = re.compile(r"^cơ quan(?:\s+nhà nước)?(?:\s+có thẩm quyền|\s+chuyên môn)?\s+(?:về|quản lý)(?!\w)")
_GEO_RE = re.compile(r"(?<!\w)(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s+((?:[A-ZĐ][\wà-ỹđ]*\s*){1,3})")


def detect_place_clash(a_text: str, b_text: str) -> Finding | None:
    """A retold pair whose texts file the same matter at offices that differ (see the module's rules)."""
    la, lb = a_text.lower(), b_text.lower()
    # the name of a province or district after its level ("thành phố Cần Thơ") tells no office apart
    proper = {w.lower() for t in (a_text, b_text) for m in _GEO_RE.finditer(t) for w in m.group(1).split()}
    places_b = _places(lb, proper)
    for pa, sa, ca in _places(la, proper):
        if _DESCRIBED_RE.match(pa) or not _OFFICE_RE.match(pa):
            continue  # an office told by its field ("cơ quan có thẩm quyền về quảng cáo của địa phương"): which Sở
            # that is cannot be read from the words
        for pb, sb, cb in places_b:
            if not _OFFICE_RE.match(pb) or _CHOICE_RE.search(pa) or _CHOICE_RE.search(pb) or _CHOICE_RE.search(lb[cb[0] : cb[1]]):
                continue
            oa, ob = _own(pa, proper), _own(pb, proper)
            if not oa or not ob:
                continue
            if re.sub(r"\s+", " ", pb) in re.sub(r"\s+", " ", la):
                continue  # the law names the retelling's office too: another step of one procedure
            shared = oa & ob
            la_, lb_ = _level(pa), _level(pb)
            if shared and not (la_ and lb_ and la_ != lb_):
                continue
            ctx_a = _words(la[ca[0] : sa[0]] + " " + la[sa[1] : ca[1]]) - _words(pa)
            ctx_b = _words(lb[cb[0] : sb[0]] + " " + lb[sb[1] : cb[1]]) - _words(pb)
            if len(ctx_a & ctx_b) < 3:
                continue
            return Finding("scope", 0.6, [sa], [sb],
                           f"Cùng một việc nhưng nộp/đăng ký ở nơi khác nhau: \"{pa}\" và \"{pb}\".")
    return None


# ---- competence over the matters a provision distributes among offices (h-conf20) ----
COMPETENCE_ITEMS = True  # switch for measurement
_HEAD = (r"(?:thủ tướng chính phủ|chủ tịch ủy ban nhân dân|ủy ban nhân dân|công an|cục|phòng|sở|bộ(?! phận)|chi cục|"
         r"trung tâm|văn phòng|chi nhánh(?:\s+của)?\s+văn phòng|tòa án nhân dân|tòa án)")
_HEAD_RE = re.compile(rf"(?<!\w){_HEAD}(?!\w)")
_OFFICE_STOP = frozenset("""chịu có thực cấp quyết cho giải tiếp là được phải xem trình ra tổ nộp gửi để thì và hoặc trên nơi
    trong kể theo các những khi nếu đã sẽ chỉ thuộc trực""".split())
_LEVEL_WORDS = frozenset("xã huyện tỉnh trung ương".split())


def _office_at(text_lc: str, m: re.Match) -> tuple[str, tuple[int, int]]:
    """The office phrase from a head: its words up to a verb, a conjunction or punctuation ("công an cấp huyện", "trung
    tâm đăng ký giao dịch", "phòng cảnh sát quản lý hành chính về trật tự xã hội công an các tỉnh")."""
    end = m.end()
    toks = list(re.finditer(r"[^\W\d_]+|[^\w\s]", text_lc[m.end() : m.end() + 160]))
    for i, t in enumerate(toks[:16]):
        w = t.group(0)
        if not w[0].isalpha():
            break
        if w in ("cấp", "các") and i + 1 < len(toks) and toks[i + 1].group(0) in _LEVEL_WORDS:
            end = m.end() + t.end()
            continue
        if w in _OFFICE_STOP:
            break
        end = m.end() + t.end()
    return text_lc[m.start() : end], (m.start(), end)


_SEG_RE = re.compile(r"(?:^|(?<=[\s.;:]))\d+\.\s")
_ACTOR_BEFORE_RE = re.compile(r"(?:^|[.;:]|(?<!\w)(?:\d+\.|[a-zđ]\))|(?<!\w)(?:do|tại|đến))\s*$")
_POLICE = {"cảnh", "sát"}


def _office_level(phrase: str) -> int | None:
    if phrase.startswith(("thủ tướng", "cục ")) or re.search(r"(?<!\w)bộ công an(?!\w)", phrase):
        return 4
    return _level(phrase)


def _family(phrase: str) -> set[str]:
    w = _words(phrase) - _GENERIC
    if w & _POLICE or "công" in w and "an" in phrase.split():
        w = (w - _POLICE) | {"công", "an"}
    return w


def _offices(text_lc: str, first_only: bool) -> list[tuple[str, tuple[int, int]]]:
    """Office phrases that act in their clause: opening it (after a list marker or ";"), or after "do/tại/của/đến"."""
    out = []
    for m in _HEAD_RE.finditer(text_lc):
        if any(st <= m.start() < en for _o, (st, en) in out):
            continue
        if _ACTOR_BEFORE_RE.search(text_lc[max(0, m.start() - 40) : m.start()]):
            o, sp = _office_at(text_lc, m)
            if len(o.split()) >= 2:
                out.append((o, sp))
                if first_only:
                    break
    return out


def _segments(text_lc: str) -> list[tuple[int, int]]:
    cuts = [m.start() for m in _SEG_RE.finditer(text_lc)] or [0]
    if cuts[0] != 0:
        cuts = [0] + cuts
    return [(s, e) for s, e in zip(cuts, cuts[1:] + [len(text_lc)]) if text_lc[s:e].strip()]


def detect_competence_items(a_text: str, b_text: str) -> Finding | None:
    """The law gives a matter of its list to one office; the retelling gives it to another: the same office family at
    another level ("Công an cấp huyện … dịch vụ karaoke" / "… tại Công an xã, phường"), or an office the law gives other
    matters to ("1. Văn phòng đăng ký đất đai … quyền sử dụng đất … 5. Trung tâm đăng ký giao dịch, tài sản … động sản"
    / "Thế chấp quyền sử dụng đất được đăng ký tại Trung tâm đăng ký giao dịch, tài sản"). The retelling's clause must
    name a word of the law segment's list items that the segment's lead lacks, and share two words with the lead."""
    la, lb = a_text.lower(), b_text.lower()
    segs = []
    for s, e in _segments(la):
        offs = _offices(la[s:e], first_only=True)
        if offs and offs[0][1][0] <= 6:
            segs.append((s, e, offs[0][0]))
    if not segs:
        return None
    # per segment, once: the words naming its matter (its list items' own: not its lead's, the other segments' nor its
    # office's) and those of its task (its lead's, not its office's)
    marks = []
    for s, e, oa in segs:
        seg = la[s:e]
        colon = seg.rfind(":")
        lead, items = (seg[:colon], seg[colon:]) if colon > 0 else (seg, seg)
        others = set().union(*[_words(la[s2:e2]) for s2, e2, _o in segs if s2 != s]) if len(segs) > 1 else set()
        if colon <= 0 and not others:
            continue  # one segment without a list: nothing tells its matter apart
        office = _words(oa)
        matter = _words(items) - (_words(lead) if colon > 0 else set()) - others - office - _GENERIC
        marks.append((s, e, oa, matter, _words(lead) - office - _GENERIC))
    for ob, sb in _offices(lb, first_only=False):
        clause = _words(lb[_sentence_start(lb, sb[0]) : _sentence_end(lb, sb[1])]) - _words(ob)
        best, score = None, 0
        for s, e, oa, matter, task in marks:
            named = clause & matter
            if named and len(clause & task) >= 2 and len(named) > score:
                best, score = (s, e, oa), len(named)
        if best is None:
            continue
        s, e, oa = best
        fa, fb = _family(oa), _family(ob)
        other_seg = fb != fa and any(_family(o) == fb for _s, _e, o in segs if o != oa)
        lv_a, lv_b = _office_level(oa), _office_level(ob)
        same_family_other_level = bool(fa & fb) and lv_a is not None and lv_b is not None and lv_a != lv_b
        if not (same_family_other_level or other_seg):
            continue
        return Finding("scope", 0.6, [(s + la[s:e].find(oa), s + la[s:e].find(oa) + len(oa))], [sb],
                       f"Cùng một việc nhưng giao cho cơ quan khác nhau: \"{oa}\" và \"{ob}\".")
    return None


# ---- a choice the law leaves, taken away (h-conf20) ----
CHOICE_RESTRICTED = True  # switch for measurement
_ONE_OF_RE = re.compile(r"một trong (?:các|những) (?:cách thức|hình thức|phương thức)[^:.;]{0,40}:")
_FILE_VERB_RE = re.compile(r"(?<!\w)(?:nộp|gửi)(?!\w)")
_ONLY_RE = re.compile(r"(?<!\w)chỉ\s+(?:được\s+|có thể\s+)?(?:nộp|gửi|tiếp nhận|nhận)(?!\w)")


def _alternatives(law_lc: str) -> list[str]:
    """The ways a provision offers to file something: the items of "theo một trong các cách thức sau đây: a) …; b) …"
    and the two sides of "nộp … X hoặc nộp … Y" (each side split again at "hoặc")."""
    out: list[str] = []
    m = _ONE_OF_RE.search(law_lc)
    if m and _FILE_VERB_RE.search(law_lc[max(0, m.start() - 80) : m.start()]):
        end = law_lc.find(".", m.end())
        body = law_lc[m.end() : end if end > 0 else len(law_lc)]
        for part in re.split(r";|(?<!\w)[a-zđ]\)|(?<!\w)hoặc(?!\w)", body):
            if _words(part):
                out.append(part.strip())
        return out
    for h in re.finditer(r"(?<!\w)hoặc(?!\w)", law_lc):
        verbs = list(_FILE_VERB_RE.finditer(law_lc, max(0, h.start() - 160), h.start()))
        if not verbs or re.search(r"[.;:]", law_lc[verbs[-1].start() : h.start()]):
            continue
        left = law_lc[verbs[-1].start() : h.start()]
        rest = law_lc[h.end() :]
        stop = re.search(r"[.;:]|(?<!\w)(?:để|thì|trong thời hạn)(?!\w)", rest)
        right = rest[: stop.start()] if stop else rest
        if _FILE_VERB_RE.match(right.strip()):
            out += [left.strip(), right.strip()]
    return out


def detect_choice_restricted(law_text: str, told_text: str) -> Finding | None:
    """The law lets one file in one of several ways or places ("nộp … cho cơ quan Công an … quản lý cơ sở kinh doanh
    chính hoặc nộp cho cơ quan Công an … nơi chi nhánh … hoạt động", "một trong các cách thức sau đây: … trực tiếp
    hoặc gửi qua dịch vụ bưu chính …"); the retelling allows only one ("chỉ được nộp … tại cơ quan Công an quản lý trụ
    sở chính", "chỉ được nộp trực tiếp"): a choice taken away. The retained way must be one of the law's (by a word only
    it has) and the retelling's "chỉ …" clause must name no other."""
    la, lb = law_text.lower(), told_text.lower()
    alts = _alternatives(la)
    if len(alts) < 2:
        return None
    own = []
    for i, x in enumerate(alts):
        others = set().union(*[_words(y) for j, y in enumerate(alts) if j != i])
        own.append(_words(x) - others - _GENERIC)
    for m in _ONLY_RE.finditer(lb):
        end = _sentence_end(lb, m.end())
        kept = _words(lb[m.start() : end])
        hit = [i for i, w in enumerate(own) if w & kept]
        if len(hit) != 1:
            continue
        if not any(w and not (w & kept) for i, w in enumerate(own) if i != hit[0]):
            continue
        return Finding("modality", 0.6, [], [(m.start(), end)],
                       f"Pháp luật cho phép lựa chọn (\"{alts[hit[0]][:60]}\" hoặc cách khác), bên kia chỉ cho phép một "
                       f"cách: \"{lb[m.start() : end][:80]}\".")
    return None


# ---- a place the law bans, told as where the thing is done (h-conf20) ----
PLACE_BAN = True  # switch for measurement
_BAN_RE = re.compile(r"(?<!\w)(?:không được|cấm|nghiêm cấm)(?!\w)")
_PLACE_PREP_RE = re.compile(r"(?<!\w)(?:ở|trên|tại|ra|lên)(?!\w)")
_TOLD_NEG_RE = re.compile(r"(?<!\w)(?:không|chưa|cấm|chỉ)(?!\w)")


def detect_place_ban(law_text: str, told_text: str) -> Finding | None:
    """The law bans doing a thing at listed places ("Không được thể hiện sản phẩm quảng cáo ở mặt trước, mặt sau và trên
    nóc của phương tiện giao thông", "Biển hiệu … không được lấn ra vỉa hè, lòng đường"); the retelling, with no
    negation, does it at one of them ("… được dán quảng cáo … trên kính sau và trên nóc xe", "Biển hiệu … được đặt trên
    vỉa hè"). A listed place is named by a word only it has; the retelling's clause shares a word of the ban's matter."""
    la, lb = law_text.lower(), told_text.lower()
    for bm in _BAN_RE.finditer(la):
        end = _sentence_end(la, bm.end())
        pm = _PLACE_PREP_RE.search(la, bm.end(), end)
        if not pm:
            continue
        body = re.split(r"(?<!\w)(?:của|thuộc|để|khi|nếu|trừ)(?!\w)", la[pm.end() : end])[0]
        items = [re.sub(_PLACE_PREP_RE, " ", x) for x in re.split(r",|(?<!\w)(?:và|hoặc)(?!\w)", body)]
        items = [x for x in items if _words(x)]
        if len(items) < 2:
            continue
        st = max(la.rfind(".", 0, bm.start()), -1) + 1
        matter = _words(la[st:end]) - _words(body) - _GENERIC
        for i, x in enumerate(items):
            own = _words(x) - set().union(*[_words(y) for j, y in enumerate(items) if j != i]) - _GENERIC
            if not own:
                continue
            for sent in re.finditer(r"[^.;]+", lb):
                t = sent.group(0)
                if _TOLD_NEG_RE.search(t) or not own <= _words(t) or not (matter & _words(t)):
                    continue
                if not re.search(rf"(?<!\w)(?:ở|trên|tại|ra|lên|vào)\s+(?:[^\W\d_]+\s+){{0,2}}?{re.escape(sorted(own)[0])}", t):
                    continue  # the retelling must put the thing at the place, not merely name it
                return Finding("modality", 0.6, [(bm.start(), end)], [(sent.start(), sent.end())],
                               f"Một bên cấm thực hiện ở \"{x.strip()}\", bên kia thực hiện chính ở đó: \"{t.strip()[:90]}\".")
    return None
