"""统一社会信用代码 (Unified Social Credit Code) check, GB 32100-2015.

Eighteen characters from the 31-character set ``0-9 A-Z`` without I, O, Z, S, V.
Position 18 is the check character:

    C18 = 31 - (Σ_{i=1..17} value(C_i) × W_i  mod 31),  with 31 written as 0,
    W = 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28   (3^(i-1) mod 31).

Reference: GB 32100-2015《法人和其他组织统一社会信用代码编码规则》, §4 and Appendix B,
https://openstd.samr.gov.cn/bzgk/gb/newGbInfo?hcno=24691C25985C1073D3A7C85629378AC0
"""

from __future__ import annotations

from dataclasses import dataclass

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {c: i for i, c in enumerate(CHARSET)}
LENGTH = 18


class UsccError(ValueError):
    """The text is not a valid USCC. ``code`` is a stable reason key, ``expected`` the check char."""

    def __init__(self, code: str, text: str, expected: str | None = None, position: int | None = None):
        self.code = code
        self.text = text
        self.expected = expected
        self.position = position
        super().__init__(f"{code}: {text!r}" + (f" (expected check character {expected})" if expected else ""))


@dataclass(frozen=True)
class Uscc:
    value: str

    @property
    def registration_authority(self) -> str:
        """Position 1: 登记管理部门代码 (9 = 工商/市场监管)."""
        return self.value[0]

    @property
    def division_code(self) -> str:
        """Positions 3-8: 登记管理机关行政区划码 (GB/T 2260)."""
        return self.value[2:8]


def normalize(text: str) -> str:
    """Upper-case, strip blanks and full-width forms (Ａ→A, １→1) a spreadsheet may carry."""
    out = []
    for ch in text.strip():
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            ch = chr(code - 0xFEE0)
        if not ch.isspace():
            out.append(ch)
    return "".join(out).upper()


def check_character(first17: str) -> str:
    """The check character for the first seventeen characters (which must be in CHARSET)."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def validate(text: str) -> Uscc:
    """Return the normalised code or raise ``UsccError`` naming what is wrong."""
    value = normalize(text)
    if len(value) != LENGTH:
        raise UsccError("length", value)
    for i, ch in enumerate(value):
        if ch not in _VALUE:
            raise UsccError("charset", value, position=i + 1)
    expected = check_character(value[:17])
    if value[17] != expected:
        raise UsccError("check", value, expected=expected)
    return Uscc(value)


def is_valid(text: str) -> bool:
    try:
        validate(text)
    except UsccError:
        return False
    return True
