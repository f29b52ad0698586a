"""`trawl warehouse ...`: build the warehouse from the raw store, list its models; and
`trawl dedupe leads|products IN.csv OUT.csv`: the warehouse's matching on any CSV.

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

    register_dedupe(subparsers)


def register_dedupe(subparsers: argparse._SubParsersAction) -> None:
    from warehouse.dedupe import KINDS

    dedupe = subparsers.add_parser(
        "dedupe",
        help="cluster the rows of a CSV of businesses or products with the warehouse's matching",
        description="Write every row of IN.csv to OUT.csv with a cluster_id column: rows that "
        "are one business (one product) share it. Columns are recognized by name; "
        + "; ".join(f"{kind}: {', '.join(spec.fields)}" for kind, spec in KINDS.items())
        + ". Any may be missing.",
    )
    dedupe.add_argument("kind", choices=sorted(KINDS), help="what the rows are")
    dedupe.add_argument("source", type=Path, metavar="IN.csv", help="the rows, with a header")
    dedupe.add_argument("target", type=Path, metavar="OUT.csv", help="where the rows go")
    dedupe.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=HEADER",
        help='read FIELD from the column HEADER, e.g. --column name="Site name" (repeatable)',
    )
    dedupe.set_defaults(run=run_dedupe)


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


def run_dedupe(args: argparse.Namespace) -> int:
    from warehouse.dedupe import DedupeError, dedupe_csv

    overrides = {}
    for mapping in args.column:
        field, separator, header = mapping.partition("=")
        if not separator or not field.strip() or not header:
            raise UsageError(f'--column {mapping!r} is not FIELD=HEADER, e.g. name="Site name"')
        overrides[field.strip()] = header
    try:
        result = dedupe_csv(args.kind, args.source, args.target, overrides)
    except DedupeError as error:
        raise UsageError(str(error)) from None
    columns = ", ".join(f"{field} <- {header!r}" for field, header in result.columns.items())
    print(f"read {columns}")
    print(
        f"wrote {result.rows:,} rows in {result.clusters:,} clusters to {args.target} "
        f"in {result.seconds:.1f}s"
    )
    return 0
