"""Search text helpers.

Enterprise names, codes and addresses are matched by substring, which for
Chinese needs no tokenizer: every term the user types must occur. (Long free
text — hazard descriptions — gets jieba tokens and full-text indexes in the
hazards module.)
"""

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFKC (full-width → half-width), lower-case, single spaces."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text or "")).strip().lower()


def build_search_text(*parts) -> str:
    return " ".join(normalize(str(p)) for p in parts if p)
