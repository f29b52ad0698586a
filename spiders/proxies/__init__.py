"""Proxy rotation and ban handling for plain and Playwright requests.

- endpoints: a proxy (host, port, credentials) and its label, safe to show
- bans: BanPolicy, what a response says about the proxy that fetched it
- pool: ProxyPool, choosing a proxy by health, benching and reviving
- config: ProxyConfig, the PROXY_* settings
- routing: the request meta that sends a request through a proxy
- middleware: ProxyRotationMiddleware, the downloader middleware wiring them to Scrapy
"""
