"""Industrial chains as a tree of nodes (chain → stage 上游/中游/下游 → segment → sub-segment),
supply edges between nodes (also across chains), enterprise positions and supply relations."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from liandong.core.models import TimeStamped, money


class Chain(models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("chain")
        verbose_name_plural = _("chains")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def root(self) -> ChainNode:
        return self.nodes.get(level=0)


class ChainNode(models.Model):
    """A node of a chain's tree. Level 0 is the chain itself, 1 a stage, 2 a segment, 3+ sub-segments."""

    class Stage(models.TextChoices):
        UPSTREAM = "upstream", _("Upstream")
        MIDSTREAM = "midstream", _("Midstream")
        DOWNSTREAM = "downstream", _("Downstream")

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="nodes", verbose_name=_("chain"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children",
                               verbose_name=_("parent"))
    code = models.CharField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, blank=True)
    level = models.PositiveSmallIntegerField(_("level"))
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    industry_codes = models.JSONField(_("industry codes (GB/T 4754-2017)"), default=list, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("chain node")
        verbose_name_plural = _("chain nodes")
        ordering = ["chain__order", "order"]

    def __str__(self) -> str:
        return f"{self.chain.name} · {self.name}" if self.level else self.name


class ChainEdge(models.Model):
    """``source`` supplies ``target`` (a supply flow between nodes, possibly across chains)."""

    source = models.ForeignKey(ChainNode, on_delete=models.CASCADE, related_name="out_edges",
                               verbose_name=_("supplier node"))
    target = models.ForeignKey(ChainNode, on_delete=models.CASCADE, related_name="in_edges",
                               verbose_name=_("customer node"))
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("chain edge")
        verbose_name_plural = _("chain edges")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="edge_once"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="edge_not_loop"),
        ]

    def __str__(self) -> str:
        return f"{self.source.name} → {self.target.name}"


class CurrentPositions(models.Manager):
    """Positions held today: those not ended (``valid_to`` empty)."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(valid_to__isnull=True)


class EnterprisePosition(TimeStamped):
    """An enterprise on a chain node (the ``chain-links`` import kind). Many per enterprise.

    A position holds from ``valid_from`` to ``valid_to`` (both days included; empty = since always /
    still held). ``objects`` (and ``enterprise.positions``) are today's positions, what every page,
    screening and match reads; ``spells`` has the ended ones too, for statistics of past periods,
    which group each period by the positions held on its last day (issue #13 item 7).
    """

    objects = CurrentPositions()
    spells = models.Manager()

    class Role(models.TextChoices):
        MASTER = "master", _("Chain master")
        CORE = "core", _("Core enterprise")
        SUPPORTING = "supporting", _("Supporting enterprise")

    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="positions",
                                   verbose_name=_("enterprise"))
    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="positions", verbose_name=_("chain"))
    node = models.ForeignKey(ChainNode, on_delete=models.CASCADE, related_name="positions", verbose_name=_("node"))
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.SUPPORTING)
    products = models.CharField(_("main products"), max_length=300, blank=True)
    valid_from = models.DateField(_("on the node from"), null=True, blank=True,
                                  help_text=_("Empty: since before the platform's records."))
    valid_to = models.DateField(_("on the node until"), null=True, blank=True,
                                help_text=_("The last day on the node; empty while the enterprise is still on it."))

    class Meta:
        verbose_name = _("chain position")
        verbose_name_plural = _("chain positions")
        base_manager_name = "spells"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "node"], condition=models.Q(valid_to__isnull=True),
                                    name="position_once_per_node"),
            models.CheckConstraint(condition=models.Q(valid_from__isnull=True) | models.Q(valid_to__isnull=True)
                                   | models.Q(valid_to__gte=models.F("valid_from")), name="position_ends_after_start"),
        ]
        # (valid_to, id): today's positions and their highest id (the data fingerprint) off an index
        indexes = [models.Index(fields=["chain", "enterprise"]), models.Index(fields=["valid_to", "id"],
                                                                             name="position_current_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise} @ {self.node}"


class SupplyRelation(TimeStamped):
    """Supplier → customer deliveries of one product in one year (amount in yuan)."""

    supplier = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="supplies",
                                 verbose_name=_("supplier"))
    customer = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="purchases",
                                 verbose_name=_("customer"))
    year = models.PositiveSmallIntegerField(_("year"))
    product = models.CharField(_("product"), max_length=100)
    amount = money(_("amount (yuan)"))

    class Meta:
        verbose_name = _("supply relation")
        verbose_name_plural = _("supply relations")
        constraints = [
            models.UniqueConstraint(fields=["supplier", "customer", "year", "product"], name="supply_once"),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} → {self.customer} {self.year} {self.product}"
