"""Chinese full-text search: jieba tokens in a `search_text` column, indexed by
SQLite FTS5 (unicode61 tokenizer over the space-separated tokens) or a
PostgreSQL GIN index on to_tsvector('simple', search_text).

Why tokens and not trigrams: FTS5's trigram tokenizer cannot match two-character
words such as 隐患; jieba's search mode emits both the words and their
sub-words, so "消防通道" is found by 消防 and by 通道.
"""

import re

import jieba
from django.db import connection
from django.db.models import BooleanField, F, Func
from django.db.models.expressions import RawSQL

from .search import normalize

jieba.setLogLevel(60)
_WORD = re.compile(r"\w", re.UNICODE)
# SQLite: up to this many matches are looked up by key; more, and the scope leads (fulltext_filter).
FEW_MATCHES = 2000


def tokens(text):
    """Search-mode jieba tokens of the text, lower-cased, punctuation dropped."""
    seen, out = set(), []
    for tok in jieba.cut_for_search(normalize(text)):
        tok = tok.strip()
        if tok and _WORD.search(tok) and tok not in seen:
            seen.add(tok)
            out.append(tok)
    return out


def index_text(*parts):
    return " ".join(tokens(" ".join(str(p) for p in parts if p)))


def _query_tokens(text):
    # For the query use the precise cut: each word the user typed must match.
    return [t for t in (w.strip() for w in jieba.cut(normalize(text))) if t and _WORD.search(t)]


def fulltext_filter(queryset, text):
    """Filter a queryset whose table has `search_text` indexed (see `fts_migration_ops`)."""
    words = _query_tokens(text)
    if not words:
        return queryset
    # The match is a self-contained subquery on the primary key, so the filtered queryset may
    # itself become a subquery (the metrics page does) where Django renames the table.
    table = queryset.model._meta.db_table
    if connection.vendor == "postgresql":
        query = " & ".join("'" + w.replace("'", "''").replace("\\", "") + "'" for w in words)
        # The match on the row itself (the GIN index's expression), beside the scope's conditions: the planner
        # ANDs the region index's bitmap with the index's, so a county reads its own matches — not, as
        # `id IN (SELECT id … WHERE match)`, every match of the province fetched first.
        return queryset.filter(TsMatch(F("search_text"), query=query))
    if connection.vendor == "sqlite":
        match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        matches = f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s"
        with connection.cursor() as cursor:
            cursor.execute(matches + " LIMIT %s", [match, FEW_MATCHES + 1])
            few = [row[0] for row in cursor.fetchall()]
        if len(few) <= FEW_MATCHES:
            return queryset.filter(pk__in=few)  # a rare word: its rows by key, whatever the scope
        # A common word: `+id IN (the matches)`. The unary plus keeps the match list from driving the
        # query; otherwise SQLite walks every match of the province and fetches its row by key before
        # the scope's region filter (a county's search read a fifth of the register). With it the
        # scope's region index leads and the matches are one membership probe per row in scope.
        return queryset.alias(_fts_key=Func(F("pk"), template="+%(expressions)s")).filter(
            _fts_key__in=RawSQL(matches, [match]))
    for w in words:  # other databases: plain containment
        queryset = queryset.filter(search_text__contains=w)
    return queryset


class TsMatch(Func):
    """`to_tsvector('simple', <column>) @@ to_tsquery('simple', <query>)` — the expression the GIN index is
    built on (fts_sql), so the index serves it; a condition for filter()."""

    output_field = BooleanField()

    def __init__(self, expression, query):
        self.query = query
        super().__init__(expression)

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"to_tsvector('simple', {sql}) @@ to_tsquery('simple', %s)", (*params, self.query)


def fts_sql(table):
    """(forward, backward) SQL per vendor for a table's full-text index."""
    sqlite_fwd = [
        f"CREATE VIRTUAL TABLE {table}_fts USING fts5(search_text, content='{table}', content_rowid='id')",
        f"""CREATE TRIGGER {table}_fts_ai AFTER INSERT ON {table} BEGIN
            INSERT INTO {table}_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
        f"""CREATE TRIGGER {table}_fts_ad AFTER DELETE ON {table} BEGIN
            INSERT INTO {table}_fts({table}_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END""",
        f"""CREATE TRIGGER {table}_fts_au AFTER UPDATE OF search_text ON {table} BEGIN
            INSERT INTO {table}_fts({table}_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
            INSERT INTO {table}_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
    ]
    sqlite_back = [f"DROP TRIGGER IF EXISTS {table}_fts_{t}" for t in ("ai", "ad", "au")] + [
        f"DROP TABLE IF EXISTS {table}_fts"
    ]
    pg_fwd = [f"CREATE INDEX {table}_fts_gin ON {table} USING GIN (to_tsvector('simple', search_text))"]
    pg_back = [f"DROP INDEX IF EXISTS {table}_fts_gin"]
    return {"sqlite": (sqlite_fwd, sqlite_back), "postgresql": (pg_fwd, pg_back)}


def fts_migration_ops(table):
    """Migration operations creating the index for whichever database runs them."""
    from django.db import migrations

    sql = fts_sql(table)

    def forward(apps, schema_editor):
        for stmt in sql.get(schema_editor.connection.vendor, ([], []))[0]:
            schema_editor.execute(stmt)

    def backward(apps, schema_editor):
        for stmt in sql.get(schema_editor.connection.vendor, ([], []))[1]:
            schema_editor.execute(stmt)

    return [migrations.RunPython(forward, backward)]
