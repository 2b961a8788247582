"""The pipeline's stages, one module each, each with its replay rule in its docstring:

- :mod:`.sample` — N candidates from one batched model call (round 0);
- :mod:`.extract` — the code out of the answer, and its syntax check;
- :mod:`.syntax` — the syntax filter, the built-in version gate;
- :mod:`.gates` — version gates in general: the shape a new stage takes, the
  registry of stages (:data:`STAGES`) and the one replay rule they share;
- :mod:`.test` — a test suite in the sandbox;
- :mod:`.repair` — one repair call from a failing version and its feedback
  (:mod:`.feedback` words what went wrong).

Stages return store rows; they do not write them (:mod:`codebudget.pipeline.task` does).
"""

from codebudget.pipeline.stages.extract import ExtractStage
from codebudget.pipeline.stages.feedback import feedback_text
from codebudget.pipeline.stages.gates import (
    STAGES,
    SYNTAX_FILTER,
    VERSION,
    GateStage,
    GateVerdict,
    VersionGate,
    get_stage,
    register_stage,
)
from codebudget.pipeline.stages.repair import RepairStage
from codebudget.pipeline.stages.sample import SampleStage, prompt_text
from codebudget.pipeline.stages.syntax import SYNTAX, SyntaxFilter
from codebudget.pipeline.stages.test import SUITES, TestStage

__all__ = [
    "STAGES",
    "SUITES",
    "SYNTAX",
    "SYNTAX_FILTER",
    "VERSION",
    "ExtractStage",
    "GateStage",
    "GateVerdict",
    "RepairStage",
    "SampleStage",
    "SyntaxFilter",
    "TestStage",
    "VersionGate",
    "feedback_text",
    "get_stage",
    "prompt_text",
    "register_stage",
]
