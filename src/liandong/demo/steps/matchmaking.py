"""Demo step of the matchmaking: needs, offers, introductions and deals, through the real services."""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from liandong.core.demo import DemoContext
from liandong.demo import names as N


def matchmaking(ctx: DemoContext) -> int:
    """Needs and offers (供需), about one per 15 enterprises (20 to 200): buyers on chain nodes post
    needs for products of the nodes that supply theirs; suppliers post offers; the office introduces
    the engine's first suggestion for most needs and the pairs move on to contacts, negotiation,
    signed deals (50–800 万元) or a close. Posted as the office on the enterprises' behalf through
    the real services; signature dates are spread over the last six months. Skipped when the
    district's enterprises already have needs."""
    from auditlog.context import disable_auditlog

    from liandong.accounts.models import User
    from liandong.chains.models import ChainEdge, EnterprisePosition
    from liandong.matchmaking import selectors, services
    from liandong.matchmaking.index import reset
    from liandong.matchmaking.models import Match, Need

    ids = ctx.enterprise_ids
    if Need.objects.filter(enterprise_id__in=ids).exists():
        return 0
    rng = ctx.rng("matchmaking")
    office = User.objects.get(username="admin")
    into: dict[int, list] = defaultdict(list)
    for _source, target_id, code, name, keywords in ChainEdge.objects.values_list(
            "source_id", "target_id", "source__code", "source__name", "source__keywords"):
        into[target_id].append((code, name, keywords or [name]))
    positions = sorted(EnterprisePosition.objects.filter(enterprise_id__in=ids)
                       .values_list("enterprise_id", "node_id", "node__code", "node__name", "node__keywords",
                                    "enterprise__uscc"))
    count = max(20, min(200, len(ids) // 15))
    buyers = [p for p in positions if into.get(p[1])]
    rng.shuffle(buyers)
    reset()
    written = 0
    with disable_auditlog():
        for _e, node_id, _code, _name, _kw, uscc in buyers[:count]:
            code, name, keywords = rng.choice(into[node_id])
            product = rng.choice(keywords)
            need = services.need_create(actor=office, kind="need", enterprise=uscc, node=code,
                                        title=f"{product}", text=rng.choice(N.NEED_PHRASES).format(product=product),
                                        quantity=rng.choice(N.NEED_QUANTITIES), timeframe=rng.choice(N.NEED_TIMES))
            written += 1
            if rng.random() < 0.7:
                best = selectors.suggestions(actor=office, need=need, top=1)
                if best:
                    match = services.match_introduce(actor=office, need=need, supplier=best[0].uscc,
                                                     score=best[0].score, reasons=best[0].reasons)
                    for status in rng.choice(N.MATCH_PATHS):
                        amount = round(rng.uniform(50, 800), 1) if status == "signed" else None
                        match = services.match_advance(actor=office, match=match, status=status, amount_wan=amount,
                                                       reason=rng.choice(N.MATCH_CLOSE_REASONS))
                    if match.status == Match.Status.SIGNED:
                        signed_at = timezone.now() - timezone.timedelta(days=rng.randint(3, 180))
                        Match.objects.filter(pk=match.pk).update(signed_at=signed_at)
        sellers = positions[:]
        rng.shuffle(sellers)
        for _e, _node_id, code, name, keywords, uscc in sellers[: count // 2]:
            product = rng.choice(keywords or [name])
            services.need_create(actor=office, kind="offer", enterprise=uscc, node=code, title=f"{product}",
                                 text=rng.choice(N.OFFER_PHRASES).format(product=product),
                                 quantity=rng.choice(N.OFFER_CAPACITIES))
            written += 1
    reset()
    return written
