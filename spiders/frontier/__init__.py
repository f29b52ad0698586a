"""The shared crawl frontier: scrapy-redis's Redis-backed scheduler and seen-request filter,
so that many `scrapy crawl` processes, on one machine or many, crawl one frontier.

spiders/settings.py switches it on when REDIS_URL is set. `config` reads the settings and
names the Redis keys, `registry` tracks the workers and decides when the crawl is over,
`scheduler` wires both into Scrapy.
"""
