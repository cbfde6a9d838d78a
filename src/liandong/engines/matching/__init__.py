"""Matchmaking engine (供需撮合): jieba + a domain dictionary and synonyms, BM25 (bm25s), the chain
graph, locality, capability and history; Chinese name resolution. Pure: no Django."""

from .engine import MatchData, Matcher, Suggestion, ndcg_at, recall_at
from .names import NameIndex, core_name, resolve
from .text import SYNONYMS, Analyzer, normalise

__all__ = ["SYNONYMS", "Analyzer", "MatchData", "Matcher", "NameIndex", "Suggestion", "core_name", "ndcg_at", "normalise",
           "recall_at", "resolve"]
