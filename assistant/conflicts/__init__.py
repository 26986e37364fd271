"""Legal-contradiction checker: does one provision contradict another, and which one prevails?

Entry points
* ``check_pair(a, b, as_of=…, judge=…)`` (``pair``) compares two provisions (``ConflictSide``) and returns one
  ``Conflict`` labelled ``conflict``, ``no_conflict`` or ``superseded``, with the clashing spans on both texts, a
  confidence, a severity, the provision that prevails and the rule applied. Never raises on odd text.
* ``find_conflicts(collection, workdir=…)`` (``batch``) runs a whole indexed collection: candidate pairs of chunks
  from different documents, ``check_pair`` on each (resumable JSONL checkpoint), then weighing by document relation,
  ranking, de-duplication and chains of prevailing provisions, into a ``ConflictReport``.

What ``check_pair`` does, in order (``pair.check_pair``)
1. Parse both provisions once (``analysis.analyze``) and pair their clause units (khoản, điểm, sentences) whose
   content words overlap (``clauses.aligned_units``); when a paraphrase is expected (one side is no ranked legal
   document, or a local decision retells a central one: ``retelling``), also clause pairs joined only by a value
   clash and checked by meaning (``clauses.clash_units``, numeric findings only).
2. On each clause pair run the detectors: numeric (``numeric.detect_numeric``) – deadlines, amounts, ages,
   percentages, counts that disagree; modality (``modality.detect_modality``) – the same act permitted / forbidden,
   required / not required (not on items of penalty or grounds lists); scope (``scope.detect_scope``, not on list
   items, only without a numeric finding) – the same task given to two competent authorities. A time-bound
   transitional rule on one side only, or an exception ("trừ trường hợp …") that covers the other clause, drops the
   clause pair's findings.
3. Drop a numeric finding where a lower-ranked text only narrows the higher-ranked text's band.
4. Validity in time (``temporal``): if one text amends, replaces or repeals the other, or their validity periods do
   not overlap on the day of the check, the pair is ``superseded``, never a conflict (a date gap alone needs a
   finding or topic similarity ≥ 0.5; a text replacing the other's document by number needs neither).
5. Nothing found on a retold pair: the paraphrase pass (``pair._paraphrase_pass``: plain words into legal words,
   ``paraphrase``) and then the meaning pass (``meaning``). Never between two central documents.
6. A finding is ranked (``ranking``: restatement, parallel titles, different Pháp điển đề mục, look-alike doubts,
   two circulars of different issuers), the prevailing provision is decided (``prevail``), and an optional LLM judge
   (an OpenAI-compatible endpoint in Settings, ``pair.make_llm_judge``) may confirm; it is never required.

Which prevails (``prevail.decide_prevails``) follows the application rules of the Law on Promulgation of Legal
Documents (higher legal force; same issuer → later document; a "trừ trường hợp luật khác có quy định khác"
reservation → the special law).

It does NOT understand arbitrary paraphrase (only the listed verb/phrase classes) nor which of two differently
worded subjects is narrower: it is a high-precision screen whose findings an official reviews.

Each rule is described in the docstring of the module that implements it. Most rules came from error analysis on
the labelled pair sets (eval/data/conflicts/dev*.jsonl), each with a test; the tests are grouped by set:
* tests/test_conflicts.py: the first dev set (general Vietnamese legal phrasing), dev2 (phrasings the first dev set
  lacked), the retellings of issue #6 / dev4 and the paraphrase pass, batch ranking by document relation;
* tests/test_conflicts_dev5.py: a blind set of handbook/Q&A/leaflet retellings and provincial decisions;
* tests/test_conflicts_dev6.py: a blind set of antonymous acts, implied permissions and list bans (the meaning pass);
* tests/test_conflicts_dev7.py: a blind set of Luật/Nghị định numbers in other words, acts named otherwise and
  consent told otherwise; tests/test_conflicts_dev8.py, tests/test_conflicts_range.py, tests/test_conflicts_ranking.py,
  tests/test_conflicts_conf9.py (competence in retellings), tests/test_conflicts_conf10.py (opposite norms on an act
  named otherwise, by meaning), tests/test_conflicts_conf11.py (false alarms on retold pairs: a stricter internal
  deadline, another step or scope, a negated case, a justified refusal), tests/test_conflicts_conf12.py (a free
  service charged by a retelling, a unit's own decision retold, retold numbers by meaning),
  tests/test_conflicts_conf14.py (lead times, days of the year, digit shares, bracketed restatements, a retold value
  against the law's floor, numbered groups and member counts, "không nhất thiết", a ban on charging).

Modules (each one stage of the checker; submodules import from each other, never from this package):
* ``words`` – text utilities: stopwords, number words, paraphrase normalisation (``canon``), content syllables.
* ``quantities`` – values and their bounds (``Quantity``), unit normalisation, comparable / agree.
* ``modals`` – deontic markers that are norms and the act each governs (``Modal``).
* ``analysis`` – one parse per provision (``analyze``), authorities, "same subject", exception coverage.
* ``semantic`` – the e5 "same matter" fallback (clause encoder hook, ``clause_similarity``) and its gates.
* ``findings`` – the detectors' result type (``Finding``), severity, kind names, ``LLMJudge``.
* ``prevail`` – legal rank (``legal_rank``) and which provision prevails (``decide_prevails``).
* ``retelling`` – which side retells the other (handbook, guide, Q&A, local decision).
* ``temporal`` – amendments, replacements, repeals and validity in time (``superseded``).
* ``guards`` – false-alarm guards shared by the detectors.
* ``numeric``, ``modality``, ``scope`` – the three detectors.
* ``clauses`` – clause units and their alignment.
* ``paraphrase`` – plain words into legal words for the paraphrase pass.
* ``meaning`` – the meaning pass of a retold pair (antonyms, bound flips, list bans, consent, implied permissions).
* ``polarity`` – in that pass, opposite norms on one act named otherwise, compared by e5 (``detect_polarity``).
* ``fees`` – last in that pass, a service the law makes free against a charge for it (``detect_fee``).
* ``ranking`` – restatement and look-alike doubts (weights only, never a label).
* ``pair`` – ``check_pair``, the paraphrase pass and the LLM judge.
* ``candidates`` – candidate pairs for the batch job.
* ``batch`` – ``find_conflicts`` and the report's weighing by document relation, ranking and de-duplication.
"""

# The package's public names, as ``assistant.conflicts`` exposed them when it was one module, and every stage module
# (``conflicts.<module>.<name>`` reaches a private helper where it lives). Module state (the clause encoder, the
# vector cache) lives in ``semantic`` only; the names below are the same objects, not copies.
from assistant.conflicts.analysis import Analysis, analyze, topic_similarity
from assistant.conflicts.batch import (
    RELATION_WEIGHT, RELATION_WEIGHT_PEER_FIELD, RELATION_WEIGHT_PEER_LAWS, SUPERSEDED_HINT_WEIGHT, CheckpointError,
    ConflictReport, WorkerError, annotate_chains, dedupe_conflicts, find_conflicts, rank_conflicts, relate_conflicts,
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
from assistant.conflicts.polarity import POLARITY_SEMANTIC_MIN, detect_polarity
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
    analysis, batch, candidates, clauses, fees, findings, guards, meaning, modality, modals, numeric, pair,
    paraphrase, polarity, prevail, quantities, ranking, retelling, scope, semantic, temporal, words,
)
