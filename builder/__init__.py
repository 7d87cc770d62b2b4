"""Stagecraft: author, check and build court-ordered training programmes."""

__version__ = "0.1.0"
