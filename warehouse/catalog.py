"""The warehouse's SQL models: found on disk, dependencies read from their SQL, sorted to build.

A model is one `.sql` file under `warehouse/models/<layer>/` holding one select. Its name is
the file name; its layer the directory (`staging`, `intermediate`, `marts`); staging models
are views, the others tables. What a model reads is read from its SQL, never declared twice:
a name after `from` or `join` that is another model's name is a dependency, and `raw.<table>`
is a table of the raw store (PostgreSQL), which a build copies into the warehouse first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent / "models"
LAYERS = ("staging", "intermediate", "marts")
MATERIALIZATIONS = {"staging": "view", "intermediate": "table", "marts": "table"}

_COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)
_STRING = re.compile(r"'(?:[^']|'')*'")
# a relation read by the query: the name after `from`/`join`, unless a call follows it
_RELATION = re.compile(r"\b(?:from|join)\s+([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?)\b(?!\s*\()")


class ModelError(ValueError):
    """A model is missing, misnamed or part of a dependency cycle; the message says which."""


@dataclass(frozen=True)
class Model:
    """One SQL model: what it is called, where it sits, and what it reads."""

    name: str
    layer: str  # staging | intermediate | marts
    path: Path
    sql: str
    depends_on: tuple[str, ...]  # other models, by name
    raw_tables: tuple[str, ...]  # tables of the raw store, read as raw.<table>

    @property
    def materialization(self) -> str:
        """How the model is stored: staging models are views, the others tables."""
        return MATERIALIZATIONS[self.layer]

    @property
    def is_mart(self) -> bool:
        return self.layer == "marts"


def relations_read(sql: str) -> set[str]:
    """Every relation name a query reads (after `from`/`join`), lowercased, comments ignored."""
    text = _STRING.sub("''", _COMMENT.sub(" ", sql)).lower()
    return set(_RELATION.findall(text))


def list_models(models_dir: Path = MODELS_DIR) -> list[Model]:
    """Every model under models_dir, in build order (each after the models it reads)."""
    files: dict[str, tuple[str, Path]] = {}
    for layer in LAYERS:
        for path in sorted((models_dir / layer).glob("*.sql")):
            if path.stem in files:
                raise ModelError(
                    f"two models are named {path.stem!r}: {files[path.stem][1]} and {path}; "
                    "model names must be unique across layers"
                )
            files[path.stem] = (layer, path)
    models = {}
    for name, (layer, path) in files.items():
        sql = path.read_text().strip().rstrip(";")
        read = relations_read(sql)
        models[name] = Model(
            name=name,
            layer=layer,
            path=path,
            sql=sql,
            depends_on=tuple(sorted(read & files.keys() - {name})),
            raw_tables=tuple(sorted(r.split(".", 1)[1] for r in read if r.startswith("raw."))),
        )
    return [models[name] for name in _topological_order(models)]


def _topological_order(models: dict[str, Model]) -> list[str]:
    sorter = TopologicalSorter({m.name: m.depends_on for m in models.values()})
    try:
        sorter.prepare()
    except CycleError as error:
        cycle = " -> ".join(error.args[1])
        raise ModelError(f"the models read each other in a cycle: {cycle}; break it") from None
    order = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())  # sorted: the same order on every build
        order.extend(ready)
        sorter.done(*ready)
    return order


def build_order(names: list[str] | None = None, models_dir: Path = MODELS_DIR) -> list[Model]:
    """The named models (all when None) in dependency order; unknown names are an error."""
    models = list_models(models_dir)
    if names is None:
        return models
    known = {m.name for m in models}
    unknown = sorted(set(names) - known)
    if unknown:
        raise ModelError(
            f"no model named {', '.join(unknown)}; the models are: {', '.join(sorted(known))}"
        )
    return [m for m in models if m.name in set(names)]


def upstream(names: list[str], models_dir: Path = MODELS_DIR) -> list[Model]:
    """The named models and every model they read, directly or not, in dependency order."""
    by_name = {m.name: m for m in list_models(models_dir)}
    wanted: set[str] = set()
    pending = list(names)
    while pending:
        name = pending.pop()
        if name not in wanted:
            wanted.add(name)
            pending.extend(by_name[name].depends_on if name in by_name else ())
    return build_order(sorted(wanted), models_dir)
