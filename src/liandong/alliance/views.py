"""The alliance's pages (issue #17): the overview per chain (figures, 1+1+N+X, the network chart),
members, pairings and their log, pairing suggestions, activities and their cooperation intentions,
the rota. Reads through ``selectors`` (each actor's scope: another unit's ids 404), writes through
``services`` (the alliance office; a refused write changes nothing and names its field)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liandong.accounts import scoping
from liandong.alliance import selectors, services
from liandong.alliance.exports import activities_workbook, members_workbook, pairings_workbook
from liandong.alliance.forms import (
    LABELS,
    OUTCOME_LABELS,
    ROLE_LABELS,
    member_values,
    members_by_ids,
    month_ok,
    parse_date,
    parse_int,
    parse_year,
    posted_member,
    role_label,
)
from liandong.alliance.models import Member, MemberRole, MemberType, PairingKind
from liandong.chains.models import Chain
from liandong.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from liandong.core.forms import field_message, form_error
from liandong.core.responses import xlsx_response

PAGE_SIZE = 50


def _reader(request) -> None:
    if not selectors.can_read_alliance(request.user):
        raise Http404


def _directory(request) -> None:
    if not selectors.reads_directory(request.user):
        raise Http404


def _office(request) -> None:
    if not selectors.can_write_alliance(request.user):
        raise PermissionDeniedError(_("Only the alliance office changes the alliance."))


def _attempt(request, write: Callable[[], object], done: str, labels=LABELS) -> bool:
    """Run a write; a refused value is shown named by its field (the page is redrawn, nothing saved)."""
    try:
        write()
    except (PermissionDeniedError, NotFoundError):
        raise
    except ApplicationError as err:
        form_error(request, err, labels)
        return False
    messages.success(request, done)
    return True


def _chosen(found, field: str, message: str = ""):
    """``found``, or a refusal naming ``field`` ("choose a unit") when the form named none we know."""
    if found is None:
        raise ApplicationError(message or _("Choose a unit."), {"field": field})
    return found


def _chain_choice(request, chains: list[Chain]) -> Chain | None:
    code = request.GET.get("chain") or request.POST.get("chain")
    return next((c for c in chains if c.code == code), None)


def _writes_chain(user, chain_ids: set[int]) -> bool:
    writable = selectors.writable_chain_ids(user)
    return writable is None or bool(writable & chain_ids)


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _query(**values) -> str:
    return urlencode({k: v for k, v in values.items() if v})


# --- the overview ---------------------------------------------------------------------------------
@login_required
def overview(request):
    """Per chain (tabs of the key chains): the figures, members by type, the 1+1+N+X structure, the
    network of members and pairings, recent activities."""
    _reader(request)
    user = request.user
    today = timezone.localdate()
    chains = selectors.overview_chains()
    chain = _chain_choice(request, chains) or (chains[0] if chains else None)
    total = selectors.summary(as_of=today)
    context = {"chains": chains, "chain": chain, "total": total, "today": today,
               "type_chart": {"names": list(total["by_type"]), "values": list(total["by_type"].values())},
               "office": selectors.can_write_alliance(user), "directory": selectors.reads_directory(user),
               "whole": selectors.reads_whole_alliance(user), "can_import": scoping.can_import(user)}
    if chain is not None:
        context.update({
            "figures": selectors.chain_figures(chain=chain, as_of=today),
            "structure": selectors.chain_structure(actor=user, chain=chain),
            "network": selectors.chain_network(actor=user, chain=chain),
            "recent": list(selectors.activities_filtered(actor=user, chain=chain)[:8]),
            "my_pairings": [] if context["whole"] else list(selectors.pairings_filtered(actor=user)[:20]),
        })
    return render(request, "alliance/overview.html", context)


# --- members --------------------------------------------------------------------------------------
def _member_filters(request):
    chain = selectors.chain_by_code(request.GET.get("chain"))
    type_ = request.GET.get("type", "") if request.GET.get("type", "") in MemberType.values else ""
    role = request.GET.get("role", "") if request.GET.get("role", "") in MemberRole.values else ""
    q = request.GET.get("q", "").strip()[:60]
    qs = selectors.members_filtered(actor=request.user, chain=chain, type=type_, role=role, q=q)
    return qs, {"chain": chain.code if chain else "", "type": type_, "role": role, "q": q}


@login_required
def members(request):
    _reader(request)
    qs, filters = _member_filters(request)
    page = _page(request, qs)
    rows = [{"m": m, "role": role_label(m.role)} for m in page]
    return render(request, "alliance/members.html", {
        "page": page, "rows": rows, "f": filters, "query": _query(**filters), "chains": Chain.objects.all(),
        "types": MemberType.choices, "roles": list(ROLE_LABELS.items()),
        "office": selectors.can_write_alliance(request.user)})


@login_required
def members_export(request):
    _reader(request)
    qs, _filters = _member_filters(request)
    today = timezone.localdate()
    content = members_workbook(f"产业链党建联盟成员单位名录（{today:%Y年%m月%d日}）", qs)
    return xlsx_response(content, f"alliance-members-{today:%Y%m%d}.xlsx")


@login_required
def pairings_export(request):
    _reader(request)
    chain = selectors.chain_by_code(request.GET.get("chain"))
    qs = selectors.pairings_filtered(actor=request.user, chain=chain).select_related("a", "b").prefetch_related("logs")
    today = timezone.localdate()
    title = f"{chain.name if chain else '产业链党建联盟'}结对共建台账（{today:%Y年%m月%d日}）"
    return xlsx_response(pairings_workbook(title, qs), f"alliance-pairings-{today:%Y%m%d}.xlsx")


@login_required
def activities_export(request):
    _reader(request)
    chain = selectors.chain_by_code(request.GET.get("chain"))
    year = parse_year(request.GET.get("year"))
    qs = selectors.activities_filtered(actor=request.user, chain=chain, year=year) \
        .select_related("chain", "host").prefetch_related("participants", "outcomes")
    today = timezone.localdate()
    title = f"{chain.name if chain else '产业链党建联盟'}{f'{year}年' if year else ''}联建活动台账（{today:%Y年%m月%d日}）"
    return xlsx_response(activities_workbook(title, qs), f"alliance-activities-{today:%Y%m%d}.xlsx")


@login_required
def member(request, member_id: int):
    _reader(request)
    user = request.user
    found = selectors.member_get(actor=user, member_id=member_id)
    chain_ids = set(found.chains.values_list("id", flat=True))
    registry = found.enterprise_id is not None and (
        selectors.reads_directory(user) or found.enterprise_id == getattr(user, "enterprise_id", None))
    return render(request, "alliance/member.html", {
        "m": found, "role": role_label(found.role), "chains": found.chains.all(), "registry": registry,
        "pairings": selectors.pairings_filtered(actor=user, member=found),
        "hosted": selectors.activities_filtered(actor=user).filter(host=found),
        "attended": selectors.activities_filtered(actor=user).filter(participants=found),
        "can_edit": selectors.can_write_alliance(user) and _writes_chain(user, chain_ids)})


@login_required
def member_form(request, member_id: int | None = None):
    """Add a member or change one (the office; a chain officer members of their chains)."""
    _office(request)
    user = request.user
    found = selectors.member_get(actor=user, member_id=member_id) if member_id else None
    if found is not None and not _writes_chain(user, set(found.chains.values_list("id", flat=True))):
        raise PermissionDeniedError(_("You may change the alliance of your chains only."))
    writable = selectors.writable_chain_ids(user)
    values, error, status = member_values(found), None, 200
    if request.method == "POST":
        values = posted_member(request.POST)
        try:
            saved = services.member_save(actor=user, member=found, name=values["name"], type=values["type"],
                                         role=values["role"], chains=sorted(values["chains"]), uscc=values["uscc"],
                                         joined=parse_date(values["joined"]), contact=values["contact"],
                                         phone=values["phone"])
        except PermissionDeniedError:
            raise
        except ApplicationError as err:
            error, status = field_message(err, LABELS), 400
        else:
            messages.success(request, _("The member is saved."))
            return redirect("alliance:member", member_id=saved.pk)
    chains = [{"c": c, "checked": c.pk in values["chains"], "locked": writable is not None and c.pk not in writable}
              for c in Chain.objects.order_by("order", "code")]
    return render(request, "alliance/member_form.html", {
        "m": found, "v": values, "chains": chains, "types": MemberType.choices, "roles": list(ROLE_LABELS.items()),
        "error": error}, status=status)


# --- pairings -------------------------------------------------------------------------------------
@login_required
def pairings(request):
    _reader(request)
    chain = selectors.chain_by_code(request.GET.get("chain"))
    page = _page(request, selectors.pairings_filtered(actor=request.user, chain=chain))
    return render(request, "alliance/pairings.html", {
        "page": page, "chain": chain, "chains": selectors.overview_chains(),
        "query": _query(chain=chain.code if chain else ""), "office": selectors.can_write_alliance(request.user),
        "whole": selectors.reads_whole_alliance(request.user)})


def _pairing_rights(user, pairing) -> tuple[bool, bool]:
    chain_ids = set(pairing.a.chains.values_list("id", flat=True)) | set(pairing.b.chains.values_list("id", flat=True))
    office = selectors.can_write_alliance(user) and _writes_chain(user, chain_ids)
    own = bool({pairing.a_id, pairing.b_id} & selectors.own_member_ids(user))
    return office, office or own


@login_required
def pairing(request, pairing_id: int):
    _reader(request)
    found = selectors.pairing_get(actor=request.user, pairing_id=pairing_id)
    office, can_log = _pairing_rights(request.user, found)
    return render(request, "alliance/pairing.html", {
        "p": found, "logs": found.logs.select_related("author"), "office": office, "can_log": can_log,
        "today": timezone.localdate()})


@login_required
@require_POST
def pairing_log(request, pairing_id: int):
    _reader(request)
    found = selectors.pairing_get(actor=request.user, pairing_id=pairing_id)
    post = request.POST
    _attempt(request, lambda: services.pairing_log_add(actor=request.user, pairing=found, on=parse_date(post.get("on")),
                                                       text=post.get("text", "")), _("The record is added."))
    return redirect("alliance:pairing", pairing_id=found.pk)


@login_required
@require_POST
def pairing_edit(request, pairing_id: int):
    _reader(request)
    found = selectors.pairing_get(actor=request.user, pairing_id=pairing_id)
    post = request.POST
    _attempt(request, lambda: services.pairing_update(actor=request.user, pairing=found,
                                                      since=parse_date(post.get("since")), goals=post.get("goals", "")),
             _("The pairing is saved."))
    return redirect("alliance:pairing", pairing_id=found.pk)


@login_required
def pairing_new(request):
    """Pair two members (the office)."""
    _office(request)
    user = request.user
    source = request.POST if request.method == "POST" else request.GET
    values = {k: source.get(k, "") for k in ("a", "b", "kind", "since", "goals")}
    if request.method == "GET" and not values["since"]:
        values["since"] = timezone.localdate().isoformat()
    error, status = None, 200
    if request.method == "POST":
        visible = selectors.members_visible(user)
        a = visible.filter(pk=parse_int(values["a"])).first()
        b = visible.filter(pk=parse_int(values["b"])).first()
        try:
            created = services.pairing_create(actor=user, a=_chosen(a, "a"), b=_chosen(b, "b"), kind=values["kind"],
                                              since=parse_date(values["since"]), goals=values["goals"])
        except PermissionDeniedError:
            raise
        except ApplicationError as err:
            error, status = field_message(err, LABELS), 400
        else:
            messages.success(request, _("The two units are paired."))
            return redirect("alliance:pairing", pairing_id=created.pk)
    return render(request, "alliance/pairing_new.html", {
        "v": values, "members": selectors.members_visible(user).order_by("type", "name"),
        "kinds": PairingKind.choices, "error": error}, status=status)


@login_required
def suggestions(request):
    """Pairing suggestions of a chain (upstream and downstream members that neither trade nor pair)."""
    _reader(request)
    if not selectors.reads_whole_alliance(request.user):
        raise Http404
    chains = selectors.overview_chains()
    chain = _chain_choice(request, chains) or (chains[0] if chains else None)
    found = selectors.pairing_suggestions(actor=request.user, chain=chain) if chain else []
    return render(request, "alliance/suggestions.html", {
        "chain": chain, "chains": chains, "rows": found,
        "office": chain is not None and selectors.can_write_alliance(request.user, {chain.pk})})


@login_required
@require_POST
def suggestion_pair(request):
    """One click: the suggested pair becomes a pairing (企企, from today), its reasons as the goals."""
    _office(request)
    visible = selectors.members_visible(request.user)
    a = visible.filter(pk=parse_int(request.POST.get("a"))).first()
    b = visible.filter(pk=parse_int(request.POST.get("b"))).first()
    if a is None or b is None:
        raise Http404
    made = {}

    def write():
        made["p"] = services.pairing_create(actor=request.user, a=a, b=b, since=timezone.localdate(),
                                            goals=request.POST.get("goals", ""))
    if _attempt(request, write, _("The two units are paired.")):
        return redirect("alliance:pairing", pairing_id=made["p"].pk)
    return redirect(reverse("alliance:suggestions") + "?" + _query(chain=request.POST.get("chain", "")))


# --- activities -----------------------------------------------------------------------------------
@login_required
def activities(request):
    _reader(request)
    chain = selectors.chain_by_code(request.GET.get("chain"))
    year = parse_year(request.GET.get("year"))
    page = _page(request, selectors.activities_filtered(actor=request.user, chain=chain, year=year))
    return render(request, "alliance/activities.html", {
        "page": page, "chain": chain, "year": year, "years": selectors.activity_years(),
        "chains": selectors.overview_chains(), "query": _query(chain=chain.code if chain else "", year=year or ""),
        "office": selectors.can_write_alliance(request.user)})


def _activity_office(user, activity) -> bool:
    if not selectors.can_write_alliance(user):
        return False
    return selectors.writable_chain_ids(user) is None or (
        activity.chain_id is not None and selectors.can_write_alliance(user, {activity.chain_id}))


@login_required
def activity(request, activity_id: int):
    _reader(request)
    user = request.user
    found = selectors.activity_get(actor=user, activity_id=activity_id)
    office = _activity_office(user, found)
    present = list(found.participants.order_by("type", "name"))
    takers = present + ([found.host] if found.host and found.host not in present else [])
    events = []
    if office:
        from liandong.events.selectors import event_list

        events = list(event_list(actor=user)[:60])
    outcomes = list(found.outcomes.select_related("a", "b", "match"))
    return render(request, "alliance/activity.html", {
        "a": found, "participants": present, "takers": takers, "outcomes": outcomes, "office": office,
        "events": events, "visible_ids": set(selectors.members_visible(user).filter(
            pk__in=[m.pk for m in takers]).values_list("id", flat=True))})


ACTIVITY_FIELDS = ("title", "date", "chain", "host", "summary", "code")


@login_required
def activity_form(request, activity_id: int | None = None):
    """Record an activity or change one (the office; a chain officer on their chains)."""
    _office(request)
    user = request.user
    found = selectors.activity_get(actor=user, activity_id=activity_id) if activity_id else None
    if found is not None and not _activity_office(user, found):
        raise PermissionDeniedError(_("You may change the alliance of your chains only."))
    if found is None:
        values = {**dict.fromkeys(ACTIVITY_FIELDS, ""), "date": timezone.localdate().isoformat(), "rota": False,
                  "chain": request.GET.get("chain", ""), "participants": set()}
    else:
        values = {"title": found.title, "date": found.date.isoformat(), "chain": found.chain.code if found.chain else "",
                  "host": str(found.host_id or ""), "summary": found.summary, "code": found.code, "rota": found.rota,
                  "participants": set(found.participants.values_list("id", flat=True))}
    error, status = None, 200
    if request.method == "POST":
        post = request.POST
        values = {**{k: post.get(k, "").strip() for k in ACTIVITY_FIELDS}, "rota": post.get("rota") == "on",
                  "participants": {int(v) for v in post.getlist("participants") if v.isdigit()}}
        visible = selectors.members_visible(user)
        try:
            saved = services.activity_save(
                actor=user, activity=found, title=values["title"], date=parse_date(values["date"]),
                chain=values["chain"] or None, host=visible.filter(pk=parse_int(values["host"])).first(),
                participants=members_by_ids(values["participants"], visible), rota=values["rota"],
                summary=values["summary"], code=values["code"])
        except PermissionDeniedError:
            raise
        except ApplicationError as err:
            error, status = field_message(err, LABELS), 400
        else:
            messages.success(request, _("The activity is saved."))
            return redirect("alliance:activity", activity_id=saved.pk)
    writable = selectors.writable_chain_ids(user)
    chains = [c for c in Chain.objects.order_by("order", "code") if writable is None or c.pk in writable]
    return render(request, "alliance/activity_form.html", {
        "a": found, "v": values, "chains": chains, "members": Member.objects.order_by("type", "name"),
        "error": error}, status=status)


@login_required
@require_POST
def outcome_add(request, activity_id: int):
    _reader(request)
    found = selectors.activity_get(actor=request.user, activity_id=activity_id)
    post = request.POST
    takers = {m.pk: m for m in found.participants.all()}
    if found.host:
        takers[found.host_id] = found.host
    a, b = takers.get(parse_int(post.get("a"))), takers.get(parse_int(post.get("b")))

    def write():
        services.outcome_add(actor=request.user, activity=found, a=_chosen(a, "a"), b=_chosen(b, "b"),
                             description=post.get("description", ""))
    _attempt(request, write, _("The cooperation intention is recorded."), OUTCOME_LABELS)
    return redirect(reverse("alliance:activity", args=[found.pk]) + "#outcomes")


@login_required
@require_POST
def outcome_introduce(request, outcome_id: int):
    """The intention becomes a matchmaking introduction; the page then links to it."""
    _reader(request)
    found = selectors.outcome_get(actor=request.user, outcome_id=outcome_id)
    buyer = {found.a_id: found.a, found.b_id: found.b}.get(parse_int(request.POST.get("buyer")))

    def write():
        services.outcome_introduce(actor=request.user, outcome=found, buyer=_chosen(buyer, "buyer"))
    _attempt(request, write, _("The intention is now a matchmaking introduction."))
    return redirect(reverse("alliance:activity", args=[found.activity_id]) + "#outcomes")


@login_required
@require_POST
def activity_event(request, activity_id: int):
    """Check the participants in through an event: its checked-in member enterprises join."""
    _reader(request)
    from liandong.events.selectors import event_get

    found = selectors.activity_get(actor=request.user, activity_id=activity_id)
    event_id = parse_int(request.POST.get("event"))
    event = event_get(actor=request.user, event_id=event_id) if event_id else None

    def write():
        services.activity_link_event(actor=request.user, activity=found,
                                     event=_chosen(event, "event", _("Choose an event.")))
    _attempt(request, write, _("The event is linked; its checked-in members are participants."))
    return redirect("alliance:activity", activity_id=found.pk)


# --- the rota -------------------------------------------------------------------------------------
def _months_ahead() -> str:
    return timezone.localdate().strftime("%Y-%m")


@login_required
def rota(request):
    """The next 12 months' rotating hosts of a chain: set months kept, the others planned; the
    office changes a month or adopts the plan. Below, the chain's past rotating-host activities."""
    _reader(request)
    _directory(request)
    chains = selectors.overview_chains()
    chain = _chain_choice(request, chains) or (chains[0] if chains else None)
    if chain is None:
        raise Http404
    first = _months_ahead()
    plan = selectors.rota(chain=chain, first_month=first, months=12)
    return render(request, "alliance/rota.html", {
        "chain": chain, "chains": chains, "plan": plan, "hosts": selectors.rota_hosts(chain),
        "history": selectors.rota_history(actor=request.user, chain=chain),
        "office": selectors.can_write_alliance(request.user, {chain.pk}), "first": first,
        "unset": sum(1 for row in plan["rota"] if not row["set"] and row["member_id"])})


