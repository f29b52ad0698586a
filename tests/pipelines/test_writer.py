"""PostgresWriterPipeline: its settings, and how it batches rows (real crawls, real PostgreSQL)."""

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from pipelines.writer import PostgresWriterPipeline, WriterConfig


def leads(count: int) -> list[dict]:
    return [
        {
            "type": "lead",
            "source": "directory",
            "source_id": f"L{i}",
            "url": f"http://x.test/biz/L{i}",
            "name": f"Shop {i}",
        }
        for i in range(count)
    ]


def test_the_config_has_defaults():
    config = WriterConfig.from_settings(
        Settings({"TRAWL_DATABASE_URL": "postgresql://db.test/trawl"})
    )
    assert config == WriterConfig(
        "postgresql://db.test/trawl", batch_size=500, flush_seconds=2.0, migrate=True
    )


def test_the_database_url_defaults_to_database_url_from_the_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://env.test/trawl")
    assert WriterConfig.from_settings(Settings()).database_url == "postgresql://env.test/trawl"


def test_the_config_reads_every_setting():
    settings = Settings({
        "TRAWL_DATABASE_URL": "postgresql://db.test/trawl", "TRAWL_WRITER_BATCH_SIZE": "50",
        "TRAWL_WRITER_FLUSH_SECONDS": "0.5", "TRAWL_WRITER_MIGRATE": "False",
    })  # fmt: skip
    assert WriterConfig.from_settings(settings) == WriterConfig(
        "postgresql://db.test/trawl", 50, 0.5, False
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TRAWL_WRITER_BATCH_SIZE", "0"),
        ("TRAWL_WRITER_BATCH_SIZE", "many"),
        ("TRAWL_WRITER_FLUSH_SECONDS", "-1"),
    ],
)
def test_a_bad_setting_is_named_with_its_value(name, value):
    settings = Settings({"TRAWL_DATABASE_URL": "postgresql://db.test/trawl", name: value})
    with pytest.raises(ValueError, match=f"{name} must be a positive .*, got '{value}'"):
        WriterConfig.from_settings(settings)


def test_the_writer_can_be_switched_off():
    with pytest.raises(NotConfigured):
        PostgresWriterPipeline.from_crawler(
            get_crawler(settings_dict={"TRAWL_WRITER_ENABLED": False})
        )


def test_a_full_batch_is_written_at_once(crawl, query):
    result = crawl(
        leads(25), settings={"TRAWL_WRITER_BATCH_SIZE": 10, "TRAWL_WRITER_FLUSH_SECONDS": 60}
    )
    # two full batches while crawling, the last five at close
    assert result.stats["trawl/writer/flushes"] == 3
    assert query("select count(*) as n from lead_observations") == [{"n": 25}]


def test_a_partial_batch_is_written_when_it_is_old_enough(crawl, query):
    result = crawl(
        leads(4),
        delay=0.4,
        settings={"TRAWL_WRITER_BATCH_SIZE": 1000, "TRAWL_WRITER_FLUSH_SECONDS": 0.2},
    )
    # items arrive every 0.4 s: each waits at most ~0.2 s, not for the end of the crawl
    assert result.stats["trawl/writer/flushes"] >= 3
    assert query("select count(*) as n from lead_observations") == [{"n": 4}]


def test_rows_are_spread_over_time_when_flushed_on_time(crawl, query):
    crawl(
        leads(4),
        delay=0.4,
        settings={"TRAWL_WRITER_BATCH_SIZE": 1000, "TRAWL_WRITER_FLUSH_SECONDS": 0.2},
    )
    [span] = query(
        "select max(observed_at) - min(observed_at) > interval '0.8 seconds' as spread"
        " from lead_observations"
    )
    assert span == {"spread": True}


def test_a_crawl_with_nothing_to_store_still_closes_its_run(crawl, query):
    result = crawl([])
    assert result.stats["trawl/items_stored"] == 0
    assert query("select status, items_stored from crawl_runs") == [
        {"status": "finished", "items_stored": 0}
    ]


def test_a_crawl_against_a_database_that_is_down_fails_at_once_and_says_why(tmp_path, item_crawler):
    with pytest.raises(AssertionError) as failed:
        item_crawler("postgresql://postgres@127.0.0.1:1/trawl", tmp_path, leads(1))
    assert "cannot connect to the raw store at postgresql://postgres@127.0.0.1:1/trawl" in str(
        failed.value
    )
