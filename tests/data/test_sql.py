"""Queries.sql: one read-only statement, with a row cap and a time limit, and nothing else."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from milex import InvalidQueryError, Milex, Table

RUNAWAY = (
    "WITH RECURSIVE counter(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM counter) "
    "SELECT COUNT(*) FROM counter"
)


def observation_count(db: Milex) -> int:
    (count,) = db.tables.conn.execute("SELECT COUNT(*) FROM observations").fetchone()
    return int(count)


@pytest.fixture(scope="module")
def observations_before(db: Milex) -> int:
    count = observation_count(db)
    assert count > 50_000
    return count


def test_select_returns_columns_and_rows(db: Milex) -> None:
    table = db.tables.sql(
        "SELECT release_id, published FROM releases WHERE source = 'nato' ORDER BY published"
    )
    assert isinstance(table, Table)
    assert table.columns == ["release_id", "published"]
    assert table.rows == [
        ("nato-2024-06", "2024-06-17"),
        ("nato-2025-08", "2025-08-28"),
        ("nato-2026-07", "2026-07-10"),
    ]
    assert table.notes == []


def test_select_reads_the_facts_view(db: Milex) -> None:
    table = db.tables.sql(
        "SELECT value, unit FROM facts WHERE release_id = 'nato-2025-08' "
        "AND iso3 = 'ALB' AND year = 2017"
    )
    assert table.records() == [{"value": 1.1, "unit": "percent of real GDP"}]


@pytest.mark.parametrize(
    ("statement", "refused"),
    [
        ("DELETE FROM observations", "delete observations"),
        ("INSERT INTO meta VALUES ('a', 'b')", "insert meta"),
        ("UPDATE observations SET value = 0", "update observations"),
        # SQLite asks about its own schema table first; that is what the message names.
        ("DROP TABLE observations", "delete sqlite_master"),
        ("CREATE TABLE scratch (x)", "insert sqlite_master"),
        ("CREATE TEMP TABLE scratch AS SELECT 1", "insert sqlite_temp_master"),
        ("ATTACH DATABASE ':memory:' AS other", "attach"),
        ("PRAGMA journal_mode=WAL", "pragma journal_mode"),
        ("PRAGMA user_version=5", "pragma user_version"),
        ("BEGIN", "transaction"),
    ],
)
def test_anything_but_reading_is_refused(
    db: Milex, observations_before: int, statement: str, refused: str
) -> None:
    with pytest.raises(InvalidQueryError) as raised:
        db.tables.sql(statement)
    assert str(raised.value).startswith("sql: only reading is allowed; refused: ")
    assert refused in str(raised.value)
    assert observation_count(db) == observations_before


@pytest.mark.parametrize(
    "statement",
    ["SELECT 1; SELECT 2", "SELECT 1; DELETE FROM observations", "SELECT 1;\nDROP TABLE meta"],
)
def test_only_one_statement_is_accepted(
    db: Milex, observations_before: int, statement: str
) -> None:
    with pytest.raises(InvalidQueryError, match=r"give exactly one (complete )?statement"):
        db.tables.sql(statement)
    assert observation_count(db) == observations_before


@pytest.mark.parametrize("statement", ["SELECT 1 /*", "SELECT", "SELECT 'unclosed"])
def test_incomplete_statement_is_an_invalid_query(db: Milex, statement: str) -> None:
    with pytest.raises(InvalidQueryError, match=r"^sql: "):
        db.tables.sql(statement)


@pytest.mark.parametrize("statement", ["", "   ", " ;  ", ";;"])
def test_empty_statement_is_refused(db: Milex, statement: str) -> None:
    with pytest.raises(InvalidQueryError, match="empty statement"):
        db.tables.sql(statement)


def test_sql_errors_become_invalid_query_errors(db: Milex) -> None:
    with pytest.raises(InvalidQueryError, match="no such table: nowhere"):
        db.tables.sql("SELECT * FROM nowhere")


def test_reading_pragmas_are_allowed(db: Milex) -> None:
    table = db.tables.sql("PRAGMA table_info(releases)")
    assert "name" in table.columns
    assert table.column("name")[:3] == ["release_id", "source", "title"]


def test_semicolon_in_a_string_is_part_of_one_statement(db: Milex) -> None:
    assert db.tables.sql("SELECT ';'").rows == [(";",)]
    assert db.tables.sql("SELECT 'a;b' AS text;").rows == [("a;b",)]


def test_runaway_query_is_stopped_by_the_time_limit(db: Milex) -> None:
    with pytest.raises(InvalidQueryError, match=r"stopped after the 0.3 s time limit"):
        db.tables.sql(RUNAWAY, timeout=0.3)
    # The progress handler is removed again: a long but finite query runs to its end.
    finite = RUNAWAY.replace("FROM counter)", "FROM counter WHERE n < 200000)")
    assert db.tables.sql(finite, timeout=30).rows == [(200_000,)]


def test_row_cap_truncates_and_says_so(db: Milex) -> None:
    table = db.tables.sql("SELECT iso3, year FROM observations", limit=5)
    assert len(table.rows) == 5
    assert table.truncated
    assert table.notes == ["stopped at the first 5 rows: the result has more"]


def test_result_of_exactly_the_cap_is_not_marked_truncated(db: Milex) -> None:
    table = db.tables.sql("SELECT 1 UNION ALL SELECT 2", limit=2)
    assert table.rows == [(1,), (2,)]
    assert table.notes == [] and not table.truncated


def test_limit_below_one_is_refused(db: Milex) -> None:
    with pytest.raises(InvalidQueryError, match="limit must be at least 1"):
        db.tables.sql("SELECT 1", limit=0)


def test_connection_works_normally_after_a_refusal(db: Milex) -> None:
    with pytest.raises(InvalidQueryError):
        db.tables.sql("DELETE FROM observations")
    # The authorizer is reset: ordinary queries (not only sql()) read every table again.
    assert db.tables.release_ids("sipri") == ["sipri-2025", "sipri-2026"]
    assert db.tables.sql("SELECT COUNT(*) FROM releases").rows == [(7,)]
    assert db.tables.conn.execute("PRAGMA user_version").fetchone() == (0,)


@pytest.mark.parametrize("statement", ["SELECT 1\x00", "SELECT '\udcff'"])
def test_text_sqlite_cannot_take_is_an_invalid_query(db: Milex, statement: str) -> None:
    # A NUL or a lone surrogate (e.g. from undecodable command-line bytes) cannot reach SQLite.
    with pytest.raises(InvalidQueryError, match=r"^sql: "):
        db.tables.sql(statement)


@pytest.mark.parametrize(
    "statement", ["SELECT 1 -- one", "SELECT 1; -- one", "SELECT 1 /* one */;"]
)
def test_trailing_comments_are_allowed(db: Milex, statement: str) -> None:
    assert db.tables.sql(statement).rows == [(1,)]


@settings(max_examples=300, deadline=None)
@given(statement=st.text(max_size=200))
@example("SELECT 1; DROP TABLE observations")
@example("DELETE FROM observations WHERE 1")
@example("VACUUM")
@example("REINDEX")
@example("ANALYZE")
@example("DETACH main")
@example("PRAGMA query_only = 0")
@example("SELECT load_extension('x')")
@example("'")
@example("--")
@example("/*")
@example("SELECT")
@example(RUNAWAY)
def test_any_text_gives_a_table_or_invalid_query(
    db: Milex, observations_before: int, statement: str
) -> None:
    try:
        result = db.tables.sql(statement, limit=20, timeout=0.5)
    except InvalidQueryError as exc:
        assert str(exc).startswith("sql: ")
    else:
        assert isinstance(result, Table)
        assert len(result.rows) <= 20
    assert observation_count(db) == observations_before


def test_a_huge_value_is_refused_not_allocated(db: Milex) -> None:
    with pytest.raises(InvalidQueryError, match="too big"):
        db.tables.sql("SELECT randomblob(1000000000)")
    assert db.tables.sql("SELECT length(randomblob(1000))").rows == [(1000,)]
