"""Searchable pickers (issue 18): choosing enterprises, units and people by typing a few
characters of the name — or its pinyin initials ("wsq" finds 乌审旗…) — instead of scrolling
a long select or holding Ctrl in a multi-select.

The widgets stay plain <select> elements (a form posts exactly as before, and works without
script); static/js/zhiben.js turns each `select[data-picker]` into a Tom Select box (vendored,
static/vendor/tom-select) that searches the option text and its `data-initials`."""

from functools import lru_cache

from django import forms


@lru_cache(maxsize=20000)
def initials(text):
    """Pinyin initials of the Chinese characters of `text`, other characters as they are,
    lower case: "乌审旗恒通汽车运输有限责任公司" → "wsqhtqcysyxzrgs"."""
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(str(text), style=Style.FIRST_LETTER, errors="default")).lower()


class _Searchable:
    prompt = "输入名称或拼音首字母搜索"  # shown in the empty search box

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-picker": "1", "data-prompt": self.prompt, **(attrs or {})}, choices)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value not in (None, ""):
            option["attrs"]["data-initials"] = initials(label)
        return option


class Picker(_Searchable, forms.Select):
    """One enterprise, unit or person."""


class PickerMultiple(_Searchable, forms.SelectMultiple):
    """Several: each chosen one shows as a tag with a × to remove it."""
