"""The matching engine on a hand-made district: cross-chain suppliers are found, the buyer is never
suggested, a decline ranks down, jargon and full-width text match, names resolve."""

from __future__ import annotations

import polars as pl
from hypothesis import example, given, settings
from hypothesis import strategies as st

from liandong.engines.matching import Analyzer, MatchData, Matcher, core_name, normalise, resolve

NODES = [
    ("ic.up.mat.photoresist", "光刻胶", "ic", "集成电路", "ic.up.mat", ["光刻胶", "KrF", "ArF"]),
    ("ic.mid.fab", "晶圆制造", "ic", "集成电路", "ic.mid", ["晶圆", "代工"]),
    ("ic.mid.design.auto", "车规芯片设计", "ic", "集成电路", "ic.mid.design", ["车规", "MCU"]),
    ("ic.mid.design.power", "功率半导体", "ic", "集成电路", "ic.mid.design", ["IGBT", "功率器件"]),
    ("auto.up.elec.chip", "车规芯片", "auto", "汽车及新能源汽车", "auto.up.elec", ["车规级芯片"]),
    ("auto.mid.mfg.pv", "乘用车制造", "auto", "汽车及新能源汽车", "auto.mid.mfg", ["整车"]),
]
ENTERPRISES = [
    # id, uscc, name, park, local, city, above_scale, quals, text
    (1, "U1", "天津光阻材料有限公司", "P1", True, True, False, 0, "KrF光刻胶 显影液"),
    (2, "U2", "天津晶圆代工有限公司", "P1", True, True, True, 2, "8英寸晶圆代工 特色工艺"),
    (3, "U3", "天津芯驰车规半导体有限公司", "P2", True, True, True, 1, "车规级MCU 芯片设计"),
    (4, "U4", "天津功率器件有限公司", "P2", True, True, False, 0, "绝缘栅双极晶体管 功率模块"),
    (5, "U5", "天津整车制造有限公司", "P2", True, True, True, 0, "乘用车 新能源整车"),
    (6, "U6", "北京远方光阻有限公司", None, False, False, False, 0, "光刻胶"),
]
POSITIONS = [(1, "ic.up.mat.photoresist"), (2, "ic.mid.fab"), (3, "ic.mid.design.auto"),
             (4, "ic.mid.design.power"), (5, "auto.mid.mfg.pv"), (6, "ic.up.mat.photoresist")]
EDGES = [("ic.up.mat.photoresist", "ic.mid.fab"), ("ic.mid.design.auto", "auto.up.elec.chip"),
         ("auto.up.elec.chip", "auto.mid.mfg.pv")]


def data(deals=()) -> MatchData:
    return MatchData(
        enterprises=pl.DataFrame(ENTERPRISES, orient="row", schema={
            "enterprise": pl.Int64, "uscc": pl.String, "name": pl.String, "park": pl.String, "local": pl.Boolean,
            "city": pl.Boolean, "above_scale": pl.Boolean, "quals": pl.Int64, "text": pl.String}),
        positions=pl.DataFrame(POSITIONS, orient="row", schema={"enterprise": pl.Int64, "node": pl.String}),
        nodes=pl.DataFrame([{"code": c, "name": n, "chain": ch, "chain_name": cn, "parent": p, "keywords": k, "level": 3}
                            for c, n, ch, cn, p, k in NODES]),
        edges=pl.DataFrame(EDGES, orient="row", schema={"source": pl.String, "target": pl.String}),
        deals=pl.DataFrame(list(deals), orient="row", schema={"buyer": pl.Int64, "supplier": pl.Int64, "deals": pl.Int64}))


def test_a_need_on_a_node_served_only_from_another_chain():
    matcher = Matcher(data())
    results = matcher.match("采购车规芯片", buyer=5, nodes=["auto.up.elec.chip"])
    assert results[0].uscc == "U3"
    assert "供应链路径：车规芯片设计（集成电路） → 车规芯片（汽车及新能源汽车）" in results[0].reasons


