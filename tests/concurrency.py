"""Run callables at the same instant in real threads, each with its own database
connection, and collect what each returned or raised."""

import threading

from django.db import connection


def race(*calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, fn):
        try:
            barrier.wait()
            results[i] = fn()
        except Exception as exc:  # noqa: BLE001 — the outcome is what the test asserts
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def until_it_lands(attempt, tries=50):
    """Call `attempt` (which re-reads the record and writes with the version it read)
    until it is not refused as stale — what a user does after "请刷新后重试"."""
    from core.exceptions import ConflictError

    for _ in range(tries):
        try:
            return attempt()
        except ConflictError:
            continue
    raise AssertionError(f"still refused after {tries} tries")
