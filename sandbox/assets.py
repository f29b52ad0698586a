"""What a browser loads besides the pages: stylesheet, web font, photos, map tiles.

Served after a small delay, the way a CDN answers a cold request, so that a crawler's
browser which blocks images, fonts and stylesheets is measurably faster than one that
loads them (bench/browser.py). The pages that reference them: the maps app, and the
marketplace product pages (photos on all; stylesheet and font on those whose price a
script shows).

URLs:
- /static/sandbox.css                 the stylesheet; its @font-face pulls in the font
- /static/fonts/<name>.woff2          the web font (placeholder bytes: the browser fetches
                                      it, fails to decode it and falls back to system-ui)
- /market/img/<listing>-<n>.jpg       product photos
- /maps/img/<place_id>.png            place photos and result thumbnails
- /maps/tiles/<z>/<x>/<y>.png         map tiles (256 x 256)

Images are real PNGs (a solid colour derived from the URL), whatever the extension says.
The delay is `SandboxConfig.asset_delay` (seconds, default 0.1).
"""

from __future__ import annotations

import asyncio
import functools
import struct
import zlib
from pathlib import Path

from aiohttp import web

STYLESHEET = (Path(__file__).parent / "sandbox.css").read_bytes()
FONT = b"wOF2" + bytes(2044)  # a web-font-sized body; not a decodable font
CACHE_HEADERS = {"Cache-Control": "public, max-age=86400"}


def solid_png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A valid PNG image of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width  # filter type 0, then the pixels
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height, 9))
        + chunk(b"IEND", b"")
    )


@functools.lru_cache(maxsize=512)
def image_for(path: str, width: int, height: int) -> bytes:
    """The image served at `path`: the same bytes every time, a colour of its own."""
    digest = zlib.crc32(path.encode())
    rgb = (96 + digest % 128, 96 + (digest >> 8) % 128, 96 + (digest >> 16) % 128)
    # a few hundred colours are plenty; the cache then holds every image the sandbox serves
    return solid_png(width, height, tuple(channel & 0xF8 for channel in rgb))


def asset_routes(delay: float) -> list[web.RouteDef]:
    """aiohttp routes for the assets, each answered after `delay` seconds."""

    def delayed(body_for, content_type: str):
        async def serve_asset(request: web.Request) -> web.Response:
            if delay > 0:
                await asyncio.sleep(delay)
            return web.Response(
                body=body_for(request.path), content_type=content_type, headers=CACHE_HEADERS
            )

        return serve_asset

    return [
        web.get("/static/sandbox.css", delayed(lambda _: STYLESHEET, "text/css")),
        web.get("/static/fonts/{name}.woff2", delayed(lambda _: FONT, "font/woff2")),
        web.get("/market/img/{name}.jpg", delayed(_sized(160, 160), "image/png")),
        web.get("/maps/img/{name}.png", delayed(_sized(360, 180), "image/png")),
        web.get("/maps/tiles/{z}/{x}/{y}.png", delayed(_sized(256, 256), "image/png")),
    ]


def _sized(width: int, height: int):
    return lambda path: image_for(path, width, height)
