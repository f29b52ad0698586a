"""Asset checks on the marts: unique keys, not-null, accepted values, freshness.

One multi-asset check per mart (one step, run right after the mart in the same run) judges
the rules in orchestration/mart_rules.py on what the run built (its working copy; the
published file when the check is launched on its own). Unique keys, not-null and accepted
values are blocking: when one fails, `warehouse` does not publish the run's copy, and
analysts keep the previous warehouse. Freshness only warns: stale data is still the best
there is, and the crawl checks say why it is stale.
"""

# no `from __future__ import annotations` here: Dagster reads the context and resource
# types of check functions at definition time.

from collections.abc import Iterator

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetCheckSpec,
    multi_asset_check,
)

from orchestration.mart_rules import MART_RULES, MartRules, check_names, judge_mart, max_age_hours
from orchestration.monitors import Verdict
from orchestration.resources import Warehouse
from orchestration.warehouse_reader import NothingBuilt, read_built
from warehouse.catalog import list_models

DESCRIPTIONS = {
    "unique_key": "One row per key, and no null key.",
    "not_null": "Columns that must always be filled are.",
    "accepted_values": "Columns hold only the accepted values (availability, ISO currency…).",
    "freshness": "The newest row is recent (TRAWL_CHECK_MAX_MART_AGE_HOURS).",
}
WARN_ONLY = {"freshness"}


def mart_check(mart: str, rules: MartRules) -> AssetChecksDefinition:
    specs = [
        AssetCheckSpec(
            name, asset=mart, blocking=name not in WARN_ONLY, description=DESCRIPTIONS[name]
        )
        for name in check_names(rules)
    ]

    @multi_asset_check(name=f"{mart}_checks", specs=specs, can_subset=True)
    def _checks(
        context: AssetCheckExecutionContext, warehouse: Warehouse
    ) -> Iterator[AssetCheckResult]:
        selected = {key.name for key in context.selected_asset_check_keys}
        try:
            with read_built(warehouse.target_path(), context.run.run_id) as con:
                verdicts = judge_mart(con, mart, rules, max_age_hours())
        except NothingBuilt as missing:
            verdicts = {name: Verdict(False, str(missing)) for name in check_names(rules)}
        for name, verdict in verdicts.items():
            if name in selected:
                yield AssetCheckResult(
                    asset_key=mart,
                    check_name=name,
                    passed=verdict.passed,
                    description=verdict.description,
                    metadata=verdict.metadata,
                    severity=AssetCheckSeverity.WARN
                    if name in WARN_ONLY
                    else AssetCheckSeverity.ERROR,
                )

    return _checks


MARTS = {model.name for model in list_models() if model.is_mart}
mart_checks = [mart_check(mart, rules) for mart, rules in MART_RULES.items() if mart in MARTS]
