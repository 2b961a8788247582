"""codebudget: the most correct code from a small local model for a given time budget."""

__version__ = "0.1.0"
