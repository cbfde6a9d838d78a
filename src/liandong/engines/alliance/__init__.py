"""Pure rules of the chain alliance (issue #17): the rotating host (``rota``) and pairing
suggestions (``suggestions``). No Django; dates come in as arguments."""

from .rota import RotaMember, plan_rota
from .suggestions import PairCandidate, suggest_pairings

__all__ = ["PairCandidate", "RotaMember", "plan_rota", "suggest_pairings"]
