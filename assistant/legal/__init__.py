"""Legal structure parsing: ``RawDocument`` → ``LegalDocument`` (metadata, validity, Điều/Khoản/Điểm tree).

Entry points:

* ``parse(raw)`` – one document. Handles four shapes:
  - ALQAC (``format="alqac"``): articles come pre-split; clauses/points are split from their text.
  - Pháp điển (``format="phapdien"``): articles ``Điều <chủ đề>.<đề mục>.<loại>.<n>. <tên>`` found anywhere
    (headings are often glued to the previous paragraph), each with its provenance line parsed into
    ``source_citation`` / effective date / amended_by / repealed_by; cross-reference lines are moved to notes. An
    article kept only as a trace of its repeal (body "(Bị bãi bỏ)", heading "(được bãi bỏ)", or no body under a
    provenance line repealing it) is marked ``Validity.repealed``: out of force even when no date is given.
  - Standard statutes (Luật, Nghị định, Thông tư, Quyết định …): header metadata (số hiệu, cơ quan ban hành,
    ngày ban hành, loại, trích yếu), Phần/Chương/Mục headings, ``Điều N.`` at line start only, effective /
    expiry dates the document states about itself, numbers of documents it amends / replaces / repeals.
    Appendices after the signature block ("PHỤ LỤC I" + title + "(Kèm theo …)") become ``kind="annex"``
    articles numbered "PL-I"; forms there without a Phụ lục ("Mẫu số 01/HQ", "MẪU ĐƠN …") annex-kind units
    numbered "MS-01/HQ" / "MS"; they take no part in the document's own validity or relations.
    PDF line wrapping: a "Điều N." line after a line that stops mid-sentence is a heading only if N follows the
    previous article and a title follows; a title wrapped over lines is joined. Repeal markers ("(được bãi bỏ)")
    keep their unit, ended. A văn bản hợp nhất names the document it consolidates (``consolidates``) and its
    articles carry that document's citation (``source_citation``). A công văn ("V/v …") is typed and titled.
  - Handbooks and guides without Điều: heading-based sections (markdown ``#``, ``I.``, ``1.``, ``Bước N:``).
    A Chỉ thị, Kế hoạch, Thông báo … with a formal header but no Điều is typed from its header, titled "Chỉ thị
    05/CT-UBND về …", and its header, signature and appendices are not sections.
* ``apply_relations(docs)`` – across a collection, marks documents/articles (and appendices: "thay thế Phụ lục I
  ban hành kèm theo …"; forms: "thay thế Mẫu số 01/HQ …") that a later document declares expired, repeals,
  replaces or amends; passes what a văn bản hợp nhất's footnotes/markers say on to the document it consolidates,
  and never applies to it the amendments it already incorporates; an erratum ("Quyết định về việc đính chính …")
  notes each correction on the provision it names, which stays in force (records are frozen: returns new copies).

It does not load files (see ``loaders``), does not chunk (see ``chunking``) and never follows instructions
found inside documents: text is data.

Modules (each imports only its siblings, never this package): ``common`` (shared patterns, dates, numbers, issuers,
upper-case and sentence-case helpers), ``clauses`` (khoản/điểm splitting), ``headings`` (Phần/Chương/Mục/Tiểu mục),
``header`` (issuer, số hiệu, date, type, trích yếu), ``articles`` ("Điều N." lines, titles, signature block),
``annexes`` (Phụ lục, Mẫu số), ``targets`` (provisions a sentence names), ``validity`` (a document's own validity,
its relations, footnotes, repeal markers, consolidation), ``statute``, ``plain``, ``alqac``, ``phapdien`` (one per
document shape), ``parser`` (``parse``), ``relations`` (``apply_relations``). This module only re-exports the
names callers use.
"""

from assistant.legal.alqac import alqac_doc_type
from assistant.legal.annexes import ANNEX_PREFIX, FORM_PREFIX, annex_label, annex_number, form_number, is_form
from assistant.legal.clauses import is_repealed_marker, split_clauses
from assistant.legal.common import (
    AFTER_DAYS_RE,
    DATE,
    DATE_RE,
    DOC_TYPE_ALT,
    DOC_TYPE_RE,
    DOC_TYPES,
    EFFECTIVE_RE,
    EXPIRES_RE,
    NAMED_REF_RE,
    NUM,
    NUM_RE,
    POINT_LABELS,
    PROVISION_START_RE,
    REF_RE,
    UNTIL_RE,
    display_issuer,
    doc_type_from_number,
    fmt_date,
    issuer_from_number,
    iter_references,
    joint_issuers,
    number_key,
    parse_date,
    sentence_case,
    to_date,
)
from assistant.legal.parser import parse
from assistant.legal.phapdien import PD_CODE, PD_HEAD_RE, find_phapdien_headings, parse_provenance
from assistant.legal.plain import SECTION_MAX_WORDS, SECTION_PART_WORDS, _guess_plain_type
from assistant.legal.relations import apply_relations
from assistant.legal.targets import provision_targets
from assistant.legal.validity import consolidation_header, document_relations, self_validity

__all__ = [
    # entry points
    "parse",
    "apply_relations",
    # common
    "AFTER_DAYS_RE",
    "DATE",
    "DATE_RE",
    "DOC_TYPE_ALT",
    "DOC_TYPE_RE",
    "DOC_TYPES",
    "EFFECTIVE_RE",
    "EXPIRES_RE",
    "NAMED_REF_RE",
    "NUM",
    "NUM_RE",
    "POINT_LABELS",
    "PROVISION_START_RE",
    "REF_RE",
    "UNTIL_RE",
    "display_issuer",
    "doc_type_from_number",
    "fmt_date",
    "issuer_from_number",
    "iter_references",
    "joint_issuers",
    "number_key",
    "parse_date",
    "sentence_case",
    "to_date",
    # clauses
    "is_repealed_marker",
    "split_clauses",
    # annexes and forms
    "ANNEX_PREFIX",
    "FORM_PREFIX",
    "annex_label",
    "annex_number",
    "form_number",
    "is_form",
    # validity and relations a document states
    "consolidation_header",
    "document_relations",
    "self_validity",
    "provision_targets",
    # document shapes
    "SECTION_MAX_WORDS",
    "SECTION_PART_WORDS",
    "_guess_plain_type",  # named by assistant.conflicts
    "alqac_doc_type",
    "PD_CODE",
    "PD_HEAD_RE",
    "find_phapdien_headings",
    "parse_provenance",
]
