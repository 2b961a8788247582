"""``codebudget solve``: one function of the user's own, written within a time budget.

:mod:`.stub` reads the stub and writes the answer back, :mod:`.tests_file` reads a tests
file, :mod:`.choice` and :mod:`.speed` choose N and K for the budget, :mod:`.plan` puts
them into a configuration, and :mod:`.run` runs the pipeline on the stub under a deadline.
"""
