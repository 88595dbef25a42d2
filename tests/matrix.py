"""Counts of the authorization matrix, printed at the end of the run (conftest hook)."""

from collections import Counter

CALLS = Counter()


def record(who, path, method, status):
    CALLS[(who, method, status // 100)] += 1
# Examples each fuzz target ran (hypothesis / schemathesis).
FUZZ = Counter()
