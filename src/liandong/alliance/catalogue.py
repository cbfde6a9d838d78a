"""The resource catalogue (资源目录, docs/domains/alliance.md#resource-catalogue): who may read and
write it, and its search in Chinese.

Search is BM25 (bm25s) over each active resource's title, keywords, summary and conditions, tokenised
by the matching engine's ``Analyzer`` (jieba, its domain dictionary and industry synonyms: 流片 meets
晶圆代工) plus the catalogue's own policy jargon below, folded to one concept each (贷款贴息 and 利息补贴,
研发加计 and 加计扣除, 小巨人 and 专精特新, 首台（套） and 首台套). The index is built once per process and
state of the catalogue (``core.db.ProcessMemo`` keyed on the resources' count, highest id and latest
change), so an edit, a new resource or a deactivation is searchable on the next request.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field

import bm25s
import numpy as np
from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet

from liandong.accounts import scoping
from liandong.alliance.models import Resource, ResourceKind
from liandong.alliance.selectors import can_read_alliance, can_write_alliance
from liandong.chains.models import Chain
from liandong.core.db import ProcessMemo
from liandong.core.errors import NotFoundError
from liandong.engines.matching import SYNONYMS as MATCHING_SYNONYMS
from liandong.engines.matching import Analyzer, normalise

# --- who may read and write -------------------------------------------------------------------------


def can_read_catalogue(actor) -> bool:
    """Every role that can sign in reads the catalogue (enterprise users too)."""
    return can_read_alliance(actor)


def can_write_catalogue(actor) -> bool:
    """The alliance office, and department staff (for their own organisation's resources)."""
    return can_write_alliance(actor) or (scoping.role_of(actor) == scoping.DEPARTMENT
                                         and bool(getattr(actor, "organization_id", None)))


def can_write_resource(actor, unit_id: int | None) -> bool:
    """The office writes every unit's resources; department staff their own organisation's."""
    if can_write_alliance(actor):
        return True
    return (scoping.role_of(actor) == scoping.DEPARTMENT and unit_id is not None
            and unit_id == getattr(actor, "organization_id", None))


def resources_visible(actor) -> QuerySet[Resource]:
    """Readers see the active resources; writers also the ones they withdrew (the office every unit's,
    a department its own)."""
    if not can_read_catalogue(actor):
        return Resource.objects.none()
    if can_write_alliance(actor):
        return Resource.objects.all()
    if scoping.role_of(actor) == scoping.DEPARTMENT and getattr(actor, "organization_id", None):
        return Resource.objects.filter(Q(active=True) | Q(unit_id=actor.organization_id))
    return Resource.objects.filter(active=True)


def resource_get(*, actor, resource_id: int) -> Resource:
    resource = (resources_visible(actor).select_related("unit").prefetch_related("chains")
                .filter(pk=resource_id).first())
    if resource is None:
        raise NotFoundError("resource")
    return resource


# --- the words of the catalogue ---------------------------------------------------------------------
SYNONYMS: dict[str, tuple[str, ...]] = {
    # concept: how departments and enterprises write it (policy jargon the matching engine lacks)
    "专精特新": ("专精特新", "小巨人", "专精特新小巨人", "专精特新中小企业", "专精特新企业", "单项冠军"),
    "贴息": ("贴息", "贷款贴息", "利息补贴", "贴息补助", "财政贴息", "贷款利息补贴", "息费补贴", "降息"),
    "贷款": ("贷款", "信贷", "授信", "银行贷款", "借款", "续贷", "过桥", "转贷"),
    "融资担保": ("融资担保", "担保", "政策性担保", "担保费补贴", "增信", "再担保"),
    "加计扣除": ("加计扣除", "研发加计", "研发费用加计扣除", "加计扣除优惠", "研发费加计扣除", "研发费用税前加计扣除"),
    "首台套": ("首台套", "首台", "首套", "首台套重大技术装备", "首批次", "首版次"),
    "晶圆代工": ("mpw", "多项目晶圆", "流片费"),
    "补贴": ("补贴", "补助", "资助", "奖补", "奖励", "扶持资金", "专项资金"),
    "辅导": ("辅导", "指导", "培训", "申报辅导", "申报指导", "政策辅导"),
    "高新技术企业": ("高新技术企业", "高企", "国高企", "国家高新技术企业", "高企认定"),
    "科技型中小企业": ("科技型中小企业", "科小", "雏鹰企业", "瞪羚企业"),
    "技术改造": ("技术改造", "技改", "智能化改造", "数字化改造", "设备更新", "智能制造"),
    "知识产权": ("知识产权", "专利", "商标", "ip"),
    "质押": ("质押", "质押融资", "知识产权质押", "专利质押"),
    "上市": ("上市", "ipo", "上市辅导", "上市培育", "挂牌", "新三板"),
    "股权融资": ("股权融资", "股权投资", "风险投资", "风投", "创投", "天使投资", "基金投资"),
    "人才": ("人才", "引才", "人才引进", "高层次人才", "海河英才", "人才落户"),
    "用工": ("用工", "招聘", "招工", "劳务", "用工需求"),
    "厂房": ("厂房", "标准厂房", "租赁厂房", "产业空间", "载体", "仓储"),
    "研发平台": ("研发平台", "工程技术中心", "工程中心", "企业技术中心", "重点实验室", "新型研发机构"),
    "检验检测": ("检验检测", "检测", "测试认证", "认证", "计量", "可靠性测试"),
    "中试": ("中试", "中试基地", "中试平台", "小试", "概念验证"),
    "孵化": ("孵化", "孵化器", "众创空间", "加速器", "孵化载体"),
    "出口": ("出口", "外贸", "跨境电商", "进出口", "出口信用保险", "出海"),
    "展会": ("展会", "展览", "博览会", "参展"),
    "成果转化": ("成果转化", "技术转移", "科技成果转化", "产学研"),
    "数字化转型": ("数字化转型", "上云", "工业互联网", "两化融合"),
    "能耗": ("能耗", "节能", "降碳", "绿色制造", "碳达峰"),
    "审批": ("审批", "许可", "证照", "办证", "环评", "能评"),
}
VARIANT_TO_CONCEPT = {normalise(v): concept for concept, variants in SYNONYMS.items() for v in variants}
VARIANTS_BY_CONCEPT: dict[str, tuple[str, ...]] = {
    concept: tuple(sorted({normalise(v) for v in (concept, *SYNONYMS.get(concept, ()), *MATCHING_SYNONYMS.get(concept, ()))},
                          key=len, reverse=True))
    for concept in {*SYNONYMS, *MATCHING_SYNONYMS}}
"""Every way of writing each concept, longest first (to name the one a resource uses)."""
REWRITES = ((re.compile(r"首台\s*\(\s*套\s*\)"), "首台套"), (re.compile(r"首批\s*\(\s*次\s*\)"), "首批次"))
EXTRA_WORDS = ("申报", "融资", "贷款贴息", "融资租赁", "应急转贷", "流片补贴", "政策兑现", "免申即享", "集成电路", "车联网",
               "生物医药", "信创", "技术装备")
TITLE_WEIGHT = 2  # title and keywords count twice: they say what the resource is
MIN_SHARE = 0.25  # an appeal's suggestions: at least this share of the best one's score


@dataclass
class Hit:
    id: int
    score: float
    words: list[str] = field(default_factory=list)


class CatalogueIndex:
    """BM25 over the catalogue's active resources (rows of id, unit, kind, chains, text). Pure: the
    rows come in, ids and scores go out."""

    def __init__(self, rows: list[dict], analyzer: CatalogueAnalyzer):
        self.analyzer = analyzer
        self.ids = np.array([r["id"] for r in rows], dtype=np.int64)
        self.units = np.array([r["unit"] for r in rows], dtype=np.int64)
        kinds = list(ResourceKind.values)
        self.kinds = np.array([kinds.index(r["kind"]) if r["kind"] in kinds else -1 for r in rows], dtype=np.int64)
        self.kind_codes = kinds
        self.chains: dict[int, np.ndarray] = {}
        by_chain: dict[int, list[int]] = {}
        for i, r in enumerate(rows):
            for c in r["chains"]:
                by_chain.setdefault(c, []).append(i)
        self.chains = {c: np.array(rows_, dtype=np.int64) for c, rows_ in by_chain.items()}
        self.texts = [r["text"] for r in rows]
        self.shown = [unicodedata.normalize("NFKC", t) for t in self.texts]
        self.normalised = [t.lower() for t in self.shown]
        corpus = [analyzer.tokens(t) or ["∅"] for t in self.texts]
        self.doc_tokens = [frozenset(t) for t in corpus]
        self.index = bm25s.BM25()
        if corpus:
            self.index.index(corpus, show_progress=False)
            self.postings, self.vocabulary = self.index.scores, self.index.vocab_dict
        else:
            self.postings, self.vocabulary = None, {}

    def __len__(self) -> int:
        return len(self.ids)

    def search(self, query: str, *, kind: str = "", unit: int | None = None, chain: int | None = None,
               top: int = 20, min_share: float = 0.0) -> list[Hit]:
        tokens = self.analyzer.tokens(query)
        if not tokens or not len(self.ids):
            return []
        scores = np.zeros(len(self.ids))
        indptr, indices, weights = self.postings["indptr"], self.postings["indices"], self.postings["data"]
        for token in dict.fromkeys(tokens):
            t = self.vocabulary.get(token)
            if t is not None:
                scores[indices[indptr[t]:indptr[t + 1]]] += weights[indptr[t]:indptr[t + 1]]
        if kind:
            scores[self.kinds != (self.kind_codes.index(kind) if kind in self.kind_codes else -2)] = 0.0
        if unit is not None:
            scores[self.units != unit] = 0.0
        if chain is not None:
            keep = np.zeros(len(self.ids), dtype=bool)
            keep[self.chains.get(chain, np.empty(0, dtype=np.int64))] = True
            scores[~keep] = 0.0
        positive = np.flatnonzero(scores > 0)
        if not len(positive):
            return []
        if min_share:
            positive = positive[scores[positive] >= min_share * scores[positive].max()]
        if len(positive) > top:
            positive = positive[np.argpartition(-scores[positive], top - 1)[:top]]
        order = positive[np.lexsort((self.ids[positive], -scores[positive]))]
        query_terms = self.analyzer.terms(query)
        return [Hit(int(self.ids[r]), float(scores[r]), self._words(tokens, query_terms, int(r))) for r in order]

    def _variant_in(self, concept: str, r: int) -> str | None:
        """The longest way of writing ``concept`` (a synonym table's variant) found in resource ``r``'s
        text, as it writes it; None when none is there verbatim."""
        text, shown = self.normalised[r], self.shown[r]
        for variant in VARIANTS_BY_CONCEPT.get(concept, ()):
            at = text.find(variant)
            if at >= 0:
                return shown[at:at + len(variant)] if len(shown) == len(text) else variant
        return None

    def _words(self, tokens: list[str], query_terms: dict[str, str], r: int, most: int = 4) -> list[str]:
        """The words the query and the resource share, whole, as the query writes them (with the
        resource's word in brackets when it writes a synonym): 贷款贴息（利息补贴）."""
        theirs: dict[str, str] | None = None
        shown: list[tuple[str, str]] = []
        for token in dict.fromkeys(tokens):
            mine = query_terms.get(token)
            if mine is None or token not in self.doc_tokens[r]:
                continue
            label = mine
            if normalise(mine) not in self.normalised[r]:  # a synonym: name the resource's own word
                other = self._variant_in(token, r)
                if other is None:
                    if theirs is None:
                        theirs = self.analyzer.terms(self.texts[r])
                    other = theirs.get(token)
                label = f"{mine}（{other}）" if other else mine
            shown.append((mine, label))
        words = [normalise(w) for w, _ in shown]
        return [label for w, label in shown
                if not any(normalise(w) != o and normalise(w) in o for o in words)][:most]


class CatalogueAnalyzer:
    """The matching engine's analyzer with the catalogue's jargon added as whole words and folded to
    its concepts (the engine's own synonyms fold first)."""

    def __init__(self):
        self.base = Analyzer([*VARIANT_TO_CONCEPT, *SYNONYMS, *EXTRA_WORDS])

    @staticmethod
    def _rewrite(text: str) -> str:
        text = normalise(text)
        for pattern, to in REWRITES:
            text = pattern.sub(to, text)
        return text

    def tokens(self, text: str) -> list[str]:
        return [VARIANT_TO_CONCEPT.get(t, t) for t in self.base.tokens(self._rewrite(text))]

    def terms(self, text: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for token, word in self.base.terms(self._rewrite(text)).items():
            out.setdefault(VARIANT_TO_CONCEPT.get(token, token), word)
        return out


_analyzer: dict[str, CatalogueAnalyzer] = {}
_analyzer_lock = threading.Lock()
_indexes = ProcessMemo(size=2)
GENERATION_KEY = "alliance-catalogue:generation"


def analyzer() -> CatalogueAnalyzer:
    """One analyzer per process (jieba's dictionary takes about a second to load)."""
    with _analyzer_lock:
        if "a" not in _analyzer:
            _analyzer["a"] = CatalogueAnalyzer()
        return _analyzer["a"]


def document_text(title: str, keywords: str, summary: str, conditions: str) -> str:
    return " ".join([*([title, keywords] * TITLE_WEIGHT), summary, conditions])


def catalogue_key() -> str:
    """Changes when a service writes the catalogue (``catalogue_changed``) or rows are added by any
    other way (the highest ids of resources and of their chain links, read off the primary keys);
    other in-place edits (the admin) show when the cache entry expires (as ``core.db.data_fingerprint``)."""
    top = Resource.objects.order_by("-id").values_list("id", flat=True).first()
    link = Resource.chains.through.objects.order_by("-id").values_list("id", flat=True).first()
    return f"alliance-catalogue:v1:{cache.get(GENERATION_KEY, 0)}:{top}:{link}"


def catalogue_changed() -> None:
    """A writer changed the catalogue: the next search builds the index afresh (in every process)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def build_index() -> CatalogueIndex:
    chains: dict[int, list[int]] = {}
    for rid, cid in Resource.chains.through.objects.filter(resource__active=True).values_list("resource_id", "chain_id"):
        chains.setdefault(rid, []).append(cid)
    rows = [{"id": pk, "unit": unit, "kind": kind, "chains": chains.get(pk, []),
             "text": document_text(title, keywords, summary, conditions)}
            for pk, unit, kind, title, keywords, summary, conditions in
            Resource.objects.filter(active=True).order_by("id").values_list(
                "id", "unit_id", "kind", "title", "keywords", "summary", "conditions")]
    return CatalogueIndex(rows, analyzer())


def index() -> CatalogueIndex:
    """The index of the catalogue as it is now (built at most once per state in this process)."""
    return _indexes.get(catalogue_key(), build_index)


# --- reads for pages, the API and the appeal section ------------------------------------------------
@dataclass
class Result:
    resource: Resource
    score: float | None
    words: list[str]

    @property
    def reason(self) -> str:
        return f"匹配：{'、'.join(self.words)}" if self.words else ""


def _chain_id(chain) -> int | None:
    if chain in (None, ""):
        return None
    text = str(chain)
    found = Chain.objects.filter(Q(code=text) | Q(name=text)).values_list("id", flat=True).first()
    if found is None and text.isdigit():
        found = Chain.objects.filter(pk=int(text)).values_list("id", flat=True).first()
    return found if found is not None else -1


def search(*, actor, q: str = "", kind: str = "", unit: int | None = None, chain=None, top: int = 50,
           include_inactive: bool = False, min_share: float = 0.0) -> list[Result]:
    """Resources the actor may read: by relevance to ``q`` (with the matched words) when given, else
    the whole catalogue in order; filtered by kind, unit (organisation id) and chain (code, name or id)."""
    chain_id = _chain_id(chain)
    visible = resources_visible(actor).select_related("unit").prefetch_related(
        Prefetch("chains", queryset=Chain.objects.only("id", "code", "name")))
    if not include_inactive:
        visible = visible.filter(active=True)
    if not (q or "").strip():
        qs = visible
        if kind:
            qs = qs.filter(kind=kind)
        if unit is not None:
            qs = qs.filter(unit_id=unit)
        if chain_id is not None:
            qs = qs.filter(chains__id=chain_id)
        return [Result(r, None, []) for r in qs.order_by("unit__order", "unit__name", "kind", "title", "id")[:top]]
    hits = index().search(q, kind=kind, unit=unit, chain=chain_id, top=top, min_share=min_share)
    found = visible.order_by().in_bulk([h.id for h in hits])
    return [Result(found[h.id], h.score, h.words) for h in hits if h.id in found]


def for_appeal(*, actor, appeal, top: int = 5) -> list[Result]:
    """The active resources matching an appeal: its category's name, its title and its description."""
    query = " ".join([appeal.category.name if appeal.category_id else "", appeal.title, appeal.body])
    return search(actor=actor, q=query, top=top, min_share=MIN_SHARE)


def units_with_resources() -> list:
    from liandong.accounts.models import Organization

    return list(Organization.objects.filter(resources__isnull=False).distinct().order_by("order", "name"))


EXPORT_HEADER = ("序号", "单位", "类型", "资源名称", "内容", "条件", "联系方式", "链接")
KIND_ZH = {"policy": "政策", "project": "项目", "platform": "平台", "service": "服务"}


def catalogue_workbook(resources: list[Resource]) -> bytes:
    """The catalogue as the office hands it out: a title row, then one row per resource."""
    from liandong.core.xlsx import set_widths, titled_sheet, workbook_bytes

    wb, ws = titled_sheet("资源目录", "产业链党建联盟成员单位资源目录", EXPORT_HEADER)
    for n, r in enumerate(resources, 1):
        ws.append([n, r.unit.name, KIND_ZH.get(r.kind, r.kind), r.title, r.summary, r.conditions, r.contact, r.link])
    ws.freeze_panes = "B3"
    set_widths(ws, (8, 28, 8, 36, 60, 40, 24, 36))
    return workbook_bytes(wb)
