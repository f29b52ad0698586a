"""pipelines/held_items.py: items wait for one another to go through the plain stages
together, never for long, and not at all while holding does not pay."""

from __future__ import annotations

import asyncio

from scrapy.exceptions import DropItem

from pipelines.held_items import HeldItems, through_stages


class Log:
    """Two stages that note each item they see, in order."""

    def __init__(self):
        self.seen: list[tuple[str, int]] = []

    def first(self, item: int) -> int:
        self.seen.append(("first", item))
        if item == 13:
            raise DropItem("unlucky")
        return item * 10

    def second(self, item: int) -> int:
        self.seen.append(("second", item))
        return item + 1


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def held_items(log: Log, **options) -> HeldItems:
    return HeldItems((log.first, log.second), **options)


def test_through_stages_runs_each_stage_in_order():
    assert through_stages((lambda n: n * 10, lambda n: n + 1), 4) == 41


def test_items_wait_until_most_of_them_are_there_then_go_through_together():
    log = Log()
    held = held_items(log, most=3, wait=60)

    async def scenario():
        first_two = [asyncio.ensure_future(held.through(n)) for n in (1, 2)]
        await asyncio.sleep(0.01)
        nothing_yet = list(log.seen)
        third = await held.through(3)
        return nothing_yet, await asyncio.gather(*first_two), third

    nothing_yet, first_two, third = asyncio.run(scenario())
    assert nothing_yet == []
    assert (first_two, third) == ([11, 21], 31)
    assert log.seen == [("first", 1), ("second", 10), ("first", 2), ("second", 20),
                        ("first", 3), ("second", 30)]  # fmt: skip
    assert held.releases == 1


def test_the_first_item_waits_at_most_the_wait_with_whatever_came():
    log = Log()
    held = held_items(log, most=16, wait=0.05, fewest=1)

    async def scenario():
        loop = asyncio.get_running_loop()
        started = loop.time()
        results = await asyncio.gather(held.through(1), held.through(2))
        return results, loop.time() - started

    results, waited = asyncio.run(scenario())
    assert results == [11, 21]
    assert 0.04 <= waited < 1.0
    assert held.releases == 1


def test_a_stages_exception_is_that_items_outcome_alone():
    log = Log()
    held = held_items(log, most=3, wait=60)

    async def scenario():
        return await asyncio.gather(*(held.through(n) for n in (12, 13, 14)),
                                    return_exceptions=True)  # fmt: skip

    before, dropped, after = asyncio.run(scenario())
    assert (before, after) == (121, 141)
    assert isinstance(dropped, DropItem) and str(dropped) == "unlucky"
    assert ("second", 130) not in log.seen


def test_a_wait_that_ends_with_few_items_lets_items_through_at_once_for_a_pause():
    log, clock = Log(), Clock()
    held = held_items(log, most=16, wait=0.01, fewest=4, pause=1.0, clock=clock)

    async def through_without_waiting(item: int) -> bool:
        """Whether `item` came through before the event loop ran anything else."""
        task = asyncio.ensure_future(held.through(item))
        await asyncio.sleep(0)
        done = task.done()
        await task
        return done

    async def scenario():
        assert await held.through(1) == 11  # alone: it waits the whole wait
        paused = await through_without_waiting(2)
        clock.now += 0.5
        still_paused = await through_without_waiting(3)
        clock.now += 0.6
        holding_again = not await through_without_waiting(4)
        return paused, still_paused, holding_again

    assert asyncio.run(scenario()) == (True, True, True)


def test_an_item_whose_waiter_was_cancelled_is_passed_over():
    log = Log()
    held = held_items(log, most=16, wait=60)

    async def scenario():
        stopped = asyncio.ensure_future(held.through(1))
        kept = asyncio.ensure_future(held.through(2))
        await asyncio.sleep(0)
        stopped.cancel()
        await asyncio.sleep(0)
        held.release()
        return await kept, stopped.cancelled()

    assert asyncio.run(scenario()) == (21, True)
    assert log.seen == [("first", 2), ("second", 20)]


def test_a_release_with_nothing_waiting_is_not_counted():
    held = held_items(Log())
    held.release()
    assert held.releases == 0
