"""A crawl is compared with the previous crawl of the same spider with the same arguments."""

from __future__ import annotations

import json

import psycopg

from orchestration.crawl_checks import previous_run_id


def add_run(conn, spider: str, arguments: dict, status: str = "finished") -> int:
    return conn.execute(
        "insert into crawl_runs (spider, arguments, started_at, status, items_stored,"
        " items_rejected) values (%s, %s, now(), %s, 10, 0) returning id",
        (spider, json.dumps(arguments), status),
    ).fetchone()[0]


def test_a_city_crawl_is_compared_with_the_last_crawl_of_that_city(clean_tables):
    with psycopg.connect(clean_tables, autocommit=True) as conn:
        springfield = add_run(conn, "directory", {"city": "springfield"})
        add_run(conn, "directory", {"city": None})  # the whole site
        add_run(conn, "directory", {"city": "peoria"})
        add_run(conn, "maps", {"city": "springfield"})
        current = add_run(conn, "directory", {"city": "springfield"})
        assert previous_run_id(conn, current) == springfield


def test_an_unfinished_run_is_not_a_baseline(clean_tables):
    with psycopg.connect(clean_tables, autocommit=True) as conn:
        finished = add_run(conn, "marketplace", {"category": None})
        add_run(conn, "marketplace", {"category": None}, status="failed")
        current = add_run(conn, "marketplace", {"category": None})
        assert previous_run_id(conn, current) == finished


def test_a_first_crawl_has_no_baseline(clean_tables):
    with psycopg.connect(clean_tables, autocommit=True) as conn:
        add_run(conn, "directory", {"city": "peoria"})
        current = add_run(conn, "directory", {"city": "springfield"})
        assert previous_run_id(conn, current) is None
