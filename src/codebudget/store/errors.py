"""Errors raised by the store; each message is one line that names what went wrong."""

from __future__ import annotations

from codebudget.errors import CodebudgetError


class StoreError(CodebudgetError):
    """Base class for every error the store raises on purpose."""


class SchemaError(StoreError):
    """The database's schema cannot be used (newer than this code, or a migration failed)."""


class OutdatedSchemaError(SchemaError):
    """The store needs migrations that a read-only opening does not apply (a command that writes applies them)."""


class ConflictError(StoreError):
    """A row with the same key but different content already exists."""


class ImportFormatError(StoreError):
    """An export file cannot be read: bad gzip, bad JSON, unknown type, wrong fields."""
