"""Geo-grid search: an area cut into cells small enough that no search of one hits the cap.

Maps sites stop listing at a cap (Google Maps about 120 places a search), so one search over
a city misses most of a dense one. The area is searched cell by cell instead; a cell whose
search lists the cap may hold more, so it is cut into four and each quarter searched again,
down to a minimum size. Dense parts of a city end up in small cells, empty ones stay large:

    cells = start_cells(area, per_side=1)          # the whole area, or an N x N grid
    ... search each cell; for a cell that listed `cap` places:
    if is_full(found, cap) and can_split(cell, min_size):
        cells = split(cell)                         # four quarters, searched in turn

Cells share their edges exactly (the same floats, so the same text in a URL): together
they cover the area with no gap. A place on an edge, or just past one (maps apps list
those too), is found twice; the spider keeps each place id once.

Pure functions, no Scrapy; the spider (spiders/spiders/maps.py) does the searching.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    """An area in degrees: (south, west, north, east), as map APIs order a bounding box."""

    south: float
    west: float
    north: float
    east: float
    depth: int = 0  # how many splits made it

    @property
    def height(self) -> float:
        return self.north - self.south

    @property
    def width(self) -> float:
        return self.east - self.west

    def as_param(self) -> str:
        """The cell as a `bbox` URL parameter: "south,west,north,east"."""
        return ",".join(_number(value) for value in (self.south, self.west, self.north, self.east))


def parse_bbox(text: str) -> Cell:
    """ "south,west,north,east" in degrees -> a Cell; ValueError saying what is wrong."""
    parts = [part.strip() for part in text.split(",")]
    try:
        south, west, north, east = (float(part) for part in parts)
    except ValueError:
        raise ValueError("not four numbers south,west,north,east") from None
    if not all(math.isfinite(value) for value in (south, west, north, east)):
        raise ValueError("not four finite numbers")
    if not -90 <= south < north <= 90:
        raise ValueError("south must be below north, both from -90 to 90")
    if not -180 <= west < east <= 180:
        raise ValueError("west must be below east, both from -180 to 180")
    return Cell(south, west, north, east)


def start_cells(area: Cell, per_side: int = 1) -> list[Cell]:
    """The area cut into `per_side` x `per_side` equal cells, south-west first, row by row."""
    if per_side < 1:
        raise ValueError(f"per_side must be 1 or more, not {per_side}")
    lats = _cuts(area.south, area.north, per_side)
    lngs = _cuts(area.west, area.east, per_side)
    return [
        Cell(lats[row], lngs[col], lats[row + 1], lngs[col + 1], area.depth)
        for row in range(per_side)
        for col in range(per_side)
    ]


def is_full(found: int, cap: int) -> bool:
    """Whether a search that listed `found` places hit the cap, so the cell may hold more."""
    return found >= cap


def can_split(cell: Cell, min_size: float) -> bool:
    """Whether the cell's quarters would still be at least `min_size` degrees each way."""
    return cell.height / 2 >= min_size and cell.width / 2 >= min_size


def split(cell: Cell) -> list[Cell]:
    """The cell's four quarters (south-west, south-east, north-west, north-east), one deeper."""
    return start_cells(Cell(cell.south, cell.west, cell.north, cell.east, cell.depth + 1), 2)


def _cuts(low: float, high: float, parts: int) -> list[float]:
    """`parts + 1` edges from low to high; the ends are exactly low and high."""
    return [low, *(low + (high - low) * i / parts for i in range(1, parts)), high]


def _number(value: float) -> str:
    """A coordinate as short text that reads back as the same float."""
    return repr(float(value))
