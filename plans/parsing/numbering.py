"""Item numbering of Chinese official documents (GB/T 9704): 一、 （一） 1. （1）,
attachments 附件N, and the inline 一是…二是… style."""

import re

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9}
CN_NUM = "一二三四五六七八九十百零〇两"


def cn_to_int(text):
    """一 → 1, 十二 → 12, 二十 → 20, 一百零三 → 103; digits pass through."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            raise ValueError(text)
    return total + current


# (level, regex). The regex captures the number and the rest of the line.
# Digits must not be followed by another digit after the dot: 0.5% is no item.
PATTERNS = [
    ("attachment", re.compile(r"^附件\s*(\d+|[一二三四五六七八九十]+)?\s*[:：]?\s*(.*)$")),
    (1, re.compile(rf"^([{CN_NUM}]+)\s*[、.．]\s*(.+)$")),
    (2, re.compile(rf"^[（(]\s*([{CN_NUM}]+)\s*[）)]\s*(.+)$")),
    (3, re.compile(r"^(\d{1,3})\s*[.．、](?!\d)\s*(.+)$")),
    (4, re.compile(r"^[（(]\s*(\d{1,3})\s*[）)]\s*(.+)$")),
    (5, re.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩])\s*(.+)$")),
]
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


def match_item(line):
    """(level, number as written, number value, rest) or None."""
    for level, pattern in PATTERNS:
        m = pattern.match(line)
        if not m:
            continue
        number, rest = m.group(1), m.group(2)
        if level == "attachment":
            # "附件：" alone or "附件1 …" is an attachment heading; "附件中…" in prose is not.
            # "附件：1．…清单" opens the list of attachments.
            if number is None and not re.match(r"^附件\s*[:：]?\s*$", line) and \
                    not re.match(r"^附件\s*[:：]\s*(\d{1,2}|[一二三四五六七八九十])\s*[.．、]", line):
                continue
            return level, f"附件{number or ''}", cn_to_int(number) if number else 0, rest.strip()
        if level == 1 and len(number) > 3:
            continue
        if level == 5:
            return level, number, CIRCLED.index(number) + 1, rest.strip()
        return level, number, cn_to_int(number), rest.strip()
    return None


def starts_item(line):
    return match_item(line) is not None


_INLINE = re.compile(r"([一二三四五六七八九十]+)是[，,:：]?")


def split_inline(text):
    """Split '…：一是A；二是B；三是C。' into [(None, intro), ('一是', A), …] when the
    items count up from 一; otherwise [(None, text)]."""
    hits = [m for m in _INLINE.finditer(text)]
    seq, expected = [], 1
    for m in hits:
        try:
            value = cn_to_int(m.group(1))
        except ValueError:
            continue
        if value == expected and (m.start() == 0 or text[m.start() - 1] in "：:，,；;。 "):
            seq.append(m)
            expected += 1
    if len(seq) < 2:
        return [(None, text)]
    parts = [(None, text[: seq[0].start()].strip())] if seq[0].start() > 0 else []
    for i, m in enumerate(seq):
        end = seq[i + 1].start() if i + 1 < len(seq) else len(text)
        parts.append((m.group(1) + "是", text[m.end():end].strip().rstrip("；;")))
    return parts
