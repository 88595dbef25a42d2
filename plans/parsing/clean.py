"""Undo the noise of converted documents without changing the words.

- `[bookmark: …]` marks and similar converter debris are removed;
- stray spaces between Chinese characters are removed (安全生产 治本 → 安全生产治本),
  while spaces between Latin letters or digits stay;
- lines broken mid-sentence (page or column breaks) are joined again, but a
  line that starts a new numbered item always starts a new paragraph.
"""

import re

from .numbering import starts_item

_BOOKMARK = re.compile(r"\[(?:bookmark|_?Toc|page)[^\]]*\]", re.I)
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"，。、；：？！“”‘’（）《》〔〕【】—…·"
# A space (any width) with a Chinese character or Chinese punctuation on either side.
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}{_CJK_PUNCT}])[ \u3000\xa0]+|[ \u3000\xa0]+(?=[{_CJK}{_CJK_PUNCT}])")
_TERMINAL = tuple("。；！？：:;!?”’）)") + ("。”",)
# Three or more spaces (or two full-width ones) inside a line align columns, as in a
# leading-group list ("罗玉斌     旗交通运输局副局长"): keep them as a cell separator.
_WIDE_GAP = re.compile(r"(?<=\S)(?:[ \xa0]{3,}|\u3000{2,}|[ \u3000\xa0]*\t[ \u3000\xa0]*)(?=\S)")


_ROLE_START = re.compile(r"^((?:组\s*长|副\s*组\s*长|成\s*员|办\s*公\s*室\s*主\s*任)\s*[:：]\s*)(.+)$")
_POSITION = re.compile(r"(长|主任|书记|员|负责人|工程师|干部|同志)$")


def names_apart(line):
    """'成员：王刚 李娜 赵磊' → '成员：王刚、李娜、赵磊': in a member line a space between two
    names separates them, while the spaces that pad a two-character name (高  兵) do not."""
    m = _ROLE_START.match(line)
    if not m or "\t" in line:
        return line
    tokens = [t for t in re.split(r"[ \u3000\xa0]+", m.group(2).strip()) if t]
    names = []
    for token in tokens:
        if names and len(token) == 1 and len(names[-1]) == 1:
            names[-1] += token  # 高 兵
        elif names and _POSITION.search(token) and "\t" not in names[-1]:
            names[-1] += "\t" + token  # a position after the name
        else:
            names.append(token)
    if not names or any(len(n.split("\t")[0]) > 4 or not re.fullmatch(rf"[{_CJK}]+", n.split("\t")[0])
                             for n in names):
        return line
    if len(names) == 1:
        return m.group(1) + names[0]
    return m.group(1) + "、".join(n.split("\t")[0] for n in names)


def squeeze(text):
    """Remove spaces that sit next to Chinese text (they are layout, not words)."""
    return _SPACE_NEAR_CJK.sub("", text)


def clean_lines(text):
    """Text → list of logical lines, noise removed, broken sentences rejoined."""
    text = _BOOKMARK.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n"))
    # Trailing tabs stay: they are the empty last cells of a table row.
    raw = [line.rstrip(" \u3000\xa0") for line in text.split("\n")]
    out = []
    for line in raw:
        # Keep leading tabs: an empty first cell is still a cell of a table row.
        stripped = names_apart(_WIDE_GAP.sub("\t", line.strip(" \u3000\xa0")))
        if not stripped.strip():
            continue
        if "\t" in stripped:  # a table row: keep as its own line, cells squeezed
            out.append("\t".join(squeeze(c.strip(" \u3000\xa0")) for c in stripped.split("\t")))
            continue
        piece = squeeze(stripped)
        if out and _continues(out[-1], piece):
            out[-1] += piece
        else:
            out.append(piece)
    return out


def _continues(previous, line):
    """Does `line` carry on the sentence `previous` left unfinished?"""
    if starts_item(line) or "\t" in previous:
        return False
    if previous.endswith(_TERMINAL):
        return False
    # A short title line (no sentence in it) is not joined to the paragraph after it.
    if len(previous) < 30 and "。" not in previous and not re.search(r"[，、]$", previous) and len(line) > 40:
        return False
    # Join when the previous line looks cut: long, mid-clause, or a numbered item whose body began.
    return len(previous) >= 30 or previous.endswith(("，", "、", "和", "及", "与")) or "。" in previous
