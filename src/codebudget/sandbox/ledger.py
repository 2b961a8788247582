"""The parent's record of one execution's split assertions: it answers probes and keeps score.

For each test that :func:`~codebudget.sandbox.split.split_test` split, the ledger
expects the values of its assertions in order, each exactly once. It judges each
value as it arrives (:mod:`codebudget.sandbox.expect`) and answers the candidate's
process with pass or fail. What the candidate's process reports about these tests
afterwards counts for nothing on its own: a split test passes only when the ledger
saw every one of its values and judged each one right.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from codebudget.sandbox.expect import ERROR, Expectation, Judgement, judge_value, refused
from codebudget.sandbox.inside.values import Malformed, decode
from codebudget.sandbox.split import SplitTest

TAMPERED = "the program interfered with the test harness"


@dataclasses.dataclass(frozen=True)
class TestRecord:
    """What the ledger knows about one split test once the execution is over."""

    answered: int
    expected: int
    failure: Judgement | None = None
    failing_line: int | None = None

    @property
    def passed(self) -> bool:
        return self.failure is None and self.answered == self.expected


class Ledger:
    """Answers the probes of one execution; one instance per attempt."""

    def __init__(self, splits: tuple[SplitTest | None, ...]) -> None:
        self.splits = splits
        self._answered = [0] * len(splits)
        self._failures: dict[int, tuple[Judgement, int]] = {}

    def is_split(self, test: int) -> bool:
        return 0 <= test < len(self.splits) and self.splits[test] is not None

    def answer(self, line: Any) -> dict[str, Any]:
        """The reply to one probe line from the candidate's process."""
        judgement = self._judge(line)
        if judgement.passed:
            return {"ok": True}
        return {"ok": False, "error": judgement.error[:1000]}

    def _judge(self, line: Any) -> Judgement:
        try:
            message = json.loads(line) if isinstance(line, str) else None
        except ValueError:
            message = None
        if not isinstance(message, dict):
            return Judgement(ERROR, f"{TAMPERED}: a malformed value message")
        test, index = message.get("t"), message.get("k")
        if type(test) is not int or not self.is_split(test):
            return Judgement(ERROR, f"{TAMPERED}: a value for a test that has no split assertions")
        split = self.splits[test]
        assert split is not None
        if test in self._failures:
            return self._failures[test][0]
        if type(index) is not int or index != self._answered[test] or index >= len(split.expectations):
            return self._fail(test, -1, Judgement(ERROR, f"{TAMPERED}: values out of order"))
        expectation = split.expectations[index]
        judgement = self._judge_value(expectation, message)
        self._answered[test] += 1
        if not judgement.passed:
            self._fail(test, expectation.line, judgement)
        return judgement

    def _judge_value(self, expectation: Expectation, message: dict[str, Any]) -> Judgement:
        if "refused" in message:
            return refused(str(message["refused"])[:300])
        try:
            value = decode(message.get("v"))
        except Malformed as exc:
            return Judgement(ERROR, f"{TAMPERED}: a malformed value ({exc})")
        return judge_value(expectation, value)

    def _fail(self, test: int, line: int, judgement: Judgement) -> Judgement:
        self._failures.setdefault(test, (judgement, line))
        return judgement

    def record(self, test: int) -> TestRecord | None:
        """The ledger's record of ``test``, or None when the test was not split."""
        split = self.splits[test] if 0 <= test < len(self.splits) else None
        if split is None:
            return None
        failure = self._failures.get(test)
        return TestRecord(
            answered=self._answered[test],
            expected=len(split.expectations),
            failure=failure[0] if failure else None,
            failing_line=failure[1] if failure and failure[1] > 0 else None,
        )
