"""Demo steps of the registry: parks, organizations, enterprises, the demo users, qualifications,
honours and contacts.

Parks, organizations and users are saved one by one, so auditlog's signals record them as usual.
Enterprises get one LogEntry each (``bulk_log``, no actor); their qualifications and contacts,
written by ``insert_rows``, get none.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from liandong.core.bulk import BATCH, batched, insert_rows
from liandong.core.demo import DemoContext
from liandong.demo import names as N
from liandong.demo.generator import DEMO_PASSWORD, DEMO_USERS, OFFICER_CHAINS
from liandong.demo.plan import add_years
from liandong.demo.steps.common import Ref

QUALIFICATION_COLUMNS = ("enterprise_id", "type_id", "level", "granted", "expires", "certificate_no")


def qualification_types() -> dict[str, tuple[int, str, int | None]]:
    """Qualification type code → (id, default level, validity in years)."""
    from liandong.enterprises.models import QualificationType

    return {code: (pk, level, years) for code, pk, level, years in QualificationType.objects.values_list(
        "code", "id", "default_level", "validity_years")}


def parks(ctx: DemoContext) -> int:
    from liandong.enterprises.models import Park

    park_ids = ctx.shared["park_ids"] = {}
    for order, (name, short, _town, _roads, _w) in enumerate(N.PARKS, start=1):
        park, _ = Park.objects.update_or_create(name=name, defaults={
            "short_name": short, "description": N.PARK_DESCRIPTION, "order": order})
        park_ids[name] = park.pk
    return len(park_ids)


def organizations(ctx: DemoContext) -> int:
    from liandong.accounts.models import Organization

    orgs = ctx.shared["organizations"] = {}
    for order, (name, short) in enumerate(N.DEPARTMENTS, start=1):
        orgs[name], _ = Organization.objects.update_or_create(name=name, defaults={
            "short_name": short, "kind": Organization.Kind.DEPARTMENT, "order": order, "enterprise": None})
    for order, (name, short, kind) in enumerate(N.OTHER_ORGS, start=1):
        orgs[name], _ = Organization.objects.update_or_create(name=name, defaults={
            "short_name": short, "kind": kind, "order": order, "enterprise": None})
    return len(orgs)


def enterprises(ctx: DemoContext) -> int:
    """The planned enterprises, and one audit entry each (counted as ``audit_entries``)."""
    from auditlog.models import LogEntry

    from liandong.core.audit import bulk_log
    from liandong.enterprises.models import Enterprise
    from liandong.enterprises.pinyin import name_sort_key

    park_ids = ctx.shared["park_ids"]
    columns = ("uscc", "name", "name_sort", "established", "registered_capital", "park_id", "industry_id",
               "above_scale", "employees", "address", "main_products", "business_scope")
    n = insert_rows(Enterprise, columns, (
        (e.uscc, e.name, name_sort_key(e.name), e.established, Decimal(e.registered_capital),
         park_ids.get(e.park or ""), e.industry_code or None, e.above_scale, e.employees, e.address,
         e.main_products, e.business_scope)
        for e in ctx.plan.enterprises))
    by_uscc = dict(Enterprise.objects.values_list("uscc", "id"))
    ctx.enterprise_ids = [by_uscc[e.uscc] for e in ctx.plan.enterprises]
    refs = (Ref(pk, e.name) for pk, e in zip(ctx.enterprise_ids, ctx.plan.enterprises, strict=True))
    for chunk in batched(refs, BATCH):
        bulk_log(None, Enterprise, LogEntry.Action.CREATE, chunk, batch_size=BATCH)
    ctx.counts.setdefault("enterprises", 0)  # so that --json lists the enterprises before their audit entries
    ctx.add("audit_entries", n)
    return n


def users(ctx: DemoContext) -> int:
    """The demo accounts (``DEMO_USERS``); ``ent1``/``ent2`` with an organization of their enterprise
    each (counted with ``organizations``)."""
    from liandong.accounts.models import Organization, User
    from liandong.chains.models import Chain

    password = make_password(DEMO_PASSWORD)  # hashed once: hashing is deliberately slow
    orgs = ctx.shared["organizations"]
    ents = [ctx.plan.enterprises[i] for i in ctx.plan.ent_users]
    for username, role, display, org_name, _sees in DEMO_USERS:
        enterprise_id = None
        org = orgs.get(org_name or "")
        if role == "enterprise":
            e = ents[0] if username == "ent1" else ents[1]
            enterprise_id = ctx.enterprise_ids[e.idx]
            org, _ = Organization.objects.update_or_create(name=e.name, defaults={
                "short_name": e.name.removeprefix("天津").removesuffix("有限公司")[:50],
                "kind": Organization.Kind.ENTERPRISE, "enterprise_id": enterprise_id})
            display = f"{e.name}（演示）"
            ctx.add("organizations", 1)
        user, _ = User.objects.update_or_create(username=username, defaults={
            "password": password, "role": role, "display_name": display, "organization": org,
            "enterprise_id": enterprise_id, "is_staff": role == "admin", "is_superuser": role == "admin",
            "is_active": True, "email": f"{username}@demo.liandong.invalid",
        })
        if role == "chain_officer":
            user.chains.set(Chain.objects.filter(code__in=OFFICER_CHAINS))
    return len(DEMO_USERS)


def qualifications(ctx: DemoContext) -> int:
    from liandong.enterprises.models import Qualification

    qtypes, ids = ctx.shared["qualification_types"], ctx.enterprise_ids

    def rows() -> Iterator[tuple]:
        for e in ctx.plan.enterprises:
            for g in e.grants:
                if g.type in qtypes:
                    pk, level, _years = qtypes[g.type]
                    yield ids[e.idx], pk, level, g.granted, g.expires, g.certificate_no

    return insert_rows(Qualification, QUALIFICATION_COLUMNS, rows())


def honours(ctx: DemoContext) -> int:
    """Honours the tier standards test, for the most innovative enterprises: provincial R&D
    institutions (most 小巨人, many 专精特新), science awards in the last three years, innovation
    demonstration or IP-advantage titles, “创客中国” top 500 — so the tier ladder has candidates."""
    from liandong.enterprises.models import Qualification

    rng = ctx.rng("honours")
    today, qtypes, ids = ctx.today, ctx.shared["qualification_types"], ctx.enterprise_ids

    def rows() -> Iterator[tuple]:
        for e in ctx.plan.enterprises:
            held = {g.type for g in e.grants}
            chances = {
                "rd-institution": 0.7 if "little-giant" in held else 0.35 if "specialized-sme" in held else
                0.08 if e.above_scale else 0.0,
                "sci-award": 0.25 if held & {"little-giant", "specialized-sme"} else 0.04 if e.innovation > 1 else 0.0,
                "tech-honour": 0.3 if "little-giant" in held else 0.03 if "high-tech" in held else 0.0,
                "maker-top500": 0.05 if "innovative-sme" in held else 0.0,
            }
            for code, chance in chances.items():
                if code in qtypes and chance and rng.random() < chance:
                    pk, level, years = qtypes[code]
                    granted = today - timedelta(days=rng.randint(60, 1000))
                    expires = add_years(granted, years) if years else None
                    yield ids[e.idx], pk, level, granted, expires, ""

    return insert_rows(Qualification, QUALIFICATION_COLUMNS, rows())


def contacts(ctx: DemoContext) -> int:
    """One primary contact per enterprise (names from Faker ``zh_CN`` seeded with the build's seed)."""
    from faker import Faker

    from liandong.enterprises.models import Contact

    fake = Faker("zh_CN")
    fake.seed_instance(ctx.seed)
    rng = ctx.rng("contacts")
    ids = ctx.enterprise_ids

    def rows() -> Iterator[tuple]:
        for e in ctx.plan.enterprises:
            phone = rng.choice(N.MOBILE_PREFIXES) + f"{rng.randrange(100_000_000):08d}"
            yield (ids[e.idx], fake.name(), rng.choice(N.CONTACT_TITLES), phone,
                   f"{rng.choice(N.EMAIL_LOCALS)}@{e.domain}", True)

    return insert_rows(Contact, ("enterprise_id", "name", "title", "phone", "email", "is_primary"), rows())
