"""The local proxy fleet: real forward proxies, healthy, slow, dead and burned."""

from __future__ import annotations

import base64
import http.client
import json
import signal
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sandbox.antibot import AntibotPolicy
from sandbox.proxies import ProxyFleet, running_fleet
from sandbox.server import SandboxConfig, running_sandbox

TRAWL = Path(sys.executable).parent / "trawl"
FLEET = ProxyFleet(healthy=1, slow=1, dead=1, banned=1, auth="scout:s3cr3t-pw", slow_delay_s=0.05)


class EchoHandler(BaseHTTPRequestHandler):
    """Answers every GET with the request line and headers it received, as JSON."""

    def do_GET(self):
        body = json.dumps({"path": self.path, "headers": dict(self.headers.items())}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def echo_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), EchoHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def fleet():
    """{kind: proxy URL} for a fleet of one proxy of each kind, behind basic auth."""
    with running_fleet(FLEET) as urls:
        yield dict(zip(FLEET.kinds(), urls))


def via_proxy(
    proxy_url: str, target: str, headers: dict | None = None, method: str = "GET", auth=True
) -> tuple[int, dict, bytes]:
    """Send `method target` to the proxy as an absolute URI, the way crawlers do."""
    proxy = urlsplit(proxy_url)
    sent = dict(headers or {})
    if auth and proxy.username:
        token = base64.b64encode(f"{proxy.username}:{proxy.password}".encode()).decode()
        sent["Proxy-Authorization"] = f"Basic {token}"
    connection = http.client.HTTPConnection(proxy.hostname, proxy.port, timeout=10)
    try:
        connection.request(method, target, headers=sent)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def hear_ctrl_c() -> None:
    """Let the commands started next hear ctrl-c: a test run started in the background has
    SIGINT ignored, children inherit that, and Python then never raises KeyboardInterrupt.
    A handled signal is reset to its default in a child."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def test_the_fleet_yields_one_url_per_proxy_in_kind_order():
    assert FLEET.kinds() == ["healthy", "slow", "dead", "banned"]
    with running_fleet(FLEET) as urls:
        assert len(urls) == len(set(urls)) == 4
        assert all(url.startswith("http://scout:s3cr3t-pw@127.0.0.1:") for url in urls)


def test_a_healthy_proxy_forwards_and_stamps_its_identity(fleet, echo_url):
    status, _, body = via_proxy(fleet["healthy"], echo_url + "/a/b?c=1")
    seen = json.loads(body)
    port = urlsplit(fleet["healthy"]).port
    assert status == 200 and seen["path"] == "/a/b?c=1"
    assert seen["headers"]["X-Trawl-Proxy-Id"] == f"proxy-{port}"


def test_credentials_and_hop_by_hop_headers_stop_at_the_proxy(fleet, echo_url):
    _, _, body = via_proxy(
        fleet["healthy"], echo_url + "/", {"Proxy-Connection": "keep-alive", "X-Kept": "yes"}
    )
    headers = {name.lower() for name in json.loads(body)["headers"]}
    assert "proxy-authorization" not in headers and "proxy-connection" not in headers
    assert "x-kept" in headers


def test_a_client_cannot_choose_its_identity(fleet, echo_url):
    _, _, body = via_proxy(fleet["healthy"], echo_url + "/", {"X-Trawl-Proxy-Id": "proxy-1"})
    assert json.loads(body)["headers"]["X-Trawl-Proxy-Id"] != "proxy-1"


def test_a_slow_proxy_still_forwards(fleet, echo_url):
    status, _, body = via_proxy(fleet["slow"], echo_url + "/slowly")
    assert status == 200 and json.loads(body)["path"] == "/slowly"


def test_a_dead_proxy_refuses_connections(fleet, echo_url):
    with pytest.raises(ConnectionRefusedError):
        via_proxy(fleet["dead"], echo_url + "/")


def test_a_banned_proxy_is_banned_by_the_sandbox_with_anti_bot_on(fleet):
    config = SandboxConfig(
        seed=3, businesses=70, products=40, antibot=AntibotPolicy(ban_style="403")
    )
    with running_sandbox(config) as sandbox:
        banned = via_proxy(fleet["banned"], sandbox + "/directory/")[0]
        healthy = via_proxy(fleet["healthy"], sandbox + "/directory/")[0]
    assert (banned, healthy) == (403, 200)


def test_without_credentials_a_proxy_asks_for_them(fleet, echo_url):
    status, headers, _ = via_proxy(fleet["healthy"], echo_url + "/", auth=False)
    assert status == 407 and headers["Proxy-Authenticate"].startswith("Basic")


def test_wrong_credentials_are_refused(fleet, echo_url):
    wrong = fleet["healthy"].replace("s3cr3t-pw", "guess")
    assert via_proxy(wrong, echo_url + "/")[0] == 407


def test_connect_tunnels_are_not_offered(fleet):
    assert via_proxy(fleet["healthy"], "example.com:443", method="CONNECT")[0] == 501


def test_a_request_not_meant_for_a_proxy_is_refused(fleet):
    assert via_proxy(fleet["healthy"], "/just/a/path")[0] == 400


def test_an_unreachable_site_is_a_bad_gateway():
    with running_fleet(ProxyFleet(healthy=1, slow=0, dead=1, banned=0)) as (proxy, refusing):
        assert via_proxy(proxy, refusing + "/")[0] == 502


@pytest.mark.parametrize(
    ("fleet_options", "problem"),
    [
        ({"healthy": 0, "slow": 0, "dead": 0, "banned": 0}, "has no proxies"),
        ({"healthy": -1}, "has no proxies"),
        ({"auth": "justauser"}, "user:password"),
    ],
)
def test_fleets_that_cannot_work_are_refused(fleet_options, problem):
    with pytest.raises(ValueError, match=problem):
        ProxyFleet(**fleet_options)


def test_the_command_prints_the_fleet_writes_a_proxy_file_and_stops_on_ctrl_c(tmp_path):
    proxy_file = tmp_path / "proxies.txt"
    hear_ctrl_c()
    process = subprocess.Popen(
        [
            str(TRAWL),
            "sandbox",
            "proxies",
            "--healthy",
            "2",
            "--slow",
            "0",
            "--dead",
            "1",
            "--banned",
            "1",
            "--write",
            str(proxy_file),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout.readline().startswith("proxy fleet: 4 proxies"), process.stderr.read()
        lines = [process.stdout.readline().split() for _ in range(4)]
        assert [line[2] for line in lines] == ["healthy", "healthy", "dead", "banned"]
        assert proxy_file.read_text().split() == [word for line in lines for word in line]
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) in (0, 130)
    finally:
        process.kill()
        process.wait()