def test_chain_fit_gives_a_gaps_feeders_full_weight_and_a_second_guess_less():
    matcher = Matcher(data())
    row = {uscc: matcher.row[e] for uscc, e in matcher.by_uscc.items()}
    fab = matcher._chain_fit(["ic.mid.fab"], [1.0])  # U2 is on it; U1 and U6 feed it
    assert fab[row["U2"]] == 1.0 and fab[row["U1"]] == fab[row["U6"]] == 0.85 and fab[row["U5"]] == 0.0
    gap = matcher._chain_fit(["auto.up.elec.chip"], [1.0])  # no one on 车规芯片: its feeder U3 is the supplier
    assert gap[row["U3"]] == 1.0
    guessed = matcher._chain_fit(["ic.up.mat.photoresist", "ic.mid.fab"], [1.0, 0.7])
    assert guessed[row["U1"]] == 1.0 and guessed[row["U2"]] == 0.7


def test_the_buyer_is_never_suggested_to_itself():
    """Asked for what the buyer itself sells, both the full matcher and plain BM25 find others only
    (each result list checked non-empty first, so the "never" is not vacuous)."""
    matcher = Matcher(data())
    assert "U2" in [r.uscc for r in matcher.match("晶圆代工 特色工艺", top=10)]
    results = matcher.match("晶圆代工 特色工艺", buyer=2, top=10)
    assert results and all(r.uscc != "U2" for r in results)
    plain = Matcher(data(), plain=True)
    assert [r.uscc for r in plain.match("光刻胶")][:1] == ["U6"]  # U6 sells 光刻胶 and ranks first…
    results = plain.match("光刻胶", buyer=6)
    assert results and all(r.uscc != "U6" for r in results)  # …but never to itself
    assert "U1" in [r.uscc for r in results]


def test_locality_ranks_and_a_decline_ranks_down():
    matcher = Matcher(data())
    before = [r.uscc for r in matcher.match("光刻胶", buyer=2, need_key="n1")]
    assert before.index("U1") < before.index("U6")  # the district's supplier before the outside one
    matcher.decline("n1", 1)
    after = matcher.match("光刻胶", buyer=2, need_key="n1")
    assert [r.uscc for r in after].index("U6") < [r.uscc for r in after].index("U1")
    assert "此前谢绝过该需求，已降低排序" in next(r for r in after if r.uscc == "U1").reasons
    assert [r.uscc for r in matcher.match("光刻胶", buyer=2, need_key="other")] == before  # only that need


def test_past_deals_raise_a_supplier():
    matcher = Matcher(data(deals=[(2, 6, 3)]))
    first = matcher.match("光刻胶", buyer=2)[0]
    assert first.uscc == "U6" and "曾与贵司成交3次" in first.reasons


def test_jargon_and_full_width_text_match():
    matcher = Matcher(data())
    assert matcher.match("采购ＩＧＢＴ模块", buyer=5)[0].uscc == "U4"     # full-width, synonym of 绝缘栅双极晶体管
    assert matcher.match("找光阻", buyer=2)[0].uscc in {"U1", "U6"}
    assert matcher.match("车规级单片机", buyer=5)[0].uscc == "U3"         # 单片机 = MCU


def test_need_nodes_are_suggested_from_text():
    matcher = Matcher(data())
    assert matcher.suggest_nodes("需要KrF光刻胶")[0] == "ic.up.mat.photoresist"


def test_a_new_offer_is_searchable_at_once():
    matcher = Matcher(data())
    assert all(r.uscc != "U5" for r in matcher.match("激光焊接服务", buyer=2))
    matcher.add_offer(5, "提供激光焊接服务")
    assert matcher.match("激光焊接服务", buyer=2)[0].uscc == "U5"


def test_an_offer_of_a_new_product_outranks_suppliers_of_the_words_around_it():
    """The new product's name is not in any dictionary: it is kept whole (not dropped as single
    characters) and, rare in the main index, outweighs the common word it shares with a positioned
    supplier."""
    matcher = Matcher(data())
    assert "劈刀" in matcher.analyzer.tokens("采购晶圆劈刀，首批500个")
    assert "500" not in matcher.analyzer.tokens("采购晶圆劈刀，首批500个")
    assert matcher.match("采购晶圆劈刀", buyer=5)[0].uscc == "U2"
    matcher.add_offer(6, "新品上市：晶圆劈刀，现货供应")
    first = matcher.match("采购晶圆劈刀", buyer=5)[0]
    assert first.uscc == "U6" and "已发布相关供给信息" in first.reasons


