"""Legal-contradiction checker: pairwise detectors, which-prevails rules, candidate pairs, batch job.

``check_pair(a, b)`` compares two provisions with cheap, precompiled regex detectors:

* numeric  – deadlines, amounts, ages, percentages, counts (units normalised: "01 tháng" = 30 ngày,
  "mười lăm ngày" = 15 ngày, "2 triệu đồng" = 2.000.000 đồng; "ngày làm việc" kept distinct from "ngày");
  bounds ("không quá", "ít nhất", "từ … đến …") are respected, so a value inside the other's limit is consistent;
* modality – được / có quyền / có thể  vs  không được / cấm / nghiêm cấm;  phải  vs  không phải / không bắt buộc;
* scope    – same matter, different competent authority ("Ủy ban nhân dân cấp xã" vs "cấp huyện");
* temporal – a pair whose validity periods do not overlap, or where one text amends/repeals the other,
  is reported as ``superseded``, never as a conflict.

Clause level: a provision is split into clause units (khoản, điểm, sentences; a list item carries its lead-in
"… các hành vi sau đây:"); only clause pairs whose content words overlap strongly (Jaccard ≥ 0.3, paraphrases of
common legal verbs normalised: "gửi/chuyển/cung cấp" → "nộp", "trong vòng/trong thời hạn", "tiếp nhận/nhận được")
are compared, and the clashing values/modal markers must sit in those two clauses. Items of penalty or grounds
lists ("Phạt tiền … đối với các hành vi sau:") are descriptions, not norms: their modal markers are ignored.
Only the main modal marker of a clause segment counts; "đã được cấp", clause-final "được" (passive) and category
names ("Các hoạt động … không phải nộp …") are not permissions/exemptions. Article titles are skipped.

Guards against false alarms: a conflict needs the two clauses to be about the same thing (one clause's content
words must all occur in the other clause — "exactly one thing differs" — and most of its word bigrams too); an
extra procedure word ("cấp lại", "miễn thị thực", "tạm …", "gia hạn"), a different subject, an exception
("trừ trường hợp …") that covers the other clause, or a negated object ("không thu tiền") makes it no conflict.
Provisions filed under different Pháp điển đề mục are ranked lower (often two regimes using the same words).

Rules added from the dev-set error analysis (general Vietnamese legal phrasing, each with a test):
* units — a deadline ("trong thời hạn/trong vòng N ngày", "Thời hạn … là N") is a limit like "không quá/chậm nhất"
  (two deadlines clash unless equal); "từ đủ N tuổi đến hết/chưa đủ M tuổi" is one range; "từ 10 người lao động trở
  lên" is a lower bound;
* subject — "người sử dụng lao động" ≠ "người lao động", class identifiers ("lớp một", "nhóm I", "hạng B") and grades
  ("sơ/trung/cao cấp") are part of the subject; a paraphrase may add ≤ 2 words on each side unless a word of one
  stands in the place of a word of the other ("đường đôi"/"đường hai chiều", "trong nước"/"quốc tế");
* modality — "không cần báo trước" = "mà không báo trước"; coordinated actions ("mặc … và đeo biển tên"); the matter
  may sit in the subject ("Cấm kết hôn giữa những người …" / "Những người … được kết hôn"); "không được yêu cầu nộp X"
  is also an exemption from filing X; guards: a general permission vs a prohibition narrowed by a qualifier the
  permission lacks ("có liên quan đến …"), complementary numeric scopes ("chưa đủ 18 tuổi"/"từ đủ 18 tuổi"), a case
  negated on one side ("không nghỉ phép"), the same "nếu … thì" condition once negated, a case opened on one side only
  ("Trường hợp …/Đối với … thì"), different objects each side lacks; markers that are not norms: category names
  ("Danh mục … cấm sử dụng", "thông tin không được tiếp cận"), passives ("được tính/xác định/hiểu"), relative clauses
  ("đơn vị được kiểm toán", "tiền thu được"), numeric limits ("không được vượt quá"), powers to decide ("cho phép …
  hoặc cấm …"), "áp dụng đối với" articles, upper-case headings;
* scope — authority levels of courts, procuracies and police; the body must be the actor (clause opener or "do/là/
  giao"), not a mere mention; no scope finding between list items or when a value is on one side only;
* real text (Pháp điển) — one provision stating both values (two cases or a transition), bands of one scale ("từ X
  đến dưới Y"), another bare number (coefficient) differing, a condition or list lead-in on one side only, a dated
  transitional rule on one side only → no conflict; parallel article titles ("… đơn vị tự bảo đảm chi thường xuyên"
  / "… tự bảo đảm một phần …") halve the confidence; short clauses, list items and one-sided extra words rank lower.

Rules added from dev2 (phrasings the first dev set lacked; each with a test): "năm" after a number word is the unit
("mười năm", "hai mươi năm"); counts in words ≥ 10 ("bốn mươi học sinh"); "05 (năm) ngày" read once; limit words away
from the number ("không được chạy quá 50 km/h", "không muộn hơn", "chưa đến"); "tiếng", "km/giờ", "tấn"; frequencies
with the period first ("ít nhất mỗi năm một lần"); deadlines in hours; durations equal within 2 % across units
("01 năm" = "365 ngày"); modality compared on the whole clause proposition (subject + act + object + conditions without
the marker) so word order, passives ("được phép thực hiện bởi"), "Nghiêm cấm người … làm X" and "… bị nghiêm cấm."
match; "Không ai/Không tổ chức, cá nhân nào được …" is a prohibition, and a ban on everyone clashes with a permission
for a named subject; "chỉ được X khi C" vs "được X mà không cần C"; guards: contrasting conditions ("nếu nộp thuế chậm"
/ "… đúng thời hạn"), "chưa qua xử lý" as a negated
object, a ban on doing X "mà không có lý do …" vs a permission for a named justified case, "nhưng" ends a norm.
Ranking: the finding's confidence is scaled by how far the two sentences holding the clash are restatements of each
other (Dice of content bigrams), more strongly for modal clashes — on codified text real conflicts are restatements
with another value, while loose clashes between sentences that share a verb are the usual false alarms.
Batch ranking by document relation (``relate_conflicts``, relation from ``assistant.doc_relations``): a finding
between documents whose titles name no link is weighted × 0.6, × 0.4 between two laws/codes/ordinances (two procedure
codes, two election laws written with the same sentence), × 0.7 between two documents of the same rank linked only by
their field (two ministries' circulars); a law and the decree/circular that details it, or two documents implementing
the same parent, keep their weight; unknown relations (bare pairs) are neutral. ``check_pair`` itself is unchanged.

Paraphrase pass (issue #6, modality/competence clashes told in other words): when one text is expected to retell the
other — a handbook/guide/Q&A/unidentified text, or a local HĐND/UBND decision against a central document (``_retold``)
— and the first comparison finds nothing, both texts are put into legal words (``_PLAIN_LEGAL``: "bản gốc" → "bản
chính", "nhân viên" → "người lao động", "thủ tục khai tử" → "đăng ký khai tử" …) and compared again with a paraphrased
subject and a competence task told in other words allowed (``detect_modality``/``detect_scope`` with ``loose``); only
its modality and scope findings are kept. Never between two central documents (none of the Pháp điển batch): forced
on 20,000 related Pháp điển pairs its loose rules gave 6 findings, none real (eval/reports/conflicts-paraphrase-pass.md).

Rules added from dev5 (a blind set of handbook/Q&A/leaflet retellings and provincial decisions; each with a test in
tests/test_conflicts_dev5.py): more names of non-normative texts ("Sổ tay", "Tài liệu tuyên truyền", a number "không
rõ số hiệu"); a local (HĐND/UBND) decision against a central text gets the number meaning check of retellings; a
template swap is a slot of ≤ 3 words, not a reworded passage; numbers in plain words ("cây số một giờ", "ba phần tư",
"một nửa", "quá nửa", "bước sang tuổi mười lăm"; "chính" is no "chín"), "tới/nhanh nhất/chỉ cần" bounds; "trừ đi",
"giảm/khấu/bù/miễn trừ" are no exception; modal words "không bị buộc phải", "không ép buộc", "được miễn trừ",
"tuyệt đối không", "buộc phải", and a pro-verb ("… không bị buộc phải làm") takes the sentence's "Việc …" act; in the
paraphrase pass two modal clauses with differently worded objects are one act at e5 cosine ≥ MODAL_SEMANTIC_MIN; a
condition told only by the retelling does not block a value clash, a qualifier negated on one side only does;
authorities "Ủy ban nhân dân huyện" (= cấp huyện), named ministries, full department names, "Phòng … cấp huyện", and
no competence clash in a "who carries out this document" clause; a text replacing the other's document by number
supersedes it whatever the wording.

Rules added from dev6 (a blind set of antonymous acts, implied permissions and list bans; tests in
tests/test_conflicts_dev6.py) — a "meaning pass" that runs only on a retold pair whose other comparisons found nothing
(``_meaning_pass``; never between two central documents, so not in the Pháp điển batch): antonym axes of legal acts
(``_ANTONYM_AXES``: giữ bí mật/công khai, tại Việt Nam/ở nước ngoài, tự mình/ủy quyền, văn bản/lời nói, trước/sau khi,
tăng/giảm, tự nguyện/bắt buộc; a plain negation flips a pole, a lifted duty states none; same matter = ≥ 3 words
shared around the two poles, different addressees and the law's exceptions block); bans written as lists of places or
categories against a permission at one member (``_list_ban_clash``, category lexicon ``_CATEGORY_MEMBERS``); "vẫn …
được … nếu" against a ban on the same act (``_implied_permission_clash``); a minimum retold as a maximum at or below it
(``detect_bound_flip``). Also: internal rules, notices and plans of non-state bodies are retellings; "chậm nhất sau N"
is a deadline; "N m" is metres; class identifiers "loại T16"/"hạng B2" and two differently named classes block the
meaning fallback.

Rules added from dev7 (a blind set of Luật/Nghị định numbers in other words, acts named otherwise and consent told
otherwise; tests in tests/test_conflicts_dev7.py): "nửa tháng/năm/ngày/tuần" is half the unit; a small count in words
after a limit word ("tối đa ba lần", "không quá hai buổi") is a count; "buổi" is a counted noun; a text whose end date
is the other text's first day is superseded by it (the official databases record "hết hiệu lực kể từ ngày" the new
text takes effect); an amending law's article ("Sửa đổi, bổ sung khoản 2 Điều 89 như sau") supersedes the article its
title names by the amended law's name; in the paraphrase lexicon everyday names of banned acts ("đốt pháo", "kích/chích
điện", "chơi bài ăn tiền", "dùng thuốc lá/đồ uống có cồn", "đốn cây", "thải thẳng") and no more "nhập khẩu" read as
"nhập hộ khẩu"; two more meaning-pass rules: consent required vs lifted ("phải được … đồng ý" / "không cần ý kiến,
không cần xin phép", ``_consent_clash``) and a plain permission for an act a ban's clause names (``_plain_permit_clash``);
internal procedures and village covenants (quy trình, quy ước, hương ước) are retellings, a Pháp điển article
without a source line ("Điều 4.4.LQ.79") is not.

Which prevails follows the application rules of the Law on Promulgation of Legal Documents (higher legal force;
same issuer → later document; a "trừ trường hợp luật khác có quy định khác" reservation → the special law).

It does NOT understand arbitrary paraphrase (only the listed verb/phrase classes) nor which of two differently
worded subjects is narrower: it is a high-precision screen whose findings an official reviews.
An optional LLM judge (OpenAI-compatible endpoint in Settings) can be asked to confirm; it is never required.

Modules (each one stage of the checker; submodules import from each other, never from this package):
``words`` text utilities · ``quantities`` values and bounds · ``modals`` deontic markers · ``analysis`` one parse per
provision and the lexical comparisons · ``semantic`` the e5 same-matter fallback (clause encoder hook) · ``findings``
the detectors' result type · ``prevail`` legal rank and which provision prevails · ``retelling`` which side retells
the other · ``temporal`` amendments and validity in time · ``guards`` shared false-alarm guards · ``numeric``,
``modality``, ``scope`` the detectors · ``clauses`` clause units and their alignment · ``paraphrase`` plain words into
legal words · ``meaning`` the meaning pass of a retold pair · ``ranking`` restatement and look-alike doubts · ``pair``
``check_pair`` and the LLM judge · ``candidates`` candidate pairs · ``batch`` ``find_conflicts`` and the report's
weighing, ranking and de-duplication.
"""

