"""Legal structure stage (being split into a package: the former ``assistant/legal.py`` is ``relations.py`` for now).

Re-exports the names callers import from ``assistant.legal``.
"""

from assistant.legal.relations import *  # noqa: F401,F403
from assistant.legal.relations import _guess_plain_type  # noqa: F401
