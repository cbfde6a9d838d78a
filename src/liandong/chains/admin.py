from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from liandong.chains.models import Chain, ChainEdge, ChainNode, EnterprisePosition, SupplyRelation
from liandong.core.db import data_changed


@admin.register(Chain)
class ChainAdmin(admin.ModelAdmin):
    """Listed by the Chinese name; the code (in the chain's web address) and the English name are edited
    on the form (#13 item 13: no codes or English in the lists officials read)."""

    list_display = ("name", "order")
    search_fields = ("name", "code")


@admin.register(ChainNode)
class ChainNodeAdmin(admin.ModelAdmin):
    """Nodes by chain, name and where they sit (their parents' names), not by their codes (ic.down.…),
    which stay on the form (#13 item 13)."""

    list_display = ("chain", "name", "parent_path", "level")
    list_filter = ("chain", "stage", "level")
    search_fields = ("name", "code", "keywords")
    raw_id_fields = ("parent",)
    list_select_related = ("chain", "parent__parent__parent__parent")

    @admin.display(description=_("parent path"))
    def parent_path(self, obj):
        """"下游 › 消费电子": the node's parents below the chain itself (level 0), — for a stage."""
        names, node = [], obj.parent
        while node is not None and node.level > 0:
            names.append(node.name)
            node = node.parent
        return " › ".join(reversed(names)) or "—"


@admin.register(ChainEdge)
class ChainEdgeAdmin(admin.ModelAdmin):
    list_display = ("source", "target", "note")
    list_filter = ("source__chain",)
    raw_id_fields = ("source", "target")


@admin.register(EnterprisePosition)
class EnterprisePositionAdmin(admin.ModelAdmin):
    """Ended positions too: an enterprise leaving a node gets a last day (valid_to), which keeps the
    spell for the statistics of past periods; deleting a position erases it from them as well."""

    list_display = ("enterprise", "chain", "node", "role", "products", "valid_from", "valid_to")
    list_filter = ("chain", "role", ("valid_to", admin.EmptyFieldListFilter))
    search_fields = ("enterprise__name", "enterprise__uscc", "node__name")
    raw_id_fields = ("enterprise", "node")

    def get_queryset(self, request):
        return EnterprisePosition.spells.select_related("enterprise", "chain", "node")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        transaction.on_commit(data_changed)


@admin.register(SupplyRelation)
class SupplyRelationAdmin(admin.ModelAdmin):
    list_display = ("supplier", "customer", "year", "product", "amount")
    list_filter = ("year",)
    search_fields = ("supplier__name", "customer__name", "product")
    raw_id_fields = ("supplier", "customer")
