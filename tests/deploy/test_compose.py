"""The deployment, checked as far as a machine without a Docker engine can: the compose file
parses and hangs together, the Dockerfile copies what exists and leaves this machine's state
out of the image, and Dagster's instance config (deploy/dagster.yaml, on PostgreSQL through
dagster-postgres) loads against a real PostgreSQL, creating its tables there."""

from __future__ import annotations

import re
import uuid

import psycopg
import pytest
import yaml
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from pipelines import database
from pipelines.database import PROJECT_ROOT

COMPOSE = yaml.safe_load((PROJECT_ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
TRAWL_SERVICES = [name for name, service in SERVICES.items() if service.get("build") == "."]


def test_every_dependency_is_a_service_of_the_file():
    for name, service in SERVICES.items():
        assert set(service.get("depends_on", {})) <= set(SERVICES), name


def test_every_named_volume_is_declared():
    declared = set(COMPOSE.get("volumes") or {})
    for name, service in SERVICES.items():
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if not source.startswith((".", "/")):
                assert source in declared, f"{name} mounts undeclared volume {source}"
            else:
                assert (PROJECT_ROOT / source).exists(), f"{name} mounts missing {source}"


def test_the_trawl_services_share_one_image_and_the_stack_is_complete():
    assert {"code", "webserver", "daemon", "migrate", "sandbox"} <= set(TRAWL_SERVICES)
    assert len({SERVICES[name]["image"] for name in TRAWL_SERVICES}) == 1
    assert SERVICES["postgres"]["image"].startswith("postgres:")
    assert SERVICES["redis"]["image"].startswith("redis:")


def test_the_trawl_services_reach_postgres_redis_and_dagsters_database():
    env = SERVICES["code"]["environment"]
    assert env["REDIS_URL"].startswith("redis://redis:")
    assert "@postgres:5432/" in env["DATABASE_URL"]
    assert env["DAGSTER_PG_HOST"] == "postgres"
    created = " ".join(p.read_text() for p in (PROJECT_ROOT / "deploy" / "initdb").iterdir())
    assert f"create database {env['DAGSTER_PG_DB']}" in created.lower()


def test_the_webserver_and_daemon_load_the_code_location_the_code_service_serves():
    workspace = yaml.safe_load((PROJECT_ROOT / "deploy" / "workspace.yaml").read_text())
    server = workspace["load_from"][0]["grpc_server"]
    assert server["host"] == "code"
    cmd = re.search(r"^CMD (.*)$", (PROJECT_ROOT / "Dockerfile").read_text(), re.MULTILINE)
    assert str(server["port"]) in cmd.group(1) and "code-server" in cmd.group(1)
    for name in ("webserver", "daemon"):
        command = SERVICES[name]["command"]
        assert (PROJECT_ROOT / command[command.index("-w") + 1]).is_file()


def test_the_dockerfile_copies_files_that_exist_and_not_this_machines_state():
    for line in (PROJECT_ROOT / "Dockerfile").read_text().splitlines():
        if line.startswith("COPY") and "--from=" not in line:
            for source in line.split()[1:-1]:
                assert (PROJECT_ROOT / source).exists(), f"COPY source {source} is missing"
    ignored = (PROJECT_ROOT / ".dockerignore").read_text().split()
    assert {".venv", ".git", "data", ".dagster"} <= set(ignored)


def test_the_image_syncs_from_the_lock_with_chromium_from_debian():
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    assert re.search(r"apt-get install[^\n]*chromium", dockerfile)
    assert "uv sync --frozen" in dockerfile


@pytest.fixture
def dagster_database(server_url):
    """A throwaway database on the test server, reachable over TCP as the compose file's
    DAGSTER_PG_* variables describe it; dropped afterwards."""
    params = conninfo_to_dict(server_url)
    host = params.get("host") or "127.0.0.1"
    if host.startswith("/"):
        pytest.skip("dagster-postgres connects over TCP: set DATABASE_URL to a TCP server")
    name = f"trawl_test_dagster_{uuid.uuid4().hex[:8]}"
    database.ensure_database(server_url, name)
    yield {
        "DAGSTER_PG_HOST": host,
        "DAGSTER_PG_PORT": str(params.get("port") or 5432),
        "DAGSTER_PG_USER": params.get("user") or "postgres",
        "DAGSTER_PG_PASSWORD": params.get("password") or "unused-with-trust-auth",
        "DAGSTER_PG_DB": name,
    }
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name))
        )


def test_the_dagster_instance_keeps_everything_on_postgres_through_psycopg2():
    config = yaml.safe_load((PROJECT_ROOT / "deploy" / "dagster.yaml").read_text())
    postgres_db = config["storage"]["postgres"]["postgres_db"]
    assert postgres_db["scheme"] == "postgresql+psycopg2"
    assert postgres_db["db_name"] == {"env": "DAGSTER_PG_DB"}


def test_the_dagster_instance_config_loads_on_postgres_and_creates_its_tables(
    dagster_database, tmp_path, monkeypatch
):
    from dagster import DagsterInstance, RunsFilter

    for variable, value in dagster_database.items():
        monkeypatch.setenv(variable, value)
    home = tmp_path / "dagster_home"
    home.mkdir()
    config = (PROJECT_ROOT / "deploy" / "dagster.yaml").read_text()
    # the storage directories are the image's; here, the test's own
    (home / "dagster.yaml").write_text(config.replace("/opt/dagster/storage", str(tmp_path)))
    instance = DagsterInstance.from_config(str(home))
    try:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        assert type(instance.event_log_storage).__name__ == "PostgresEventLogStorage"
        assert type(instance.schedule_storage).__name__ == "PostgresScheduleStorage"
        assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
        assert instance.get_runs(RunsFilter()) == []
    finally:
        instance.dispose()
    url = database.with_database(
        f"postgresql://{dagster_database['DAGSTER_PG_USER']}@{dagster_database['DAGSTER_PG_HOST']}"
        f":{dagster_database['DAGSTER_PG_PORT']}/postgres",
        dagster_database["DAGSTER_PG_DB"],
    )
    with psycopg.connect(url) as connection:
        tables = {
            row[0]
            for row in connection.execute(
                "select table_name from information_schema.tables where table_schema = 'public'"
            )
        }
    assert {"runs", "event_logs", "jobs", "alembic_version"} <= tables
