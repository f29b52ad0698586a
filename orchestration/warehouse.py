"""Warehouse assets: one per SQL model, with dependencies read from the SQL, and a publish step.

Each model asset builds its model into the run's working copy of the DuckDB file; the
`warehouse` asset then publishes that copy atomically (and the Parquet exports), so an
analyst never opens a half-built warehouse.
"""

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    MaterializeResult,
    MetadataValue,
    asset,
)

from orchestration.crawl import crawls_writing
from orchestration.previews import table_metadata
from orchestration.resources import Warehouse
from warehouse.build import build_models, publish
from warehouse.catalog import Model, list_models

LAYER_GROUPS = {"staging": "staging", "intermediate": "matching", "marts": "marts"}


def model_description(model: Model) -> str:
    """The first comment line of the model's SQL, or a plain description of what it is."""
    for line in model.sql.splitlines():
        if line.startswith("--"):
            return line.lstrip("- ").strip()
    return f"{model.layer} model {model.name} ({model.materialization})."


def model_deps(model: Model) -> list[AssetKey]:
    upstream = [AssetKey(name) for name in model.depends_on]
    for table in model.raw_tables:
        upstream += [AssetKey(name) for name in crawls_writing(table)]
    return sorted(set(upstream), key=lambda key: key.to_user_string())


def model_asset(model: Model) -> AssetsDefinition:
    @asset(
        name=model.name,
        group_name=LAYER_GROUPS[model.layer],
        description=model_description(model),
        deps=model_deps(model),
        kinds={"duckdb", "sql"},
        metadata={
            "path": str(model.path.relative_to(model.path.parents[2])),
            "sql": MetadataValue.md(f"```sql\n{model.sql}\n```"),
        },
    )
    def _model(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
        result = build_models(
            warehouse.database_url(),
            warehouse.target_path(),
            [model.name],
            run_id=context.run.run_id,
        )
        built = result.models[-1]
        metadata = {
            "rows": built.rows,
            "dagster/row_count": built.rows,
            "seconds": round(built.seconds, 3),
            "materialization": built.materialization,
            **{f"raw_rows_{table}": rows for table, rows in result.raw_rows.items()},
        }
        if model.is_mart:  # sample rows and columns, for the people who query the marts
            metadata.update(table_metadata(warehouse.target_path(), context.run.run_id, model.name))
        return MaterializeResult(metadata=metadata)

    return _model


MODELS = list_models()
model_assets = [model_asset(model) for model in MODELS]


@asset(
    group_name="marts",
    deps=[AssetKey(model.name) for model in MODELS if model.is_mart],
    kinds={"duckdb", "parquet"},
)
def warehouse(context: AssetExecutionContext, warehouse: Warehouse) -> MaterializeResult:
    """The published warehouse: the marts swapped atomically into place and exported to Parquet."""
    exports = publish(warehouse.target_path(), warehouse.export_path(), run_id=context.run.run_id)
    return MaterializeResult(
        metadata={
            "path": MetadataValue.path(str(warehouse.target_path())),
            **{f"export_{mart}": MetadataValue.path(str(path)) for mart, path in exports.items()},
        }
    )
