"""Who works on a shared frontier, and when the crawl is over: the workers' registry in Redis.

Every crawler process on a frontier is a worker with a state in one Redis hash: "busy"
from the moment it joins or is about to take a request, "idle" once its engine has nothing
in flight and the queue gave it nothing. Requests a worker's callbacks produce are in the
shared queue before its engine can be idle, so the crawl is over exactly when the queue is
empty and no live worker is busy — read in one transaction, no grace period needed.

A worker is alive while its `alive` key, renewed by its heartbeat, has not expired (and,
on this host, while its pid exists). A dead worker never holds a crawl open. A frontier
found with requests or fingerprints but no live worker was left by a crawl that did not
finish (killed, crashed): joining clears it, so the crawl starts over rather than missing
the requests the dead process had taken and never finished. Joining and leaving are Lua
scripts, atomic in Redis: the last worker out deletes the frontier, and a worker joining
at that moment either finds it whole or finds it gone.

Blocking redis-py calls: each is one round trip to a local or nearby server.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Iterable

from redis import Redis

from spiders.frontier.config import FrontierKeys

log = logging.getLogger(__name__)
BUSY, IDLE = "busy", "idle"

# KEYS: workers, requests, seen, joined, alive(worker); ARGV: worker, alive ttl (ms).
# Returns {joined, requests found queued, fingerprints found} (the last two: what was cleared).
JOIN = """
local queued, seen = 0, 0
if redis.call('HLEN', KEYS[1]) == 0 then
  queued = redis.call('ZCARD', KEYS[2])
  seen = redis.call('SCARD', KEYS[3])
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
end
redis.call('HSET', KEYS[1], ARGV[1], 'busy')
redis.call('SET', KEYS[5], '1', 'PX', ARGV[2])
return {redis.call('INCR', KEYS[4]), queued, seen}
"""

# KEYS: workers, alive(worker), then every key of the frontier; ARGV: worker. Returns 1 when
# this worker was the last, and the frontier is deleted.
LEAVE = """
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
if redis.call('HLEN', KEYS[1]) > 0 then return 0 end
for i = 3, #KEYS do redis.call('DEL', KEYS[i]) end
return 1
"""


def new_worker_id() -> str:
    """host/pid/random: unique, and says where the worker runs."""
    return f"{socket.gethostname()}/{os.getpid()}/{uuid.uuid4().hex[:6]}"


def is_dead_local_process(worker: str, host: str | None = None) -> bool:
    """True for a worker of this host whose process no longer exists."""
    worker_host, _, rest = worker.partition("/")
    pid = rest.partition("/")[0]
    if worker_host != (host or socket.gethostname()) or not pid.isdecimal():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # exists, another user's
        return False
    return False


class WorkerRegistry:
    """One worker's view of the frontier's registry."""

    def __init__(self, server: Redis, keys: FrontierKeys, worker: str, ttl_s: float):
        self.server = server
        self.keys = keys
        self.worker = worker
        self.ttl_ms = max(1, int(ttl_s * 1000))
        self.state: str | None = None
        self._join = server.register_script(JOIN)
        self._leave = server.register_script(LEAVE)

    # -- joining and leaving ------------------------------------------------------------

    def join(self) -> int:
        """Register as busy; the number of workers that have joined so far, this one
        included. A frontier no live worker holds is cleared first (atomically: two workers
        joining at once never clear each other's registration)."""
        self.forget_dead_workers()
        joined, queued, seen = self._join(
            keys=[self.keys.workers, self.keys.requests, self.keys.seen, self.keys.joined,
                  self.keys.alive(self.worker)],
            args=[self.worker, self.ttl_ms],
        )  # fmt: skip
        if queued or seen:
            log.warning(
                "frontier %s was left by a crawl that did not finish (%d requests queued, "
                "%d seen) and no live worker holds it: starting it afresh",
                self.keys.namespace, queued, seen,
            )  # fmt: skip
        self.state = BUSY
        return int(joined)

    def joined(self) -> int:
        return int(self.server.get(self.keys.joined) or 0)

    def leave(self) -> bool:
        """Deregister; the last worker out deletes the frontier. True when it was the last."""
        last = self._leave(
            keys=[self.keys.workers, self.keys.alive(self.worker), *self.keys.all()],
            args=[self.worker],
        )
        self.state = None
        return bool(last)

    def heartbeat(self) -> None:
        self.server.set(self.keys.alive(self.worker), 1, px=self.ttl_ms)

    # -- states -------------------------------------------------------------------------

    def mark(self, state: str) -> None:
        if state != self.state:
            self.server.hset(self.keys.workers, self.worker, state)
            self.state = state

    def crawl_is_done(self) -> bool:
        """The queue is empty and no live worker is busy (this one included)."""
        with self.server.pipeline() as pipe:
            pipe.zcard(self.keys.requests)
            pipe.hgetall(self.keys.workers)
            queued, states = pipe.execute()
        if queued:
            return False
        busy = [_text(worker) for worker, state in states.items() if _text(state) == BUSY]
        return not [worker for worker in busy if self.is_alive(worker)]

    # -- liveness -----------------------------------------------------------------------

    def is_alive(self, worker: str) -> bool:
        if worker == self.worker:
            return True
        return bool(self.server.exists(self.keys.alive(worker))) and not is_dead_local_process(
            worker
        )

    def live_workers(self) -> list[str]:
        return [w for w in self._registered() if self.is_alive(w)]

    def forget_dead_workers(self) -> list[str]:
        dead = [w for w in self._registered() if not self.is_alive(w)]
        if dead:
            self.server.hdel(self.keys.workers, *dead)
            log.warning(
                "frontier %s: %d worker(s) died without leaving (%s); requests they had "
                "taken are lost to this crawl", self.keys.namespace, len(dead), ", ".join(dead),
            )  # fmt: skip
        return dead

    def _registered(self) -> Iterable[str]:
        return [_text(worker) for worker in self.server.hkeys(self.keys.workers)]


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