def test_boilerplate_and_bare_numbers_are_not_product_words_but_node_terms_are():
    matcher = Matcher(data())
    tokens = matcher.analyzer.tokens("急需车规MCU，数量200个，厂家直销，欢迎来电洽谈")
    assert "mcu" in tokens and not {"急需", "200", "厂家", "直销", "洽谈"} & set(tokens)
    assert "4680" in Analyzer(["4680"]).tokens("4680电池，数量200") and "200" not in Analyzer(["4680"]).tokens("数量200")


def test_short_latin_keywords_are_not_cut_out_of_english_words():
    analyzer = Analyzer(["CT", "AI", "T-Box"])
    assert analyzer.tokens("Traction motors, blood products") == ["traction", "motors", "blood", "products"]
    assert analyzer.tokens("CT设备 AI芯片 T-Box") == ["ct", "设备", "ai", "芯片", "tbox"]


def test_a_replaced_matcher_is_freed():
    """After a rebuild the old matcher (hundreds of MB at district scale) must not stay referenced."""
    import gc
    import weakref

    matcher = Matcher(data())
    matcher.match("光刻胶", buyer=2)
    gone = weakref.ref(matcher)
    del matcher
    gc.collect()
    assert gone() is None


def test_names_resolve_from_short_forms_and_full_width_brackets():
    names = {"U1": "中芯国际集成电路制造（天津）有限公司", "U2": "天津中环半导体股份有限公司", "91120111MA05X0000A": "天津芯片测试有限公司"}
    assert resolve("中芯", names) == ["U1"]
    assert resolve("中芯国际集成电路制造(天津)有限公司", names) == ["U1"]
    assert resolve("中环", names) == ["U2"]
    assert resolve("91120111ma05x0000a", names) == ["91120111MA05X0000A"]
    assert core_name("天津中环半导体股份有限公司") == "中环半导体"


ALPHABET = "光刻胶晶圆代工车规芯片极耳劈刀锂电池型号齐全的和采购KrFIGBTt-box0123456789.%，。、；/（）() ＩＧＢＴ"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
@example("采购T-Box车载终端，型号A-1（4.5%）")
def test_tokens_by_remembered_blocks_equal_tokens_of_the_whole_text(text):
    """Tokenising block by block (and remembering blocks) gives what cutting the whole text gives."""
    analyzer = ANALYZER
    whole = analyzer._block_tokens(normalise(text))
    assert analyzer.tokens(text) == whole
    assert analyzer.tokens(text) == whole  # again, from the remembered blocks


ANALYZER = Analyzer([n[1] for n in NODES] + [k for n in NODES for k in n[5]])


# --- reasons name whole words (issue #13 item 17) ---------------------------------------------------------

def chain_nodes() -> tuple[list[dict], list[tuple[str, str]]]:
    """The five default chains as shipped (src/liandong/data/chains): the real domain dictionary."""
    from pathlib import Path

    import yaml

    import liandong

    nodes, edges = [], []
    for file in sorted((Path(liandong.__file__).parent / "data" / "chains").glob("*.yaml")):
        chain = yaml.safe_load(file.read_text(encoding="utf-8"))

        def walk(node, parent, level, chain=chain):
            nodes.append({"code": node["code"], "name": node["name"], "chain": chain["code"],
                          "chain_name": chain["name"], "parent": parent, "level": level,
                          "keywords": [str(k) for k in node.get("keywords") or []]})
            for child in node.get("children") or []:
                walk(child, node["code"], level + 1)

        for node in chain["nodes"]:
            walk(node, None, 1)
        edges += [(e["from"], e["to"]) for e in chain.get("edges") or []]
    return nodes, edges


