"""Plain factory functions for tests (no factory_boy): users per role, enterprises with valid
USCCs, chain positions, qualifications and contacts. Every function writes real rows.

    admin = make_admin()
    officer = make_chain_officer(chains=("ic",))
    ent = make_enterprise(name="天津示例科技有限公司")
    make_position(ent, "ic.mid.design")
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from liandong.engines.uscc import check_character

PASSWORD = "correct-horse-battery-9"  # noqa: S105

# GB 11714 organization-code check weights (positions 9-17 of a USCC hold one).
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_sequence = itertools.count(1)


def make_uscc(seq: int | None = None, *, division: str = "120111") -> str:
    """A valid 统一社会信用代码: 9 (market regulator) 1 (enterprise), the division (西青区),
    an organization code with its own GB 11714 check digit, and the GB 32100 check character."""
    n = next(_sequence) if seq is None else seq
    org8 = f"{(n * 104729 + 20000000) % 100000000:08d}"
    c = 11 - sum(int(a) * w for a, w in zip(org8, _ORG_WEIGHTS, strict=True)) % 11
    body = "91" + division + org8 + {10: "X", 11: "0"}.get(c, str(c))
    return body + check_character(body)


def _next() -> int:
    return next(_sequence)


# --- organizations and users -----------------------------------------------------------------------
def make_department(name: str | None = None):
    from liandong.accounts.models import Organization

    return Organization.objects.create(name=name or f"测试部门{_next()}", kind=Organization.Kind.DEPARTMENT)


def make_user(role: str, *, username: str | None = None, password: str = PASSWORD, **fields: Any):
    from liandong.accounts.models import User

    chains = fields.pop("chains", ())
    user = User(username=username or f"{role}-{_next()}", role=role, **fields)
    user.set_password(password)
    user.save()
    if chains:
        from liandong.chains.models import Chain

        found = list(Chain.objects.filter(code__in=chains))
        assert len(found) == len(chains), f"unknown chain in {chains}"
        user.chains.set(found)
    return user


def make_admin(**fields: Any):
    return make_user("admin", **fields)


def make_chain_officer(chains: tuple[str, ...] = ("ic",), **fields: Any):
    return make_user("chain_officer", chains=chains, **fields)


def make_department_user(organization=None, **fields: Any):
    return make_user("department", organization=organization or make_department(), **fields)


def make_analyst(**fields: Any):
    return make_user("analyst", **fields)


def make_enterprise_user(enterprise=None, **fields: Any):
    return make_user("enterprise", enterprise=enterprise or make_enterprise(), **fields)


def make_role_user(role: str):
    """One user of each role, by the role names used in parametrized tests."""
    return {
        "admin": make_admin,
        "chain_officer": make_chain_officer,
        "department": make_department_user,
        "analyst": make_analyst,
        "enterprise": make_enterprise_user,
    }[role]()


# --- registry --------------------------------------------------------------------------------------
def make_enterprise(**fields: Any):
    from liandong.enterprises.models import Enterprise

    n = _next()
    fields.setdefault("uscc", make_uscc(n))
    fields.setdefault("name", f"天津测试{n}科技有限公司")
    return Enterprise.objects.create(**fields)


def make_position(enterprise, node_code: str, *, role: str = "supporting", products: str = ""):
    from liandong.chains.models import ChainNode, EnterprisePosition

    node = ChainNode.objects.get(code=node_code)
    return EnterprisePosition.objects.create(enterprise=enterprise, chain_id=node.chain_id, node=node, role=role,
                                             products=products)


def make_qualification(enterprise, type_code: str = "high-tech", *, granted: dt.date | None = None,
                       expires: dt.date | None = None, level: str = "", certificate_no: str = ""):
    from liandong.enterprises.models import Qualification, QualificationType

    qtype = QualificationType.objects.get(code=type_code)
    return Qualification.objects.create(enterprise=enterprise, type=qtype, level=level or qtype.default_level,
                                        granted=granted, expires=expires, certificate_no=certificate_no)


def make_contact(enterprise, *, name: str = "张伟", phone: str = "13812341234", email: str = "zhangwei@example.cn",
                 title: str = "总经理", is_primary: bool = True):
    from liandong.enterprises.models import Contact

    return Contact.objects.create(enterprise=enterprise, name=name, phone=phone, email=email, title=title,
                                  is_primary=is_primary)


def wan(amount: str | int) -> Decimal:
    """万元 → yuan, for expected values."""
    return Decimal(str(amount)) * 10000


# --- import files ----------------------------------------------------------------------------------
def write_csv(path, header: list[str], rows: list[list[Any]], *, encoding: str = "utf-8-sig"):
    """A CSV file as Excel writes it (UTF-8 with BOM by default); ``None`` is an empty cell."""
    import csv

    with open(path, "w", newline="", encoding=encoding) as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows([["" if v is None else v for v in row] for row in rows])
    return path


def write_xlsx(path, header: list[str], rows: list[list[Any]]):
    """An .xlsx workbook written with openpyxl; cells keep their Python types (int, date, bool ...)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def write_sheet(path, header: list[str], rows: list[list[Any]]):
    """By suffix: .csv or .xlsx."""
    return write_csv(path, header, rows) if str(path).endswith(".csv") else write_xlsx(path, header, rows)
