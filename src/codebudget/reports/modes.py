"""The two selection modes a report shows, and the replay policy behind each one."""

from __future__ import annotations

from codebudget.analysis import SelectionMode

#: The replay/pipeline policy whose outcomes each selection mode reports.
POLICY_OF_MODE: dict[SelectionMode, str] = {
    SelectionMode.HONEST: "public-tests",
    SelectionMode.ORACLE: "oracle",
}

#: What each mode means, in the words every figure is labelled with.
MODE_MEANING: dict[SelectionMode, str] = {
    SelectionMode.HONEST: "the answer chosen by the public tests, graded on the hidden tests: what a user gets",
    SelectionMode.ORACLE: "success if any candidate passes the hidden tests: the seed paper's measure",
}

#: Short labels for figure legends and table headers.
MODE_LABEL: dict[SelectionMode, str] = {
    SelectionMode.HONEST: "honest (public-test selection)",
    SelectionMode.ORACLE: "oracle (any candidate passes hidden tests)",
}

#: Modes in the order reports show them: honest first.
MODES: tuple[SelectionMode, ...] = (SelectionMode.HONEST, SelectionMode.ORACLE)