SUPPLIERS = [  # product texts as enterprises write them, not as the engine would
    (11, "S1", "天津敏感科技有限公司", "温湿度传感器、压力变送器、液位计研发生产，产品用于汽车空调与工业现场"),
    (12, "S2", "天津光学影像有限公司", "智能手机摄像头模组、车载摄像头、指纹识别模组"),
    (13, "S3", "天津精测仪表有限公司", "工业传感器，位移传感器，称重传感器；数显仪表"),
    (14, "S4", "天津智联终端有限公司", "智能手表、运动手环及可穿戴设备整机代工"),
    (15, "S5", "天津功率电子有限公司", "绝缘栅双极晶体管、功率模块封装"),
    (16, "B1", "天津整车有限公司", "乘用车整车制造"),
]


def real_matcher() -> Matcher:
    nodes, edges = chain_nodes()
    rows = [(e, u, n, "P1", True, True, True, 0, t) for e, u, n, t in SUPPLIERS]
    return Matcher(MatchData(
        enterprises=pl.DataFrame(rows, orient="row", schema={
            "enterprise": pl.Int64, "uscc": pl.String, "name": pl.String, "park": pl.String, "local": pl.Boolean,
            "city": pl.Boolean, "above_scale": pl.Boolean, "quals": pl.Int64, "text": pl.String}),
        positions=pl.DataFrame([], schema={"enterprise": pl.Int64, "node": pl.String}),
        nodes=pl.DataFrame(nodes),
        edges=pl.DataFrame(edges, orient="row", schema={"source": pl.String, "target": pl.String})))


def product_words(matcher: Matcher, need: str) -> dict[str, list[str]]:
    """Supplier → the words of its 产品匹配 reason."""
    out = {}
    for r in matcher.match(need, buyer=16, top=5):
        reason = next((x for x in r.reasons if x.startswith("产品匹配：")), None)
        if reason:
            out[r.uscc] = reason.removeprefix("产品匹配：").split("、")
    return out


def test_product_reasons_name_whole_words_as_written_not_pieces_of_them():
    matcher = real_matcher()
    sensors = product_words(matcher, "汽车用温湿度传感器一批，需耐高温，有IATF16949资质优先")
    assert {"温湿度", "传感器"} <= set(sensors["S1"]) and sensors["S3"] == ["传感器"]
    phones = product_words(matcher, "我司新建智能手机产线，需采购手机摄像头模组，月用量约5万套")
    assert "智能手机" in phones["S2"] and phones["S4"] == ["智能"]
    watches = product_words(matcher, "采购智能手表屏幕及表带")
    assert watches["S4"] == ["智能手表"]
    for words in [*sensors.values(), *phones.values(), *watches.values()]:
        assert not {"感器", "传感", "温湿", "能手"} & set(words), words
    for need, found in [("汽车用温湿度传感器一批，需耐高温，有IATF16949资质优先", sensors),
                        ("我司新建智能手机产线，需采购手机摄像头模组，月用量约5万套", phones),
                        ("采购智能手表屏幕及表带", watches)]:
        texts = {u: t for _e, u, _n, t in SUPPLIERS}
        for uscc, words in found.items():
            assert all(w in need or w in texts[uscc] for w in words), (uscc, words)  # as written


def test_a_synonym_is_named_by_both_words():
    words = product_words(real_matcher(), "采购ＩＧＢＴ模块，首批2000只")
    assert words["S5"][0] == "IGBT模块（绝缘栅双极晶体管）"


def test_the_analyzer_knows_which_tokens_are_whole_words():
    analyzer = real_matcher().analyzer
    assert "感器" in analyzer.tokens("温度传感器") and "能手" in analyzer.tokens("智能手机")  # BM25 still has them
    assert set(analyzer.terms("温度传感器")) == {"温度传感器", "温度", "传感器"}  # a keyword of 汽车传感器
    terms = analyzer.terms("需采购智能手机摄像头模组")
    assert {"智能手机", "智能", "手机", "摄像头", "模组"} <= set(terms) and "能手" not in terms
    assert analyzer.terms("KrF光刻胶")["krf"] == "KrF"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
@example("温度传感器、智能手机，ＩＧＢＴ模块 t-box极耳胶")
def test_whole_words_are_tokens_as_the_text_writes_them(text):
    import unicodedata

    terms = ANALYZER.terms(text)
    assert set(terms) <= set(ANALYZER.tokens(text))
    written = unicodedata.normalize("NFKC", text)
    assert all(word and (word in written or word in written.lower()) for word in terms.values()), terms
