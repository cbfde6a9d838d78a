from django.contrib import admin

from liandong.chains.models import Chain, ChainEdge, ChainNode, EnterprisePosition, SupplyRelation


@admin.register(Chain)
class ChainAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "name_en", "order")


@admin.register(ChainNode)
class ChainNodeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "chain", "stage", "level", "parent")
    list_filter = ("chain", "stage", "level")
    search_fields = ("name", "code", "keywords")
    raw_id_fields = ("parent",)


@admin.register(ChainEdge)
class ChainEdgeAdmin(admin.ModelAdmin):
    list_display = ("source", "target", "note")
    list_filter = ("source__chain",)
    raw_id_fields = ("source", "target")


@admin.register(EnterprisePosition)
class EnterprisePositionAdmin(admin.ModelAdmin):
    list_display = ("enterprise", "chain", "node", "role", "products")
    list_filter = ("chain", "role")
    search_fields = ("enterprise__name", "enterprise__uscc", "node__name")
    raw_id_fields = ("enterprise", "node")


@admin.register(SupplyRelation)
class SupplyRelationAdmin(admin.ModelAdmin):
    list_display = ("supplier", "customer", "year", "product", "amount")
    list_filter = ("year",)
    search_fields = ("supplier__name", "customer__name", "product")
    raw_id_fields = ("supplier", "customer")