@login_required
@require_POST
def rota_set(request):
    _directory(request)
    chain = selectors.chain_by_code(request.POST.get("chain"))
    if chain is None:
        raise Http404
    host_id = parse_int(request.POST.get("host"))
    host = selectors.rota_hosts(chain).filter(pk=host_id).first() if host_id else None
    month = request.POST.get("month", "")

    def write():
        if not month_ok(month):
            raise ApplicationError(_("Enter a month as YYYY-MM."), {"field": "month"})
        if host_id and host is None:
            raise ApplicationError(_("The host is an enterprise member of the chain."), {"field": "host"})
        services.rota_set(actor=request.user, chain=chain, month=month, host=host)
    _attempt(request, write, _("The host of %(month)s is saved.") % {"month": month})
    return redirect(reverse("alliance:rota") + "?" + _query(chain=chain.code))


@login_required
@require_POST
def rota_adopt(request):
    _directory(request)
    chain = selectors.chain_by_code(request.POST.get("chain"))
    if chain is None:
        raise Http404
    made = {}

    def write():
        made["n"] = services.rota_adopt(actor=request.user, chain=chain, first_month=_months_ahead(), months=12)
    if _attempt(request, write, _("The plan is adopted.")):
        messages.info(request, _("%(n)d months set as planned.") % {"n": made["n"]})
    return redirect(reverse("alliance:rota") + "?" + _query(chain=chain.code))
