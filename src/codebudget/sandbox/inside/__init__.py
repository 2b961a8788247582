"""Worker-side code: the fork server and the harness that run inside the sandbox.

Everything in this package uses the standard library only. The parent starts the
resolved interpreter with ``-I -S`` and imports :mod:`inside.server` from a
read-only copy of this directory; nothing here imports :mod:`codebudget`.
"""
