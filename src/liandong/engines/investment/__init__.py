"""Investment promotion arithmetic, pure (no Django; time comes in as arguments): the landed summary,
leads born from the chain gaps, and the pipeline's funnel and durations. Rules:
docs/domains/investment.md; JSON: docs/cli.md#projects-summary and docs/cli.md#projects-leads."""

from liandong.engines.investment.leads import (
    LEAD_STATUSES,
    chain_gap_leads,
    jingjinji_leads,
    master_supplier_leads,
)
from liandong.engines.investment.pipeline import pipeline_figures
from liandong.engines.investment.stages import (
    LANDED,
    STAGE_ZH,
    STAGES,
    TERMINATED,
    StageError,
    check_transition,
)
from liandong.engines.investment.summary import summarize, summary_sentence

__all__ = ["LANDED", "LEAD_STATUSES", "STAGES", "STAGE_ZH", "TERMINATED", "StageError", "chain_gap_leads",
           "check_transition", "jingjinji_leads", "master_supplier_leads", "pipeline_figures", "summarize",
           "summary_sentence"]
