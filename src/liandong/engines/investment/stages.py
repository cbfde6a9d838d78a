"""The stages of a project (线索 → 洽谈 → 签约 → 注册 → 开工 → 投产, or 终止) and what each requires."""

from __future__ import annotations

import datetime as dt

STAGES = ("lead", "talks", "signed", "registered", "started", "producing")
"""The forward stages in order; ``terminated`` (终止) may follow any of them."""
TERMINATED = "terminated"
LANDED = frozenset({"registered", "started", "producing"})
"""A project has landed (落地) once registered: 注册, 开工 or 投产. 终止 no longer counts."""
STAGE_ZH = {"lead": "线索", "talks": "洽谈", "signed": "签约", "registered": "注册", "started": "开工",
            "producing": "投产", TERMINATED: "终止"}
STAGE_BY_ZH = {v: k for k, v in STAGE_ZH.items()}


class StageError(ValueError):
    """A stage or its dates break the rules; ``field`` names what to fix."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def rank(stage: str) -> int:
    return STAGES.index(stage) if stage in STAGES else -1


def check_dates(stage: str, signed: dt.date | None, registered: dt.date | None) -> None:
    """注册 and later need a registration date; it is never before the signing date; a project not yet
    signed has no signing date in the future of its registration (docs/imports.md#projects)."""
    if stage in LANDED and registered is None:
        raise StageError("registered", "注册、开工、投产阶段须填写注册日期")
    if stage in LANDED and signed is None:
        raise StageError("signed", "注册、开工、投产阶段须填写签约日期")
    if signed is not None and registered is not None and registered < signed:
        raise StageError("registered", "注册日期不能早于签约日期")
    if stage in {"lead", "talks"} and registered is not None:
        raise StageError("registered", "未签约的项目不能有注册日期")


def check_transition(current: str, target: str, *, reason: str = "") -> None:
    """Forward by one or more stages, or to 终止 with a reason; never back, never out of 终止."""
    if target not in STAGES and target != TERMINATED:
        raise StageError("stage", "未知阶段")
    if current == TERMINATED:
        raise StageError("stage", "项目已终止")
    if target == TERMINATED:
        if not reason.strip():
            raise StageError("reason", "终止项目须说明原因")
        return
    if rank(target) <= rank(current):
        raise StageError("stage", "只能推进到后续阶段")

