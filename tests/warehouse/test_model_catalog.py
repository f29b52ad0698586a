"""Models are found on disk and their dependencies read from their SQL, never declared twice."""

from __future__ import annotations

import pytest

from warehouse.catalog import ModelError, build_order, list_models, relations_read, upstream


def write_models(root, **models: str):
    """Write `layer/name.sql` files under root from name=(layer, sql) pairs."""
    for name, (layer, sql) in models.items():
        (root / layer).mkdir(parents=True, exist_ok=True)
        (root / layer / f"{name}.sql").write_text(sql)
    return root


def test_a_marts_dependencies_are_the_models_its_sql_reads():
    leads = {m.name: m for m in list_models()}["leads"]
    assert leads.depends_on == (
        "int_lead_contacts_found",
        "int_lead_listings_clustered",
        "int_lead_listings_collapsed",
        "int_lead_listings_keyed",
    )
    assert (leads.layer, leads.materialization, leads.raw_tables) == ("marts", "table", ())


def test_staging_models_are_views_over_raw_tables():
    staging = [m for m in list_models() if m.layer == "staging"]
    assert {m.name: m.raw_tables for m in staging} == {
        "stg_raw__contact_observations": ("contact_observations",),
        "stg_raw__crawl_runs": ("crawl_runs",),
        "stg_raw__lead_observations": ("lead_observations",),
        "stg_raw__product_observations": ("product_observations",),
        "stg_raw__rejects": ("rejects",),
    }
    assert {m.materialization for m in staging} == {"view"}


def test_every_model_comes_after_the_models_it_reads():
    position = {m.name: i for i, m in enumerate(list_models())}
    for model in list_models():
        assert all(position[d] < position[model.name] for d in model.depends_on), model.name


def test_comments_strings_ctes_and_calls_are_not_relations():
    sql = """
        -- from leads
        /* join products */
        with recursive chain as (select 'from lead_sources' as s from raw.crawl_runs)
        select * from chain
        join int_x using (id)
        cross join unnest([1]) as u
        where exists (select 1 from read_parquet('x.parquet'))
    """
    assert relations_read(sql) == {"raw.crawl_runs", "chain", "int_x"}


def test_dependencies_are_read_from_the_files(tmp_path):
    root = write_models(
        tmp_path,
        stg_a=("staging", "select * from raw.lead_observations"),
        int_b=("intermediate", "with a as (select * from stg_a) select * from a"),
        c=("marts", "select * from int_b join stg_a using (id)"),
    )
    models = list_models(root)
    assert [(m.name, m.depends_on, m.raw_tables) for m in models] == [
        ("stg_a", (), ("lead_observations",)),
        ("int_b", ("stg_a",), ()),
        ("c", ("int_b", "stg_a"), ()),
    ]


def test_a_cycle_is_reported_with_its_path(tmp_path):
    root = write_models(
        tmp_path,
        a=("intermediate", "select * from b"),
        b=("intermediate", "select * from a"),
    )
    with pytest.raises(ModelError, match=r"cycle: (a -> b -> a|b -> a -> b)"):
        list_models(root)


def test_two_models_of_one_name_are_refused(tmp_path):
    write_models(tmp_path, x=("staging", "select 1"))
    (tmp_path / "marts").mkdir()
    (tmp_path / "marts" / "x.sql").write_text("select 2")
    with pytest.raises(ModelError, match="two models are named 'x'"):
        list_models(tmp_path)


def test_upstream_adds_every_model_read_directly_or_not():
    names = [m.name for m in upstream(["leads"])]
    assert names[-1] == "leads"
    assert set(names) == {
        "leads",
        "int_lead_listings_clustered",
        "int_lead_pairs_matched",
        "int_lead_pairs_scored",
        "int_lead_pairs_blocked",
        "int_lead_listings_keyed",
        "int_lead_listings_collapsed",
        "stg_raw__lead_observations",
        "int_lead_contacts_found",
        "stg_raw__contact_observations",
    }


def test_build_order_keeps_dependency_order_whatever_order_names_come_in():
    names = [m.name for m in build_order(["leads", "stg_raw__lead_observations"])]
    assert names == ["stg_raw__lead_observations", "leads"]
