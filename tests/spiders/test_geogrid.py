"""Geo-grid cells: an area cut into cells that cover it with no gap, split where a search
hits the cap; and, driven over generated places by a capped search, every place found."""

from __future__ import annotations

import random

import pytest

from spiders.geogrid import Cell, can_split, is_full, parse_bbox, split, start_cells

AREA = Cell(39.64, -89.79, 39.9, -89.51)


def covering(cells: list[Cell], latitude: float, longitude: float) -> list[Cell]:
    return [c for c in cells if c.south <= latitude <= c.north and c.west <= longitude <= c.east]


def test_a_bbox_reads_south_west_north_east():
    assert parse_bbox("39.64, -89.79,39.9,-89.51") == AREA


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("39.64,-89.79,39.9", "not four numbers"),
        ("a,b,c,d", "not four numbers"),
        ("39.64,-89.79,nan,-89.51", "finite"),
        ("39.9,-89.79,39.64,-89.51", "south must be below north"),
        ("39.64,-89.51,39.9,-89.79", "west must be below east"),
        ("-91,-89.79,39.9,-89.51", "south must be below north"),
        ("39.64,-189,39.9,-89.51", "west must be below east"),
    ],
)
def test_a_bad_bbox_says_what_is_wrong(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_bbox(text)


def test_start_cells_cover_the_area_edge_to_edge():
    cells = start_cells(AREA, 3)
    assert len(cells) == 9
    assert cells[0].south == AREA.south and cells[0].west == AREA.west
    assert cells[-1].north == AREA.north and cells[-1].east == AREA.east
    # neighbours share their edges exactly: the same float, so the same text in a URL
    assert cells[0].east == cells[1].west and cells[0].north == cells[3].south
    assert start_cells(AREA, 1) == [AREA]
    with pytest.raises(ValueError, match="1 or more"):
        start_cells(AREA, 0)


def test_every_point_of_the_area_is_in_a_cell():
    rng = random.Random(1)
    cells = [quarter for cell in start_cells(AREA, 3) for quarter in split(cell)]
    for _ in range(2000):
        point = (rng.uniform(AREA.south, AREA.north), rng.uniform(AREA.west, AREA.east))
        assert covering(cells, *point)


def test_a_cell_splits_into_four_quarters_one_level_deeper():
    quarters = split(AREA)
    assert len(quarters) == 4 and {q.depth for q in quarters} == {1}
    assert all(q.height == pytest.approx(AREA.height / 2) for q in quarters)
    assert all(q.width == pytest.approx(AREA.width / 2) for q in quarters)
    assert {(q.south, q.west) for q in quarters} == {
        (AREA.south, AREA.west),
        (AREA.south, quarters[1].west),
        (quarters[2].south, AREA.west),
        (quarters[2].south, quarters[1].west),
    }
    assert split(quarters[0])[0].depth == 2


def test_cells_split_only_while_quarters_keep_the_minimum_size():
    assert can_split(Cell(0, 0, 0.004, 0.004), 0.002)
    assert not can_split(Cell(0, 0, 0.004, 0.0039), 0.002)
    assert not can_split(Cell(0, 0, 0.003, 1), 0.002)


def test_a_search_is_full_once_it_lists_the_cap():
    assert is_full(120, 120) and is_full(121, 120)
    assert not is_full(119, 120) and not is_full(0, 120)


def test_the_bbox_parameter_reads_back_as_the_same_cell():
    for cell in split(split(AREA)[3])[1:3]:
        assert parse_bbox(cell.as_param()) == Cell(cell.south, cell.west, cell.north, cell.east)


def test_a_capped_search_driven_cell_by_cell_finds_every_place():
    """The spider's loop in miniature: a search lists the `cap` best places of a box (and
    a margin); cells at the cap are split. 3,000 places crowded round a centre."""
    rng = random.Random(7)
    centre = (39.78, -89.65)
    places = {
        f"p{i}": (rng.gauss(centre[0], 0.03), rng.gauss(centre[1], 0.03)) for i in range(3000)
    }
    inside = {
        pid
        for pid, (lat, lng) in places.items()
        if AREA.south <= lat <= AREA.north and AREA.west <= lng <= AREA.east
    }
    cap, margin = 120, 0.05

    def search(cell: Cell) -> list[str]:
        dlat, dlng = cell.height * margin, cell.width * margin
        return sorted(
            pid
            for pid, (lat, lng) in places.items()
            if cell.south - dlat <= lat <= cell.north + dlat
            and cell.west - dlng <= lng <= cell.east + dlng
        )[:cap]

    single = search(AREA)
    assert len(single) == cap < len(inside)
    found, pending, searched, subdivided = set(), start_cells(AREA), 0, 0
    while pending:
        cell = pending.pop()
        listed = search(cell)
        searched += 1
        found |= set(listed)
        if is_full(len(listed), cap) and can_split(cell, 0.002):
            subdivided += 1
            pending += split(cell)
    assert inside <= found  # recall 1.0
    assert subdivided > 0 and searched == 1 + 4 * subdivided
