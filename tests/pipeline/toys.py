"""Two tiny problems with public and hidden tests, for pipeline tests."""

from codebudget.records import Problem

ADD = Problem(
    task_id="toy/add",
    prompt='def add(a, b):\n    """Return a + b.\n    >>> add(1, 2)\n    3\n    """\n',
    entry_point="add",
    public_tests=("assert add(1, 2) == 3",),
    hidden_tests=("assert add(1, 2) == 3\nassert add(-5, 5) == 0\nassert add(10, 7) == 17",),
    benchmark="toy",
)

ABS = Problem(
    task_id="toy/absolute",
    prompt='def absolute(x):\n    """Return |x|.\n    >>> absolute(-3)\n    3\n    """\n',
    entry_point="absolute",
    public_tests=("assert absolute(-3) == 3",),
    hidden_tests=("assert absolute(-3) == 3\nassert absolute(4) == 4\nassert absolute(0) == 0",),
    benchmark="toy",
)
