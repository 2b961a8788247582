"""From model output to a program: code extraction, the prompt's pieces, the syntax check.

>>> from codebudget.extraction import extract
>>> extract(problem, answer, mode="chat").code  # doctest: +SKIP
"""

from codebudget.extraction.extract import MODES, Extracted, Mode, extract
from codebudget.extraction.program import PromptPieces, prompt_pieces

__all__ = ["MODES", "Extracted", "Mode", "PromptPieces", "extract", "prompt_pieces"]
