"""Alembic migrations of the raw store (a package so that installs ship them)."""
