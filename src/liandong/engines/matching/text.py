"""Chinese text for matchmaking: normalisation (full-/half-width, case), jieba segmentation with a
domain dictionary (chain node names, keywords, products) and an industry synonym table, so that
"IGBT", "绝缘栅双极晶体管" and "功率半导体模块" meet, as do "T-Box" and "车载通信终端"."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import jieba

jieba.setLogLevel(60)

SYNONYMS: dict[str, tuple[str, ...]] = {
    # concept: variants buyers and sellers write (the concept itself is also a token)
    "igbt": ("igbt", "绝缘栅双极晶体管", "绝缘栅双极型晶体管", "功率模块", "igbt模块"),
    "功率半导体": ("功率半导体", "功率器件", "电力电子器件", "mosfet", "功率芯片"),
    "碳化硅": ("碳化硅", "sic", "第三代半导体", "宽禁带"),
    "氮化镓": ("氮化镓", "gan"),
    "晶圆代工": ("晶圆代工", "晶圆制造", "代工", "foundry", "流片"),
    "光刻胶": ("光刻胶", "photoresist", "光阻", "krf胶", "arf胶"),
    "封装测试": ("封装测试", "封测", "封装", "osat", "芯片测试"),
    "eda": ("eda", "芯片设计软件", "电子设计自动化"),
    "mcu": ("mcu", "单片机", "微控制器"),
    "传感器": ("传感器", "sensor", "感知器件"),
    "激光雷达": ("激光雷达", "lidar"),
    "毫米波雷达": ("毫米波雷达", "mmwave"),
    "tbox": ("tbox", "t-box", "车载通信终端", "车联网终端", "远程信息处理器", "telematics"),
    "辅助驾驶": ("辅助驾驶", "adas", "智能驾驶", "自动驾驶"),
    "电池管理系统": ("电池管理系统", "bms"),
    "动力电池": ("动力电池", "锂电池", "电芯", "电池包", "pack"),
    "电驱动": ("电驱动", "电驱", "三合一电驱", "电驱总成"),
    "驱动电机": ("驱动电机", "牵引电机"),
    "电机控制器": ("电机控制器", "电机控制单元"),
    "充电桩": ("充电桩", "充电设施", "充电机"),
    "cro": ("cro", "合同研究组织", "临床研究外包", "临床试验服务"),
    "cdmo": ("cdmo", "cmo", "合同生产", "委托生产", "定制研发生产"),
    "原料药": ("原料药", "api原料"),
    "医疗器械": ("医疗器械", "医疗设备"),
    "数控机床": ("数控机床", "cnc", "加工中心", "机床"),
    "工业机器人": ("工业机器人", "机械臂", "机器人"),
    "减速器": ("减速器", "减速机", "rv减速器", "谐波减速器"),
    "伺服": ("伺服", "伺服电机", "伺服系统", "servo"),
    "plc": ("plc", "可编程控制器", "可编程逻辑控制器"),
    "pcb": ("pcb", "印制电路板", "线路板", "电路板"),
    "注塑": ("注塑", "注塑件", "塑料件"),
    "冲压": ("冲压", "冲压件", "钣金"),
    "铸造": ("铸造", "铸件", "压铸", "压铸件"),
}
VARIANT_TO_CONCEPT = {v: concept for concept, variants in SYNONYMS.items() for v in variants}
STOPWORDS = frozenset(["的", "和", "与", "及", "或", "等", "采购", "需要", "需求", "寻找", "求购", "提供", "供应", "我们", "公司", "企业", "有限", "股份", "批量", "相关", "一批", "用于", "月", "年", "个", "家", "台", "套", "件", "吨",
                       # function characters: never part of an unknown product word's run
                       "我", "司", "需", "请", "有", "约", "拟", "要", "求", "为", "在", "是", "对", "按", "每", "并",
                       "将", "可", "以", "其", "该", "此"])
# Procurement boilerplate: words in almost every need or offer that say nothing about the product
# (dropped unless a chain node uses them as a keyword).
BOILERPLATE = frozenset([
    "我司", "急需", "拟", "长期", "首批", "数量", "左右", "预计", "批次", "要求", "需提供", "样品", "资质", "意向",
    "有意", "厂家", "联系", "请", "价格", "面议", "预算", "充足", "含税", "运费", "优先", "本地", "交期", "合作",
    "新品", "上市", "品质", "高品质", "保证", "规格", "型号", "齐全", "现货", "量大", "从优", "直销", "售后",
    "无忧", "性价比", "欢迎", "来电", "洽谈", "支持", "来图", "来样", "主营", "专业", "生产", "销售", "基地",
    "配套", "服务", "产品", "系列", "整体", "方案", "国标", "符合", "报告",
    "产线", "升级", "改造", "扩产", "新建", "试制", "用量"])  # what the purchase is for, not what it is
_BLOCK = re.compile(jieba.re_han_default.pattern)  # what jieba cuts as one piece of text
CACHE_BLOCKS = 500_000
_ALNUM = re.compile(r"[a-z0-9]")
_LATIN_WORD = re.compile(r"[a-z0-9]+")
_NUMBER = re.compile(r"^[\d.]+$")
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
_SCRIPTS = re.compile(r"[a-z0-9.\-]+|[^\x00-\x7f]+")


def _unknown_char(piece: str) -> bool:
    """A piece jieba cut as one character it does not join to others (not a function character)."""
    return len(piece) == 1 and piece.isalnum() and not piece.isascii() and piece not in STOPWORDS


def normalise(text: str) -> str:
    """Full-width letters, digits and brackets to half-width, lower case (NFKC)."""
    return unicodedata.normalize("NFKC", text or "").lower()


class Analyzer:
    """Tokens for BM25: jieba words, with domain terms kept whole and synonyms folded to a concept.
    ``plain`` is the baseline without the domain dictionary or synonyms. ``terms`` tells which tokens
    of a text are whole words there (for reasons) and how the text writes them."""

    def __init__(self, domain_words: Iterable[str] = (), *, plain: bool = False):
        self.plain = plain
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.initialize()
        self.domain: set[str] = set()
        self._cache: dict[str, tuple[str, ...]] = {}
        self._whole_cache: dict[str, tuple[tuple[str, int, int], ...]] = {}  # block → its whole words
        if not plain:
            for word in {*domain_words, *VARIANT_TO_CONCEPT}:
                word = normalise(word).strip()
                if len(word) >= 2:
                    self.tokenizer.add_word(word, freq=200_000)
                    self.domain.add(word)

    def tokens(self, text: str) -> list[str]:
        """The tokens of each block of ``text`` — jieba cuts the runs of Han characters, Latin letters
        and digits (its ``re_han_default``) independently, so a block's tokens are the same wherever it
        stands and are remembered: product texts repeat their phrases (型号齐全, 电芯)."""
        out: list[str] = []
        for block in _BLOCK.findall(normalise(text)):
            cached = self._cache.get(block)
            if cached is None:
                if len(self._cache) >= CACHE_BLOCKS:
                    self._cache.clear()
                cached = self._cache[block] = tuple(self._block_tokens(block))
            out.extend(cached)
        return out

    def _block_tokens(self, text: str) -> list[str]:
        return [token for token, _start, _end in self._block_spans(text)]

    def _block_spans(self, text: str) -> list[tuple[str, int, int]]:
        """(token, start, end) in ``text``. Words in search mode (a long word also yields the
        dictionary words inside it: 晶圆代工 → 晶圆, 代工, 晶圆代工), mixed Latin–Chinese words split at
        the script boundary (krf光刻胶 → krf, 光刻胶), each variant folded to its concept. A word jieba
        does not know comes out as single characters: a run of them is kept as one word with its
        bigrams (极耳胶 → 极耳胶, 极耳, 耳胶). Boilerplate and bare numbers are dropped unless a node
        names them (4680)."""
        out: list[tuple[str, int, int]] = []
        run: list[tuple[str, int]] = []

        def unknown_word() -> None:
            if len(run) >= 2:
                words = [("".join(ch for ch, _ in run), run[0][1], run[-1][1] + 1),
                         *((a + b, i, j + 1) for (a, i), (b, j) in zip(run, run[1:], strict=False))]
                out.extend(w for w in words[:1 if len(run) == 2 else None] if w[0] not in BOILERPLATE)
            run.clear()

        if self.plain:
            for piece, start, end in self.tokenizer.tokenize(text, HMM=False):
                word = _PUNCT.sub("", piece)
                if word and word not in STOPWORDS and (len(word) > 1 or word.isascii()):
                    out.append((word, start, end))
            return out

        def inside_latin_word(i: int) -> bool:
            return 0 < i < len(text) and _ALNUM.match(text[i - 1]) is not None and _ALNUM.match(text[i]) is not None

        broken, whole = {}, set()  # Latin words jieba cut into (ct in product); those it kept whole
        for piece, start, end in self.tokenizer.tokenize(text, mode="search", HMM=False):
            if inside_latin_word(start) or inside_latin_word(end):
                latin = next(m for m in _LATIN_WORD.finditer(text) if m.start() <= start < m.end())
                broken[latin.start()] = (latin.group(), latin.end())
                continue
            word = _PUNCT.sub("", piece)
            if word.isascii():
                whole.add(start)
            if len(word) == 1 and not word.isascii() and word not in STOPWORDS:
                run.append((word, start))
                continue
            unknown_word()
            if not word or word in STOPWORDS or len(word) == 1 and not word.isascii():
                continue
            if (word in BOILERPLATE or _NUMBER.match(word)) and word not in self.domain:
                continue
            parts = [(word, start, end)]
            if not word.isascii() and any(ch.isascii() for ch in word):
                for m in _SCRIPTS.finditer(word):
                    if len(m.group()) >= 2:
                        at = piece.find(m.group())
                        parts.append((m.group(), start + at, start + at + len(m.group())) if at >= 0 else
                                     (m.group(), start, end))
            for part, a, b in parts:
                out.append((VARIANT_TO_CONCEPT.get(part, part), a, b))
        unknown_word()
        out += [(VARIANT_TO_CONCEPT.get(w, w), start, end) for start, (w, end) in broken.items()
                if start not in whole and not _NUMBER.match(w) and w not in BOILERPLATE]
        return out

    def _word_edges(self, text: str) -> set[int]:
        """Where whole words of ``text`` begin and end: jieba's words (a run of characters it does not
        know is one word), script changes (krf|光刻胶), and inside a long word the edges of the shorter
        words it is made of when each has two characters or more (智能|手机, 摄像头|模组; 传感器 stays
        whole, so 感器 is a piece of it, not a word)."""
        edges = {0, len(text)}
        pieces = list(self.tokenizer.tokenize(text, HMM=False))
        for i, (piece, start, _end) in enumerate(pieces):
            if not (i and _unknown_char(piece) and _unknown_char(pieces[i - 1][0])):
                edges.add(start)  # no edge inside a run of characters jieba does not know
            if len(piece) >= 3 and not piece.isascii():
                edges.update(start + cut for cut in self._compound_cuts(piece))
        for i in range(1, len(text)):
            before, after = text[i - 1], text[i]
            if _ALNUM.match(before) and _ALNUM.match(after):
                edges.discard(i)  # never inside a Latin word (ct of product)
            elif before.isascii() != after.isascii():
                edges.add(i)
        return edges

    def _compound_cuts(self, word: str) -> list[int]:
        """Inner edges of ``word`` when jieba's best cut of it into shorter dictionary words has only
        words of two characters or more; none otherwise."""
        dag = self.tokenizer.get_DAG(word)
        dag[0] = [j for j in dag[0] if j != len(word) - 1] or [0]
        route: dict = {}
        self.tokenizer.calc(word, dag, route)
        cuts, x = [], 0
        while x < len(word):
            y = route[x][1] + 1
            if y - x < 2:
                return []
            cuts.append(y)
            x = y
        return cuts[:-1]

    def terms(self, text: str) -> dict[str, str]:
        """Each token of ``text`` that stands for a whole word there, with that word as written
        (full-width forms made half-width, case kept): 传感器 for 传感器 but no 感器, 智能手机 and 手机
        but no 能手; a synonym's concept with the variant the text uses (igbt → IGBT模块). The first
        occurrence names a token; a token found only inside longer words is left out."""
        shown = unicodedata.normalize("NFKC", text or "")
        norm = shown.lower()
        if len(norm) != len(shown):
            shown = norm
        out: dict[str, str] = {}
        for block in _BLOCK.finditer(norm):
            words = self._whole_cache.get(block.group())
            if words is None:
                if len(self._whole_cache) >= CACHE_BLOCKS // 5:
                    self._whole_cache.clear()
                words = self._whole_cache[block.group()] = self._block_words(block.group())
            for token, start, end in words:
                if token not in out:
                    out[token] = shown[block.start() + start:block.start() + end]
        return out

    def _block_words(self, text: str) -> tuple[tuple[str, int, int], ...]:
        """The spans of ``_block_spans`` that are whole words (all of them for the plain analyzer)."""
        spans = self._block_spans(text)
        if self.plain:
            return tuple(spans)
        edges = self._word_edges(text)
        return tuple((token, start, end) for token, start, end in spans if start in edges and end in edges)
