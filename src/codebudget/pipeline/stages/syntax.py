"""The syntax filter: the built-in version gate, always first — code that does not parse is never run.

Its verdict is the extraction's syntax check (stored with the extraction, so
nothing else is recorded); its reason is what the repair prompt is told.

Replay rule: a version whose code does not parse fails both suites in no time
(:mod:`codebudget.candidates.load`, :func:`codebudget.candidates.public_cost`);
the check itself is a parse and is not timed.
"""

from __future__ import annotations

import dataclasses

from codebudget.pipeline.stages.gates import SYNTAX_FILTER, VERSION, GateVerdict, register_stage
from codebudget.records import Problem
from codebudget.store import ExtractionRow

NO_CODE = "no Python code was found in the answer"


@dataclasses.dataclass(frozen=True)
class SyntaxFilter:
    """Lets through the versions whose extracted code parses."""

    name: str = SYNTAX_FILTER
    point: str = VERSION

    def check(self, problem: Problem, version: ExtractionRow) -> GateVerdict:
        """Passed when the answer held code and it parses."""
        if version.ok and version.syntax_ok:
            return GateVerdict(True)
        return GateVerdict(False, f"The code does not parse: {version.syntax_error or NO_CODE}")


SYNTAX = register_stage(SyntaxFilter())
