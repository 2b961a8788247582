"""The root of codebudget's own errors: each one is shown to users as one line."""


class CodebudgetError(Exception):
    """An expected failure with a message fit for the user (bad input, missing file, server down)."""
