"""The sort key of Chinese names (拼音排序): what the registry lists order by, stored in
``Enterprise.name_sort`` so that the database sorts (issue #13 item 18).

Each character becomes its pinyin with the tone digit (重庆 → chong2qing4, 西安 → xi1an1; the tone digit
ends the syllable, so 西安 sorts before 先 xian1), phrases read as pypinyin reads them (银行 yin2hang2);
other text is NFKC-folded and lower-cased (ＡＢＣ → abc). The key orders names as a pinyin dictionary
does; names that read alike are ordered by the name itself after it.
"""

from __future__ import annotations

import unicodedata

from pypinyin import Style, lazy_pinyin

MAX_LENGTH = 255


def name_sort_key(name: str | None) -> str:
    if not name:
        return ""
    text = unicodedata.normalize("NFKC", name).strip()
    syllables = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True, errors="default")
    return "".join(syllables).lower()[:MAX_LENGTH]
