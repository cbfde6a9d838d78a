"""Forms as a browser sees them: find a rendered form, read the values it would submit unchanged,
and check each input against its own constraints (``min``, ``max``, ``step``), as the browser does
before it lets a form be sent. Used by the round-trip tests of forms carrying money (review #13 item 1)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import lxml.html


def rendered_form(html: str, action: str) -> lxml.html.FormElement:
    """The one form of the page posting to ``action``."""
    forms = [f for f in lxml.html.fromstring(html).forms if f.get("action") == action]
    assert len(forms) == 1, f"{len(forms)} forms post to {action}"
    return forms[0]


def unchanged_submission(form: lxml.html.FormElement) -> dict[str, list[str]]:
    """What the form sends when nobody touches it (checked boxes, selected options, every input's
    value), as the test client posts it. Fails if the browser would refuse to send it as it is."""
    for field in form.inputs:
        if getattr(field, "tag", "") == "input" and field.get("type") == "number" and field.value:
            assert_number_valid(field)
    data: dict[str, list[str]] = {}
    for field in form.inputs:
        name = field.get("name")
        if not name or field.get("disabled") is not None:
            continue
        kind = (field.get("type") or "text").lower() if field.tag == "input" else field.tag
        if kind in {"submit", "button", "image", "reset", "file"}:
            continue
        if kind in {"checkbox", "radio"}:
            if field.checked:
                data.setdefault(name, []).append(field.get("value", "on"))
        elif kind == "select":
            options = field.xpath(".//option")
            chosen = [o for o in options if o.get("selected") is not None] or options[:1]
            if field.get("multiple") is not None:
                chosen = [o for o in options if o.get("selected") is not None]
            for option in chosen:
                value = option.get("value")
                data.setdefault(name, []).append(value if value is not None else option.text_content().strip())
        elif kind == "textarea":
            data.setdefault(name, []).append(field.text or "")
        else:  # text, number, hidden, date, …: an empty box is sent as ""
            data.setdefault(name, []).append(field.get("value") or "")
    return data


def assert_number_valid(field) -> None:
    """``<input type=number>`` constraint validation: the prefilled value must satisfy min, max and
    step, or the browser blocks the submission (stepMismatch, rangeUnderflow, rangeOverflow)."""
    name, raw = field.get("name"), field.value
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise AssertionError(f"{name}: {raw!r} is not a number a number input accepts") from None
    assert value.is_finite(), f"{name}: {raw!r}"
    low, high, step = field.get("min"), field.get("max"), field.get("step") or "1"
    if low not in (None, ""):
        assert value >= Decimal(low), f"{name}: {raw} below min {low}"
    if high not in (None, ""):
        assert value <= Decimal(high), f"{name}: {raw} above max {high}"
    if step != "any":
        base = Decimal(low) if low not in (None, "") else Decimal(0)
        assert (value - base) % Decimal(step) == 0, f"{name}: {raw} is not a multiple of step {step}"
