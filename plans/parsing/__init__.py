"""Plan document parser (see parser.py). Public API: parse_file, parse_text, UnreadableDocument."""

from .parser import parse_file, parse_text
from .reader import UnreadableDocument

__all__ = ["parse_file", "parse_text", "UnreadableDocument"]