# The package's public names, as ``assistant.conflicts`` exposed them when it was one module, and every stage module
# (``conflicts.<module>.<name>`` reaches a private helper where it lives). Module state (the clause encoder, the
# vector cache) lives in ``semantic`` only; the names below are the same objects, not copies.
from assistant.conflicts.analysis import Analysis, analyze, topic_similarity
from assistant.conflicts.batch import (
    RELATION_WEIGHT, RELATION_WEIGHT_PEER_FIELD, RELATION_WEIGHT_PEER_LAWS, SUPERSEDED_HINT_WEIGHT, CheckpointError,
    ConflictReport, annotate_chains, dedupe_conflicts, find_conflicts, rank_conflicts, relate_conflicts,
)
from assistant.conflicts.candidates import candidate_pairs, document_key, side_from_chunk, sparse_topk
from assistant.conflicts.clauses import Unit, aligned_units, clash_units, units
from assistant.conflicts.findings import KIND_SHORT_VI, KIND_VI, Finding, LLMJudge
from assistant.conflicts.meaning import ANTONYM_WINDOW_MIN, BOUND_FLIP_JACCARD, detect_antonym, detect_bound_flip
from assistant.conflicts.modality import MODAL_SEMANTIC_MIN, detect_modality
from assistant.conflicts.modals import Modal
from assistant.conflicts.numeric import detect_numeric
from assistant.conflicts.pair import check_pair, make_llm_judge
from assistant.conflicts.paraphrase import to_legal_words
from assistant.conflicts.prevail import (
    RULE_HIERARCHY, RULE_IN_FORCE, RULE_LATER, RULE_NON_NORMATIVE, RULE_NOTE, RULE_SPECIAL, decide_prevails,
    legal_rank,
)
from assistant.conflicts.quantities import COUNT_NOUNS, Quantity
from assistant.conflicts.ranking import DOUBT_WEIGHT, pd_topic, ranking_doubt, restatement
from assistant.conflicts.scope import SCOPE_SEMANTIC_MIN, detect_scope
from assistant.conflicts.semantic import (
    SEMANTIC_MAX_OVERLAP, SEMANTIC_MIN, TEMPLATE_OVERLAP, TEMPLATE_SLOT, clause_similarity, set_clause_encoder,
)
from assistant.conflicts.words import NUMBER_WORDS, STOPWORDS, canon

from assistant.conflicts import (  # noqa: E402,F401  (each stage module)
    analysis, batch, candidates, clauses, findings, guards, meaning, modality, modals, numeric, pair, paraphrase,
    prevail, quantities, ranking, retelling, scope, semantic, temporal, words,
)
