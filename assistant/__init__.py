"""Vietnamese legal assistant: ingest → structure → chunk → index → retrieve → answer / conflicts."""

__version__ = "0.1.0"
