"""Punctuation of the genre, defined once: where a sentence ends and where a clause pauses.

Every stage that looks for the end of a sentence, a heading or a headline builds on these.
"""

from __future__ import annotations

import re

SENTENCE_END = "。！？!?"
"""Characters that end a sentence."""
SEMICOLON = "；;"
"""Semicolons: a clause ends, the sentence goes on (a long sentence is measured up to them)."""
COLON = "：:"
"""Colons: what follows explains or lists (a heading may end here)."""
PAUSE = SEMICOLON + COLON
"""Where a new item of a list may start inside a sentence."""


def char_class(chars: str) -> str:
    """A regular-expression character class of these characters."""
    return "[" + re.escape(chars) + "]"


SENTENCE = re.compile(char_class(SENTENCE_END))
"""The end of a sentence (a headline is the text up to it)."""
HEADING_END = re.compile(char_class(SENTENCE_END + COLON))
"""Where a heading that runs on into body text ends: a sentence end or a colon."""
CLAUSES = re.compile(f"[^{re.escape(SENTENCE_END + SEMICOLON)}\n]+{char_class(SENTENCE_END + SEMICOLON)}?")
"""A clause: text up to a sentence end or a semicolon (what the long-sentence rule measures)."""


def first_sentence(text: str) -> str:
    """The text up to and including its first sentence end (all of it when there is none)."""
    m = SENTENCE.search(text)
    return text[: m.end()] if m else text


def ends_sentence_or_pause(text: str) -> bool:
    """Does the text end at a sentence end or a pause (so that it is not a title, nor wrapped mid-sentence)?"""
    return bool(text) and text[-1] in SENTENCE_END + PAUSE
