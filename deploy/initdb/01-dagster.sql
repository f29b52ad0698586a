-- Dagster's instance lives in its own database beside trawl's raw store.
create database dagster owner trawl;
