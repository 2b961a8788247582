"""The durable store: one SQLite database (WAL) of runs, tasks, generations and results.

Open it with :meth:`Store.open`; it creates the file or applies missing
numbered migrations. Code that only reads opens it with
:meth:`Store.open_read_only` (``mode=ro``: nothing in the file changes, and a
store in a read-only folder can be read). Records are keyed by configuration
hash, task, sample index and repair round; exports are stable, mergeable
``.jsonl.gz`` files.
"""

from codebudget.store.errors import ConflictError, ImportFormatError, OutdatedSchemaError, SchemaError, StoreError
from codebudget.store.jsonl import ImportReport
from codebudget.store.records import (
    BehaviourRow,
    EvidenceRow,
    PreparationRow,
    ExecutionRow,
    ExtractionRow,
    GeneratedTestsRow,
    GenerationKey,
    GenerationRow,
    RunRow,
    Selection,
    TaskResultRow,
    TaskWorkerRow,
)
from codebudget.store.store import Store

__all__ = [
    "BehaviourRow",
    "EvidenceRow",
    "PreparationRow",
    "ConflictError",
    "ExecutionRow",
    "ExtractionRow",
    "GeneratedTestsRow",
    "GenerationKey",
    "GenerationRow",
    "ImportFormatError",
    "ImportReport",
    "OutdatedSchemaError",
    "RunRow",
    "SchemaError",
    "Selection",
    "Store",
    "StoreError",
    "TaskResultRow",
    "TaskWorkerRow",
]
