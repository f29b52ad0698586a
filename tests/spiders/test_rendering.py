"""Browser configuration: the TRAWL_BROWSER_* settings, Chromium's flags, finding Chromium,
and the project settings that install scrapy-playwright."""

from __future__ import annotations

import ast
import os
import subprocess
import sys

import pytest
from scrapy.settings import Settings

from pipelines.database import PROJECT_ROOT
from spiders.browser import BrowserNotFound, chromium_args
from spiders.rendering import (
    BROWSER_HANDLERS,
    IMAGES_OFF,
    BrowserConfig,
    ResourceBlocker,
    launch_args,
    require_browser,
)
from spiders.spiders.maps import MapsSpider
from spiders.spiders.marketplace import MarketplaceSpider

SCRAPY = os.path.join(os.path.dirname(sys.executable), "scrapy")


def scrapy_setting(name: str) -> str:
    result = subprocess.run(
        [SCRAPY, "settings", "--get", name],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip()


def test_images_fonts_media_and_stylesheets_are_blocked_by_default():
    config = BrowserConfig.from_settings(Settings())
    assert config.blocked_resources == {"image", "font", "media", "stylesheet"}
    blocker = ResourceBlocker(config.blocked_resources)
    assert blocker.blocks("image") and blocker.blocks("stylesheet")
    assert not blocker.blocks("document") and not blocker.blocks("fetch")


def test_blocked_images_are_also_switched_off_inside_chromium():
    args = ["--disable-gpu"]
    assert launch_args(args, frozenset({"image"})) == ["--disable-gpu", IMAGES_OFF]
    assert launch_args([*args, IMAGES_OFF], frozenset({"image"})) == [*args, IMAGES_OFF]
    assert launch_args(args, frozenset({"font", "stylesheet"})) == args


def test_the_blocked_types_are_configurable_and_can_be_none():
    setting = "TRAWL_BROWSER_BLOCK_RESOURCES"
    assert BrowserConfig.from_settings(Settings({setting: "image, Font"})).blocked_resources == {
        "image",
        "font",
    }
    assert BrowserConfig.from_settings(Settings({setting: ""})).blocked_resources == frozenset()


def test_an_unknown_resource_type_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown resource types \['images'\].*stylesheet"):
        BrowserConfig.from_settings(Settings({"TRAWL_BROWSER_BLOCK_RESOURCES": "images"}))


def test_blocking_documents_is_refused():
    with pytest.raises(ValueError, match="must not block 'document'"):
        BrowserConfig.from_settings(Settings({"TRAWL_BROWSER_BLOCK_RESOURCES": "document"}))


def test_the_action_timeout_must_be_positive():
    assert BrowserConfig.from_settings(Settings()).action_timeout_ms == 15_000
    with pytest.raises(ValueError, match="TRAWL_BROWSER_ACTION_TIMEOUT=0.0"):
        BrowserConfig.from_settings(Settings({"TRAWL_BROWSER_ACTION_TIMEOUT": "0"}))


def test_chromium_keeps_off_the_network_and_drops_its_sandbox_only_as_root():
    for flag in ("--disable-background-networking", "--disable-component-update", "--disable-sync"):
        assert flag in chromium_args(as_root=False)
    assert "--no-sandbox" in chromium_args(as_root=True)
    assert "--no-sandbox" not in chromium_args(as_root=False)


def test_a_missing_chromium_is_reported_with_the_fix(monkeypatch):
    monkeypatch.setenv("TRAWL_CHROMIUM_PATH", "/nowhere/chromium")
    with pytest.raises(BrowserNotFound, match="TRAWL_CHROMIUM_PATH='/nowhere/chromium'"):
        require_browser(Settings())


def test_a_configured_or_remote_browser_needs_no_local_chromium(monkeypatch):
    monkeypatch.setenv("TRAWL_CHROMIUM_PATH", "/nowhere/chromium")
    launch = {"PLAYWRIGHT_LAUNCH_OPTIONS": {"executable_path": "/opt/chrome/chrome"}}
    assert require_browser(Settings(launch)) == "/opt/chrome/chrome"
    assert require_browser(Settings({"PLAYWRIGHT_CDP_URL": "http://127.0.0.1:9222"})) is None


def test_only_the_spiders_that_render_install_the_playwright_handler():
    assert ast.literal_eval(scrapy_setting("DOWNLOAD_HANDLERS")) == {}
    for spider in (MapsSpider, MarketplaceSpider):
        assert spider.custom_settings["DOWNLOAD_HANDLERS"] == BROWSER_HANDLERS
    assert BROWSER_HANDLERS == {
        "http": "spiders.rendering.BrowserDownloadHandler",
        "https": "spiders.rendering.BrowserDownloadHandler",
    }


def test_the_project_launches_chromium_with_its_flags_and_caps_its_pages():
    launch = ast.literal_eval(scrapy_setting("PLAYWRIGHT_LAUNCH_OPTIONS"))
    assert "executable_path" not in launch  # found when the browser first launches
    assert "--disable-background-networking" in launch["args"]
    assert int(scrapy_setting("PLAYWRIGHT_MAX_PAGES_PER_CONTEXT")) <= 8
    assert scrapy_setting("PLAYWRIGHT_BROWSER_PROVIDER") == "spiders.rendering.ChromiumProvider"
