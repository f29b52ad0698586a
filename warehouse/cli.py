"""`trawl warehouse ...`: build the warehouse from the raw store, list its models.

Settings: DATABASE_URL (the raw store, see `pipelines.database`), TRAWL_WAREHOUSE_PATH and
TRAWL_EXPORT_DIR (defaults for --target and --exports, see `warehouse.settings`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from trawl.cli import UsageError
from warehouse import settings
from warehouse.catalog import ModelError, list_models


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("warehouse", help="build the DuckDB warehouse")
    commands = parser.add_subparsers(dest="warehouse_command", required=True, metavar="COMMAND")

    build = commands.add_parser(
        "build", help="rebuild the warehouse from the raw store and publish it atomically"
    )
    build.add_argument(
        "--target",
        type=Path,
        help="the DuckDB file (default: TRAWL_WAREHOUSE_PATH or data/warehouse.duckdb)",
    )
    build.add_argument(
        "--exports",
        type=Path,
        help="where marts go as Parquet (default: TRAWL_EXPORT_DIR or data/exports)",
    )
    build.add_argument("--no-exports", action="store_true", help="skip the Parquet exports")
    build.add_argument(
        "--model",
        action="append",
        dest="models",
        metavar="NAME",
        help="build only this model onto a copy of the current warehouse (repeatable)",
    )
    build.set_defaults(run=run_build)

    models = commands.add_parser("models", help="list the SQL models and what each reads")
    models.set_defaults(run=run_models)


def run_build(args: argparse.Namespace) -> int:
    from pipelines.database import database_url
    from warehouse.build import build_warehouse

    target = args.target or settings.warehouse_path()
    exports = None if args.no_exports else (args.exports or settings.export_dir())
    try:
        result = build_warehouse(database_url(), target, exports, models=args.models)
    except ModelError as error:
        raise UsageError(str(error)) from None
    width = max(len(m.name) for m in result.models)
    print(f"raw snapshot: {result.raw_rows} in {result.snapshot_seconds:.2f}s")
    for model in result.models:
        print(
            f"{model.name:<{width}}  {model.materialization:<5}  {model.rows:>10,} rows  "
            f"{model.seconds:6.2f}s"
        )
    print(f"published {target} in {result.seconds:.1f}s")
    for path in result.exports.values():
        print(f"exported {path}")
    return 0


def run_models(args: argparse.Namespace) -> int:
    for model in list_models():
        reads = [*model.depends_on, *(f"raw.{t}" for t in model.raw_tables)]
        print(
            f"{model.layer:<12}  {model.materialization:<5}  {model.name:<32}  "
            f"reads {', '.join(reads)}"
        )
    return 0
