#!/usr/bin/env python3
"""Soak run for hl-sim and mm-live (driven by scripts/soak, which builds the binaries).

Starts hl-sim on a free loopback port and `mm-live run` trading against it with a
throwaway key, then floods hl-sim for --duration seconds at --rate operations a second
from --threads client threads with hostile and valid requests (malformed JSON, bodies
up to and over the 1 MiB limit, deep nesting, 40,000-key bodies, oversized batches,
bad signatures and nonces, unknown types, NaN/1e300 numbers, control characters,
WebSocket connections and subscriptions beyond the caps, valid /info requests and
subscriptions). Meanwhile it samples both processes' RSS and CPU, times a well-behaved
client's valid /info request every second, watches a well-behaved WebSocket l2Book
subscription, and scrapes mm-live's /metrics and /health. At the end it stops mm-live
with SIGTERM (it must exit 0 within --shutdown-timeout with no order left open), stops
hl-sim, verifies mm-live's journal (`mm-replay journal verify` and the bit-for-bit
`mm-replay verify`), prints a summary and writes it as JSON (--report).

scripts/soak builds the release binaries first (under /tmp/build.lock); `scripts/soak
--no-build ...` skips the build.

Exit status: 0 every check passed; 1 a check failed; 2 a setup failure.
"""
import argparse
import collections
import json
import math
import multiprocessing
import os
import random
import re
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import requests
import websocket

try:  # the official SDK's signing (eth_account + msgpack); without it the signed kinds are skipped
    import eth_account
    from hyperliquid.utils.signing import sign_l1_action
    HAVE_SIGNING = True
except Exception:  # pragma: no cover
    HAVE_SIGNING = False

BODY_LIMIT = 1 << 20          # hl-sim's request body and WebSocket message limit
MAX_WS_CONNECTIONS = 100      # hl-sim's VenueServer.maxConnections
MAX_USERS_PER_CONNECTION = 10
MAX_BATCH = 1000
COINS = ["BTC", "ETH", "SOL"]

# Flood kinds and their relative weights (one operation each; a WebSocket session sends
# several messages, counted separately).
WEIGHTS = {
    "info_valid": 20,
    "info_malformed_json": 6,
    "info_huge_body": 1.5,
    "info_over_limit": 0.5,
    "info_deep_nesting": 3,
    "info_40k_keys": 1.5,
    "info_unknown_type": 5,
    "info_bad_numbers": 5,
    "info_control_chars": 5,
    "http_misc": 2,
    "exchange_malformed_json": 5,
    "exchange_oversized_batch": 2,
    "exchange_max_batch_signed": 0.3,
    "exchange_bad_signature": 8,
    "exchange_bad_nonce": 5,
    "exchange_unknown_type": 4,
    "exchange_bad_numbers": 4,
    "exchange_control_chars": 3,
    "exchange_valid": 4,
    "ws_session": 8,
    "ws_post_burst": 0.3,
    "slow_body": 0.3,
}
SIGNED_KINDS = {"exchange_max_batch_signed", "exchange_bad_nonce", "exchange_bad_numbers", "exchange_control_chars",
                "exchange_valid", "ws_post_burst"}


def log(message):
    print(f"[soak {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def random_address(rng):
    return "0x" + "".join(rng.choice("0123456789abcdef") for _ in range(40))


WS_USER_POOL = []   # filled from --ws-users: the addresses WebSocket user subscriptions draw from


def subscription_user(rng):
    """A user for a WebSocket subscription: from the pool, or a fresh random address."""
    return rng.choice(WS_USER_POOL) if WS_USER_POOL else random_address(rng)


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# ----------------------------------------------------------------------------------------
# Statistics shared by the threads


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.outcomes = collections.defaultdict(collections.Counter)   # kind -> outcome -> count
        self.ops = collections.Counter()
        self.requests = collections.Counter()                          # kind -> HTTP requests / WS messages sent
        self.seconds = collections.Counter()
        self.slowest = collections.defaultdict(float)
        self.samples = collections.defaultdict(list)                   # kind -> distinct answers seen
        self.notes = collections.Counter()

    def record(self, kind, outcome, elapsed, sent=1):
        with self.lock:
            self.ops[kind] += 1
            self.requests[kind] += sent
            self.outcomes[kind][outcome] += 1
            self.seconds[kind] += elapsed
            self.slowest[kind] = max(self.slowest[kind], elapsed)

    def sample(self, kind, text):
        text = text[:160]
        with self.lock:
            seen = self.samples[kind]
            if text not in seen and len(seen) < 12:
                seen.append(text)

    def note(self, key, count=1):
        with self.lock:
            self.notes[key] += count

    def export(self):
        with self.lock:
            return {"outcomes": {k: dict(v) for k, v in self.outcomes.items()}, "ops": dict(self.ops),
                    "requests": dict(self.requests), "seconds": dict(self.seconds), "slowest": dict(self.slowest),
                    "samples": {k: list(v) for k, v in self.samples.items()}, "notes": dict(self.notes)}

    def merge(self, other):
        with self.lock:
            for kind, outcomes in other["outcomes"].items():
                self.outcomes[kind].update(outcomes)
            self.ops.update(other["ops"])
            self.requests.update(other["requests"])
            self.seconds.update(other["seconds"])
            for kind, value in other["slowest"].items():
                self.slowest[kind] = max(self.slowest[kind], value)
            for kind, texts in other["samples"].items():
                for text in texts:
                    if text not in self.samples[kind] and len(self.samples[kind]) < 12:
                        self.samples[kind].append(text)
            self.notes.update(other["notes"])


# ----------------------------------------------------------------------------------------
# Processes


ALL_CHILDREN = []   # killed on the way out, whatever happens


class Child:
    def __init__(self, name, argv, log_path, env=None):
        self.name = name
        self.log_path = log_path
        self.log_file = open(log_path, "wb")
        # A session of its own: a Ctrl-C at the terminal reaches the soak, which then stops
        # mm-live with SIGTERM itself (and checks its exit), not every process at once.
        self.proc = subprocess.Popen(argv, stdout=self.log_file, stderr=subprocess.STDOUT, env=env, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        ALL_CHILDREN.append(self)
        self.pid = self.proc.pid
        self.expected_exit = False

    def alive(self):
        return self.proc.poll() is None

    def wait_for_line(self, pattern, seconds):
        deadline = time.time() + seconds
        regex = re.compile(pattern)
        while time.time() < deadline:
            with open(self.log_path, "rb") as f:
                text = f.read().decode("utf-8", "replace")
            match = regex.search(text)
            if match:
                return match
            if not self.alive():
                return None
            time.sleep(0.1)
        return None

    def tail(self, lines=30):
        try:
            with open(self.log_path, "rb") as f:
                f.seek(0, 2)
                size = f.tell()
                f.seek(max(0, size - 200_000))
                text = f.read().decode("utf-8", "replace")
            return "\n".join(text.splitlines()[-lines:])
        except OSError:
            return ""

    def rss_kb(self):
        try:
            with open(f"/proc/{self.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def cpu_seconds(self):
        try:
            with open(f"/proc/{self.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return None

    def threads(self):
        try:
            with open(f"/proc/{self.pid}/status") as f:
                for line in f:
                    if line.startswith("Threads:"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def fds(self):
        try:
            return len(os.listdir(f"/proc/{self.pid}/fd"))
        except OSError:
            return None

    def terminate(self, seconds):
        """SIGTERM, then wait; returns (exit status or None, seconds taken)."""
        start = time.time()
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
        try:
            status = self.proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            status = None
        return status, time.time() - start

    def kill(self):
        if self.alive():
            self.proc.kill()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass


# ----------------------------------------------------------------------------------------
# Signing (throwaway keys; the official SDK's L1 action signing, testnet)


class Signer:
    def __init__(self, name):
        self.name = name
        self.wallet = eth_account.Account.create()
        self.address = self.wallet.address.lower()
        self.lock = threading.Lock()
        self.last_nonce = 0

    def nonce(self):
        with self.lock:
            self.last_nonce = max(int(time.time() * 1000), self.last_nonce + 1)
            return self.last_nonce

    def body(self, action, nonce=None, expires_after=None, vault=None):
        nonce = self.nonce() if nonce is None else nonce
        signature = sign_l1_action(self.wallet, action, vault, nonce, expires_after, False)
        body = {"action": action, "nonce": nonce, "signature": signature, "vaultAddress": vault}
        if expires_after is not None:
            body["expiresAfter"] = expires_after
        return body


# ----------------------------------------------------------------------------------------
# The flood


class Flood:
    def __init__(self, args, url, mm_address, stats, stop):
        self.args = args
        self.url = url
        self.ws_url = url.replace("http://", "ws://") + "/ws"
        self.mm_address = mm_address
        self.stats = stats
        self.stop = stop
        self.price = {"BTC": 105000.0, "ETH": 3300.0, "SOL": 250.0}
        self.price_lock = threading.Lock()
        self.cap_lock = threading.Lock()
        self.signers = {}
        if HAVE_SIGNING:
            for name in ["valid", "nonce", "numbers", "batch", "post"]:
                self.signers[name] = Signer(name)
        self.weights = {k: w for k, w in WEIGHTS.items() if HAVE_SIGNING or k not in SIGNED_KINDS}
        self.kinds = list(self.weights)
        self.kind_weights = [self.weights[k] for k in self.kinds]
        self.valid_oids = collections.deque(maxlen=200)
        self.build_static_bodies()

    # -- static bodies, built once --------------------------------------------------------

    def build_static_bodies(self):
        a = self.mm_address
        self.malformed = [
            b"", b"{", b"}", b"{\"type\":", b"{\"type\":\"meta\"", b"not json", b"[1,2,", b"\xff\xfe\xfd\xfc",
            b"{\"type\":\"meta\"}}}", b"{'type':'meta'}", b"{\"type\":\"meta\",}", b"\"type\"", b"null", b"123", b"[]",
            b"{\"type\":\"meta\"} trailing", b"{\"type\" \"meta\"}", b"{\"type\":\"meta\"\x00}", b"{\"type\":tru}",
            b"{\"type\":\"l2Book\",\"coin\":\"BTC\"", b"\xef\xbb\xbf{\"type\":\"meta\"}", b"{\"a\":1e}", b"{\"a\":-}", b"{\"a\":01}",
            b"{\"a\":\"\\x41\"}", b"{\"a\":\"\\u12\"}", b"{\"type\":\"meta\",\"type\":\"allMids\"}", b"{\"\":\"\"}",
            json.dumps({"type": "clearinghouseState", "user": a}).encode()[:-7],
        ]
        # Bodies at and just under the limit (valid JSON), and a 1 MiB array.
        pad = BODY_LIMIT - len(b'{"type":"meta","pad":""}')
        self.huge = [
            b'{"type":"meta","pad":"' + b"a" * pad + b'"}',
            b'{"type":"meta","pad":"' + b"a" * (pad - 1) + b'"}',
            b'{"type":"meta","pad":[' + b"1," * ((BODY_LIMIT - 40) // 2) + b'1]}',
            b'{"type":"meta","pad":"' + b"\\u0000" * ((BODY_LIMIT - 40) // 6) + b'"}',
            b'{"type":"meta","pad":[' + b"{}," * ((BODY_LIMIT - 40) // 3) + b'{}]}',
        ]
        self.over_limit = [
            b'{"type":"meta","pad":"' + b"a" * (pad + 1) + b'"}',
            b'{"type":"meta","pad":"' + b"a" * (2 * BODY_LIMIT) + b'"}',
        ]
        self.nested = [
            b"[" * 100_000,
            b"[" * 600 + b"]" * 600,
            b'{"type":"meta","x":' + b"[" * 510 + b"]" * 510 + b"}",
            b'{"type":"meta","x":' + b"[" * 511 + b"]" * 511 + b"}",
            b'{"type":"meta","x":' + b'{"a":' * 520 + b"1" + b"}" * 520 + b"}",
            b'{"type":' + b"[" * 200 + b"]" * 200 + b"}",
            b"{\"a\":" * 50_000,
        ]
        keys = [f'"k{i}":{i}' for i in range(40_000)]
        self.many_keys = [
            ("{" + ",".join(keys) + ',"type":"meta"}').encode(),
            ('{"type":"meta",' + ",".join(keys) + "}").encode(),
            ("{" + ",".join(['"type":"meta"'] * 40_000) + "}").encode(),
            ("{" + ",".join(keys) + "}").encode(),
            ('{"type":"clearinghouseState",' + ",".join(keys) + f',"user":"{a}"}}').encode(),
        ]
        self.unknown_types = [
            {"type": "foo"}, {"type": ""}, {"type": 123}, {"type": None}, {"type": ["meta"]}, {"type": "l2Book"},
            {"type": "l2Book", "coin": "NOPE"}, {"type": "clearinghouseState", "user": "0x123"},
            {"type": "clearinghouseState"}, {"type": "userFillsByTime", "user": a}, {"type": "orderStatus", "user": a},
            {"type": "candleSnapshot", "req": {"coin": "BTC", "interval": "1m", "startTime": 0}}, {"type": "vaultDetails"},
            {"type": "META"}, {"type": "meta "}, {"tipe": "meta"},
        ]
        self.bad_numbers = [
            b'{"type":"l2Book","coin":"BTC","nSigFigs":NaN}', b'{"type":"l2Book","coin":"BTC","nSigFigs":Infinity}',
            b'{"type":"l2Book","coin":"BTC","nSigFigs":1e300}', b'{"type":"l2Book","coin":"BTC","nSigFigs":-1e300}',
            b'{"type":"l2Book","coin":"BTC","nSigFigs":1e-300}', b'{"type":"l2Book","coin":"BTC","nSigFigs":"NaN"}',
            b'{"type":"l2Book","coin":"BTC","nSigFigs":99999999999999999999999999999999999999}',
            b'{"type":"l2Book","coin":"BTC","mantissa":-0}',
            f'{{"type":"orderStatus","user":"{a}","oid":1e300}}'.encode(),
            f'{{"type":"orderStatus","user":"{a}","oid":18446744073709551616}}'.encode(),
            f'{{"type":"orderStatus","user":"{a}","oid":-1}}'.encode(),
            f'{{"type":"orderStatus","user":"{a}","oid":"NaN"}}'.encode(),
            f'{{"type":"userFillsByTime","user":"{a}","startTime":1e300}}'.encode(),
            f'{{"type":"userFillsByTime","user":"{a}","startTime":-1e300,"endTime":1e300}}'.encode(),
            f'{{"type":"userFillsByTime","user":"{a}","startTime":9223372036854775807}}'.encode(),
            f'{{"type":"userFillsByTime","user":"{a}","startTime":0,"endTime":9223372036854775807}}'.encode(),
            f'{{"type":"userFillsByTime","user":"{a}","startTime":-9223372036854775808,"endTime":-1}}'.encode(),
            b'{"type":"meta","x":' + b"9" * 5000 + b"}",
            b'{"type":"meta","x":0.' + b"0" * 5000 + b"1e-99999999999}",
            b'{"type":"meta","x":1e99999999999999999999}',
        ]
        self.control = [
            b'{"type":"l2Book","coin":"BT\x00C"}', b'{"type":"me\x07ta"}', b'{"type":"meta\x1f"}',
            b'{"type":"l2Book","coin":"\\u0000"}', b'{"type":"meta\\u0000"}', b'{"type":"l2Book","coin":"\\ud800"}',
            b'{"type":"l2Book","coin":"\\udfff\\ud800"}', b'{"type":"l2Book","coin":"\xc3\x28"}',
            b'{"type":"l2Book","coin":"\xed\xa0\x80"}', b'{"type":"l2Book","coin":"BTC\r\n\t"}',
            b'{"type":"meta"}\x00', b'\x00{"type":"meta"}', b'{\x01"type":"meta"}',
            ('{"type":"clearinghouseState","user":"' + a[:10] + '\\u0000' + a[11:] + '"}').encode(),
            b'{"type":"l2Book","coin":"' + bytes(range(1, 32)) + b'"}',
            b'{"type":"l2Book","coin":"' + b"\\u0001" * 10_000 + b'"}',
        ]
        # A batch over the per-action maximum (refused before the signature is checked).
        order = {"a": 0, "b": True, "p": "1000", "s": "0.001", "r": False, "t": {"limit": {"tif": "Gtc"}}}
        garbage_sig = {"r": "0x" + "11" * 32, "s": "0x" + "22" * 32, "v": 27}
        self.oversized = [
            json.dumps({"action": {"type": "order", "orders": [order] * (MAX_BATCH + 1), "grouping": "na"},
                        "nonce": 1, "signature": garbage_sig, "vaultAddress": None}).encode(),
            json.dumps({"action": {"type": "cancel", "cancels": [{"a": 0, "o": i} for i in range(5_000)]},
                        "nonce": 1, "signature": garbage_sig, "vaultAddress": None}).encode(),
            json.dumps({"action": {"type": "batchModify", "modifies": [{"oid": i, "order": order} for i in range(1_500)]},
                        "nonce": 1, "signature": garbage_sig, "vaultAddress": None}).encode(),
        ]
        self.exchange_malformed = self.malformed + [
            b'{"action":{}}', b'{"action":{"type":"order"}}', b'{"action":[],"nonce":1}',
            b'{"action":{"type":"noop"},"nonce":"abc","signature":{"r":"0x1","s":"0x1","v":27}}',
            b'{"action":{"type":"noop"},"nonce":-1,"signature":{"r":"0x1","s":"0x1","v":27}}',
            b'{"action":{"type":"noop"},"nonce":1.5,"signature":{"r":"0x1","s":"0x1","v":27}}',
            b'{"action":{"type":"noop"},"nonce":1e300,"signature":{"r":"0x1","s":"0x1","v":27}}',
            b'{"action":{"type":"noop"},"nonce":NaN,"signature":{"r":"0x1","s":"0x1","v":27}}',
            b'{"action":{"type":"noop"},"nonce":1,"signature":[]}',
            b'{"action":{"type":"noop"},"nonce":1,"signature":{"r":"0x1","s":"0x1","v":27},"vaultAddress":"0xnope"}',
            b'{"action":{"type":"noop"},"nonce":1,"signature":{"r":"0x1","s":"0x1","v":27},"expiresAfter":-5}',
            b'{"action":{"type":"noop"},"nonce":1,"signature":{"r":"0x1","s":"0x1","v":1e300}}',
        ]

    # -- helpers --------------------------------------------------------------------------

    def order_price(self, coin, rng):
        """An integer price 5-10 % under the mid (integer prices are always valid): it rests."""
        with self.price_lock:
            mid = self.price[coin]
        return str(int(mid * (0.9 + 0.05 * rng.random())))

    def valid_order(self, rng, coin=None):
        coin = coin or "BTC"
        asset = COINS.index(coin)
        size = {"BTC": "0.001", "ETH": "0.01", "SOL": "0.5"}[coin]
        return {"a": asset, "b": True, "p": self.order_price(coin, rng), "s": size, "r": False, "t": {"limit": {"tif": "Alo"}}}

    def post(self, session, path, data, kind, headers=None, timeout=(5, 30)):
        response = session.post(self.url + path, data=data, headers=headers or {"Content-Type": "application/json"}, timeout=timeout)
        text = response.text
        self.stats.sample(kind, f"{response.status_code} {text[:140]}")
        outcome = str(response.status_code)
        if response.status_code == 200 and path == "/exchange":
            try:
                answer = json.loads(text)
                if isinstance(answer, dict) and answer.get("status") == "err":
                    outcome = "200 err"
                elif isinstance(answer, dict):
                    statuses = answer.get("response", {}).get("data", {}).get("statuses", []) if isinstance(answer.get("response"), dict) else []
                    if any(isinstance(s, dict) and "error" in s for s in statuses):
                        outcome = "200 ok (order errors)"
                    else:
                        outcome = "200 ok"
            except ValueError:
                outcome = "200 not json"
        return outcome, response

    # -- HTTP kinds -----------------------------------------------------------------------

    def info_valid(self, rng, session):
        a = self.mm_address
        body = rng.choice([
            {"type": "l2Book", "coin": rng.choice(COINS)}, {"type": "meta"}, {"type": "clearinghouseState", "user": a},
            {"type": "openOrders", "user": a}, {"type": "allMids"}, {"type": "metaAndAssetCtxs"},
            {"type": "clearinghouseState", "user": random_address(rng)}, {"type": "userFills", "user": a},
            {"type": "frontendOpenOrders", "user": a}, {"type": "userRateLimit", "user": a},
            {"type": "orderStatus", "user": a, "oid": rng.randrange(1, 1 << 40)},
        ])
        return self.post(session, "/info", json.dumps(body), "info_valid")[0], 1

    def info_malformed_json(self, rng, session):
        return self.post(session, "/info", rng.choice(self.malformed), "info_malformed_json")[0], 1

    def info_huge_body(self, rng, session):
        return self.post(session, "/info", rng.choice(self.huge), "info_huge_body")[0], 1

    def info_over_limit(self, rng, session):
        try:
            return self.post(session, "/info", rng.choice(self.over_limit), "info_over_limit")[0], 1
        except requests.exceptions.ConnectionError as error:
            # The server may answer 413 and close before the upload ends.
            self.stats.sample("info_over_limit", f"connection closed: {type(error).__name__}")
            return "connection closed (expected)", 1

    def info_deep_nesting(self, rng, session):
        return self.post(session, "/info", rng.choice(self.nested), "info_deep_nesting")[0], 1

    def info_40k_keys(self, rng, session):
        return self.post(session, "/info", rng.choice(self.many_keys), "info_40k_keys")[0], 1

    def info_unknown_type(self, rng, session):
        return self.post(session, "/info", json.dumps(rng.choice(self.unknown_types)), "info_unknown_type")[0], 1

    def info_bad_numbers(self, rng, session):
        return self.post(session, "/info", rng.choice(self.bad_numbers), "info_bad_numbers")[0], 1

    def info_control_chars(self, rng, session):
        return self.post(session, "/info", rng.choice(self.control), "info_control_chars")[0], 1

    def http_misc(self, rng, session):
        choice = rng.randrange(6)
        if choice == 0:
            response = session.get(self.url + "/info", timeout=(5, 30))
        elif choice == 1:
            response = session.post(self.url + "/nope", data=b"{}", timeout=(5, 30))
        elif choice == 2:
            response = session.post(self.url + "/info", data=b'{"type":"meta"}', headers={"Content-Type": "text/plain"}, timeout=(5, 30))
        elif choice == 3:
            response = session.post(self.url + "/info", data=iter([b'{"type":', b'"meta"}']), timeout=(5, 30))  # chunked
        elif choice == 4:
            response = session.request("PUT", self.url + "/exchange", data=b"{}", timeout=(5, 30))
        else:
            response = session.post(self.url + "/info?" + "x=1&" * 2000, data=b'{"type":"meta"}', timeout=(5, 30))
        self.stats.sample("http_misc", f"{choice}: {response.status_code} {response.text[:100]}")
        return str(response.status_code), 1

    def slow_body(self, rng, session):
        """Headers announcing 1000 bytes, 10 of them, a pause, then hang up."""
        with socket.create_connection((self.url.split("//")[1].split(":")[0], int(self.url.rsplit(":", 1)[1])), timeout=5) as s:
            s.sendall(b"POST /info HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"type\":\"m")
            self.stop.wait(1.0 + rng.random())
        return "sent partially, closed", 1

    # -- /exchange kinds ------------------------------------------------------------------

    def exchange_malformed_json(self, rng, session):
        return self.post(session, "/exchange", rng.choice(self.exchange_malformed), "exchange_malformed_json")[0], 1

    def exchange_oversized_batch(self, rng, session):
        return self.post(session, "/exchange", rng.choice(self.oversized), "exchange_oversized_batch")[0], 1

    def exchange_max_batch_signed(self, rng, session):
        """Exactly 1000 orders, validly signed (the most one action may carry)."""
        signer = self.signers["batch"]
        orders = [self.valid_order(rng, rng.choice(COINS)) for _ in range(MAX_BATCH)]
        if rng.random() < 0.5:
            action = {"type": "order", "orders": orders, "grouping": "na"}
        else:
            action = {"type": "cancel", "cancels": [{"a": 0, "o": rng.randrange(1, 1 << 40)} for _ in range(MAX_BATCH)]}
        return self.post(session, "/exchange", json.dumps(signer.body(action)), "exchange_max_batch_signed")[0], 1

    def exchange_bad_signature(self, rng, session):
        action = {"type": "order", "orders": [self.valid_order(rng)], "grouping": "na"}
        nonce = int(time.time() * 1000)
        variant = rng.randrange(10)
        hex64 = lambda: "0x" + "".join(rng.choice("0123456789abcdef") for _ in range(64))
        signature = {
            0: {"r": hex64(), "s": hex64(), "v": 27},
            1: {"r": hex64(), "s": hex64(), "v": 28},
            2: {"r": "0x" + "00" * 32, "s": "0x" + "00" * 32, "v": 27},
            3: {"r": "0x" + "ff" * 32, "s": "0x" + "ff" * 32, "v": 28},
            4: {"r": hex64(), "s": hex64(), "v": 99},
            5: {"r": "0x" + "zz" * 32, "s": hex64(), "v": 27},
            6: {"r": "0x" + "ab" * 5000, "s": hex64(), "v": 27},
            7: {"r": hex64(), "s": hex64(), "v": -1},
            8: {"r": hex64(), "s": hex64(), "v": "27"},
            9: {"r": hex64()[:-2], "s": hex64(), "v": 27},
        }[variant]
        body = {"action": action, "nonce": nonce, "signature": signature, "vaultAddress": None}
        return self.post(session, "/exchange", json.dumps(body), "exchange_bad_signature")[0], 1

    def exchange_bad_nonce(self, rng, session):
        signer = self.signers["nonce"]
        now = int(time.time() * 1000)
        action = {"type": "noop"}
        variant = rng.randrange(6)
        if variant == 0:  # the same signed request twice: the second is a duplicate nonce
            body = json.dumps(signer.body(action))
            first = self.post(session, "/exchange", body, "exchange_bad_nonce")[0]
            second = self.post(session, "/exchange", body, "exchange_bad_nonce")[0]
            return f"duplicate: {first} then {second}", 2
        nonce = {1: now - 3 * 86_400_000, 2: now + 2 * 86_400_000, 3: 0, 4: now - 3_600_000, 5: (1 << 63) + 5}[variant]
        return self.post(session, "/exchange", json.dumps(signer.body(action, nonce=nonce)), "exchange_bad_nonce")[0], 1

    def exchange_unknown_type(self, rng, session):
        action = rng.choice([
            {"type": "withdraw3", "destination": random_address(rng), "amount": "1"}, {"type": "usdSend"}, {"type": ""},
            {"type": 5}, {"type": "order "}, {"type": "ORDER"}, {"type": "twapOrder", "twap": {}}, {"type": None},
            {"type": "vaultTransfer"}, {"type": "spotSend"}, {"type": "approveAgent"},
        ])
        body = {"action": action, "nonce": int(time.time() * 1000), "signature": {"r": "0x" + "11" * 32, "s": "0x" + "22" * 32, "v": 27}}
        return self.post(session, "/exchange", json.dumps(body), "exchange_unknown_type")[0], 1

    def exchange_bad_numbers(self, rng, session):
        signer = self.signers["numbers"]
        order = self.valid_order(rng)
        field, value = rng.choice([
            ("p", "NaN"), ("p", "Infinity"), ("p", "-Infinity"), ("p", "1e300"), ("p", "-5"), ("p", "0"), ("p", "1e-300"),
            ("p", "0x10"), ("p", ""), ("p", "1" * 400), ("s", "NaN"), ("s", "1e300"), ("s", "-0.001"), ("s", "0"),
            ("s", "0.0000000000000000001"), ("a", 99999), ("a", -1), ("a", 1 << 62), ("p", 1e300), ("s", 1.5),
        ])
        order[field] = value
        variant = rng.randrange(3)
        if variant == 0:
            action = {"type": "order", "orders": [order], "grouping": "na"}
        elif variant == 1:
            action = {"type": "updateLeverage", "asset": 0, "isCross": True, "leverage": rng.choice([0, -1, 10**12, 1 << 62])}
        else:
            action = {"type": "scheduleCancel", "time": rng.choice([1 << 62, 0, -1])}
        try:
            body = json.dumps(signer.body(action))
        except Exception as error:  # msgpack cannot encode some values: send them unsigned
            body = json.dumps({"action": action, "nonce": signer.nonce(), "signature": {"r": "0x" + "11" * 32, "s": "0x" + "22" * 32, "v": 27}})
            self.stats.note(f"exchange_bad_numbers unsigned ({type(error).__name__})")
        if rng.random() < 0.3:  # raw NaN / 1e300 tokens in the JSON itself
            body = body.replace('"nonce": ', '"nonce": 1e300, "x": ', 1) if rng.random() < 0.5 else body.replace('"s": "', '"s": NaN, "y": "', 1)
        return self.post(session, "/exchange", body, "exchange_bad_numbers")[0], 1

    def exchange_control_chars(self, rng, session):
        signer = self.signers["numbers"]
        order = self.valid_order(rng)
        order["c"] = "0x" + "\u0000" * 2 + "1" * 30
        variant = rng.randrange(4)
        if variant == 0:
            action = {"type": "order", "orders": [order], "grouping": "na"}
        elif variant == 1:
            action = {"type": "cancelByCloid", "cancels": [{"asset": 0, "cloid": "0x\u0007\u001f" + "0" * 30}]}
        elif variant == 2:
            action = {"type": "order", "orders": [dict(order, t={"limit": {"tif": "Al\u0001o"}})], "grouping": "na\u0000"}
        else:
            action = {"type": "noop\u0000"}
        body = json.dumps(signer.body(action))
        if rng.random() < 0.3:  # raw control characters (invalid JSON)
            body = body.replace("\\u0000", "\x00").replace("\\u0007", "\x07")
        return self.post(session, "/exchange", body.encode("utf-8", "surrogatepass"), "exchange_control_chars")[0], 1

    def exchange_valid(self, rng, session):
        """The flood's own account: place far from the market, cancel, noop, leverage."""
        signer = self.signers["valid"]
        variant = rng.randrange(4)
        if variant == 0 or (variant == 1 and not self.valid_oids):
            action = {"type": "order", "orders": [self.valid_order(rng, rng.choice(COINS))], "grouping": "na"}
            outcome, response = self.post(session, "/exchange", json.dumps(signer.body(action)), "exchange_valid")
            try:
                status = response.json()["response"]["data"]["statuses"][0]
                if "resting" in status:
                    self.valid_oids.append((action["orders"][0]["a"], status["resting"]["oid"]))
            except (ValueError, KeyError, IndexError, TypeError):
                pass
            return outcome, 1
        if variant == 1:
            try:
                asset, oid = self.valid_oids.popleft()
            except IndexError:
                asset, oid = 0, 1
            action = {"type": "cancel", "cancels": [{"a": asset, "o": oid}]}
        elif variant == 2:
            action = {"type": "noop"}
        else:
            action = {"type": "updateLeverage", "asset": rng.randrange(3), "isCross": True, "leverage": rng.randrange(1, 20)}
        return self.post(session, "/exchange", json.dumps(signer.body(action)), "exchange_valid")[0], 1

    # -- WebSocket kinds ------------------------------------------------------------------

    def ws_open(self, timeout=5):
        ws = websocket.create_connection(self.ws_url, timeout=timeout, enable_multithread=True)
        greeting = ws.recv()
        if greeting != "Websocket connection established.":
            ws.close()
            raise ConnectionRefusedError(f"no greeting: {greeting!r}"[:100])
        return ws

    def ws_session(self, rng, session):
        """A short connection: valid and hostile messages, then read the answers."""
        try:
            ws = self.ws_open()
        except (ConnectionRefusedError, websocket.WebSocketException, OSError) as error:
            self.stats.sample("ws_session", f"open refused: {error}"[:120])
            return "refused at open (connection cap?)", 1
        sent = 0
        try:
            messages = []
            for coin in rng.sample(COINS, rng.randrange(1, 4)):
                messages.append({"method": "subscribe", "subscription": {"type": rng.choice(["l2Book", "trades", "bbo"]), "coin": coin}})
            messages.append({"method": "subscribe", "subscription": {"type": "allMids"}})
            # More users than a connection may name (10): the 11th is refused.
            users = [subscription_user(rng) for _ in range(MAX_USERS_PER_CONNECTION + 2)]
            for user in users:
                messages.append({"method": "subscribe", "subscription": {"type": rng.choice(["orderUpdates", "userFills", "userEvents", "userFundings", "clearinghouseState", "openOrders"]), "user": user}})
            messages.append(messages[0])                                               # already subscribed
            messages.append({"method": "unsubscribe", "subscription": {"type": "l2Book", "coin": "NOPE"}})
            messages.append({"method": "unsubscribe", "subscription": {"type": "bbo", "coin": "SOL"}})
            messages.append({"method": "subscribe", "subscription": {"type": "candle", "coin": "BTC", "interval": "1m"}})
            messages.append({"method": "nope"})
            messages.append({"method": "post", "id": 1, "request": {"type": "info", "payload": {"type": "l2Book", "coin": "BTC"}}})
            messages.append({"method": "post", "id": 2, "request": {"type": "info", "payload": {"type": "nope"}}})
            messages.append({"method": "post", "id": "x", "request": {"type": "info", "payload": {"type": "meta"}}})
            messages.append({"method": "post", "id": 3, "request": {"type": "wat", "payload": {}}})
            messages.append({"method": "post", "id": 4, "request": {"type": "action", "payload": {
                "action": {"type": "noop"}, "nonce": int(time.time() * 1000),
                "signature": {"r": "0x" + "12" * 32, "s": "0x" + "34" * 32, "v": 27}, "vaultAddress": None}}})
            messages.append({"method": "ping"})
            raw = ["{", "", "null", "[]", "\x00\x01\x02", '{"method":"subscribe","subscription":{"type":"l2Book","coin":"BT\u0000C"}}',
                   '{"method":"ping"' + "]" * 10, "[" * 600, '{"method":"subscribe","subscription":' + "{\"a\":" * 520 + "1" + "}" * 521,
                   '{"method":NaN}', '{"method":"subscribe","subscription":{"type":"l2Book","coin":"BTC","nSigFigs":1e300}}']
            if rng.random() < 0.1:
                raw.append(self.many_keys[rng.randrange(2)].decode())
            if rng.random() < 0.05:
                raw.append('{"method":"ping","pad":"' + "a" * (BODY_LIMIT - 64) + '"}')
            for message in messages:
                ws.send(json.dumps(message))
                sent += 1
            for text in rng.sample(raw, len(raw)):
                ws.send(text)
                sent += 1
            if rng.random() < 0.3:
                ws.send_binary(b"\x00\x01binary")
                sent += 1
            # Unsubscribe what was subscribed, sometimes (churn), then read what came back.
            if rng.random() < 0.5:
                ws.send(json.dumps({"method": "unsubscribe", "subscription": messages[0]["subscription"]}))
                sent += 1
            deadline = time.time() + 0.2 + 0.2 * rng.random()
            frames = errors = 0
            ws.settimeout(0.2)
            while time.time() < deadline:
                try:
                    frame = ws.recv()
                except websocket.WebSocketTimeoutException:
                    continue
                frames += 1
                if isinstance(frame, str) and frame.startswith('{"channel":"error"'):
                    errors += 1
                    self.stats.sample("ws_session errors", frame[:140])
            self.stats.note("ws_session frames received", frames)
            self.stats.note("ws_session error frames", errors)
            return "ok", sent
        except (websocket.WebSocketConnectionClosedException, ConnectionResetError, BrokenPipeError) as error:
            self.stats.sample("ws_session", f"closed by server: {type(error).__name__} {error}"[:120])
            return "closed by server mid-session", sent
        finally:
            try:
                ws.close(timeout=1)
            except Exception:
                pass

    def ws_post_burst(self, rng, session):
        """150 `post` messages back to back on one connection (info reads and 20 signed noops)."""
        signer = self.signers["post"]
        try:
            ws = self.ws_open()
        except (ConnectionRefusedError, websocket.WebSocketException, OSError):
            return "refused at open (connection cap?)", 1
        try:
            bodies = []
            for i in range(150):
                if i % 7 == 3 and i < 140:
                    bodies.append(json.dumps({"method": "post", "id": 1000 + i, "request": {"type": "action", "payload": signer.body({"type": "noop"})}}))
                else:
                    bodies.append(json.dumps({"method": "post", "id": 1000 + i, "request": {"type": "info", "payload": {"type": "l2Book", "coin": "BTC"}}}))
            for body in bodies:
                ws.send(body)
            answered = too_many = 0
            ws.settimeout(0.5)
            deadline = time.time() + 5
            while answered + too_many < len(bodies) and time.time() < deadline:
                try:
                    frame = ws.recv()
                except websocket.WebSocketTimeoutException:
                    continue
                if '"channel":"post"' in frame:
                    answered += 1
                elif "Too many inflight" in frame:
                    too_many += 1
            self.stats.note("ws_post_burst answered", answered)
            self.stats.note("ws_post_burst refused (inflight cap)", too_many)
            return ("all answered" if answered + too_many == len(bodies) else "some unanswered in 5 s"), len(bodies)
        finally:
            try:
                ws.close(timeout=1)
            except Exception:
                pass

    def ws_connection_cap(self):
        """Opens connections until hl-sim refuses one (its cap is 100), holds them, closes them."""
        if not self.cap_lock.acquire(blocking=False):
            return
        opened = []
        start = time.monotonic()
        refused_at = None
        try:
            for _ in range(MAX_WS_CONNECTIONS + 20):
                if self.stop.is_set():
                    break
                try:
                    opened.append(self.ws_open(timeout=5))
                except (ConnectionRefusedError, websocket.WebSocketException, OSError) as error:
                    refused_at = len(opened)
                    self.stats.sample("ws_connection_cap", f"refused after {len(opened)} of ours: {error}"[:140])
                    break
            self.stop.wait(1.0)
            # Subscribe a few on every held connection (subscriptions while at the cap).
            for ws in opened[:20]:
                try:
                    ws.send(json.dumps({"method": "subscribe", "subscription": {"type": "trades", "coin": "BTC"}}))
                except Exception:
                    pass
        finally:
            for ws in opened:
                try:
                    ws.close(timeout=1)
                except Exception:
                    pass
            self.cap_lock.release()
        outcome = f"refused after {refused_at} of ours" if refused_at is not None else f"never refused ({len(opened)} opened)"
        self.stats.record("ws_connection_cap", "refused at the cap" if refused_at is not None else "cap not reached",
                          time.monotonic() - start, sent=len(opened) + 1)
        self.stats.note(f"ws_connection_cap: {outcome}")

    # -- threads --------------------------------------------------------------------------

    def worker(self, index):
        rng = random.Random(self.args.seed * 1000 + index)
        session = requests.Session()
        per_thread = self.args.rate / self.args.threads
        interval = 1.0 / per_thread if per_thread > 0 else 1e9
        next_time = time.monotonic() + rng.random() * interval
        handlers = {kind: getattr(self, kind) for kind in self.kinds}
        while not self.stop.is_set():
            now = time.monotonic()
            if next_time > now:
                self.stop.wait(min(next_time - now, 0.5))
                continue
            next_time = max(next_time + interval, now - 1.0)   # never catch up more than 1 s at once
            kind = rng.choices(self.kinds, self.kind_weights)[0]
            start = time.monotonic()
            sent = 1
            try:
                outcome, sent = handlers[kind](rng, session)
            except requests.exceptions.ReadTimeout:
                outcome = "client timeout (30 s)"
            except requests.exceptions.ConnectionError as error:
                outcome = "connection error"
                self.stats.sample(kind, f"connection error: {str(error)[:120]}")
                session.close()
                session = requests.Session()
            except Exception as error:
                outcome = f"client exception {type(error).__name__}"
                self.stats.sample(kind, f"client exception: {type(error).__name__}: {str(error)[:100]}")
            self.stats.record(kind, outcome, time.monotonic() - start, sent)

    def cap_loop(self):
        every = self.args.cap_every
        if every <= 0:
            return
        while not self.stop.wait(every):
            try:
                self.ws_connection_cap()
            except Exception as error:
                self.stats.note(f"ws_connection_cap exception {type(error).__name__}")

    def holders(self, count):
        """`count` long-lived connections that read everything, churn subscriptions and ping."""
        rng = random.Random(self.args.seed + 7)
        conns = {}

        def subscribe_all(ws):
            ws.send(json.dumps({"method": "subscribe", "subscription": {"type": "l2Book", "coin": rng.choice(COINS)}}))
            ws.send(json.dumps({"method": "subscribe", "subscription": {"type": "trades", "coin": rng.choice(COINS)}}))
            ws.send(json.dumps({"method": "subscribe", "subscription": {"type": "userFills", "user": self.mm_address}}))
            ws.send(json.dumps({"method": "subscribe", "subscription": {"type": "orderUpdates", "user": subscription_user(rng)}}))

        last_ping = time.time()
        last_churn = time.time()
        frames = 0
        while not self.stop.is_set():
            while len(conns) < count and not self.stop.is_set() and self.cap_lock.acquire(blocking=False):
                try:
                    ws = self.ws_open()
                    subscribe_all(ws)
                    conns[ws.sock.fileno()] = ws
                    self.stats.note("holder connections opened")
                except Exception:
                    self.stats.note("holder connection refused")
                    self.cap_lock.release()
                    break
                self.cap_lock.release()
            if not conns:
                self.stop.wait(1)
                continue
            readable, _, _ = select.select(list(conns), [], [], 0.5)
            for fd in readable:
                ws = conns[fd]
                try:
                    ws.settimeout(1)
                    ws.recv()
                    frames += 1
                except Exception:
                    self.stats.note("holder connections lost")
                    conns.pop(fd, None)
                    try:
                        ws.close(timeout=1)
                    except Exception:
                        pass
            now = time.time()
            if now - last_ping > 20:
                last_ping = now
                for fd, ws in list(conns.items()):
                    try:
                        ws.send('{"method":"ping"}')
                    except Exception:
                        conns.pop(fd, None)
            if now - last_churn > 2 and conns:
                last_churn = now
                ws = rng.choice(list(conns.values()))
                user = subscription_user(rng)
                try:
                    ws.send(json.dumps({"method": "subscribe", "subscription": {"type": "openOrders", "user": user}}))
                    ws.send(json.dumps({"method": "unsubscribe", "subscription": {"type": "openOrders", "user": user}}))
                except Exception:
                    pass
        self.stats.note("holder frames received", frames)
        for ws in conns.values():
            try:
                ws.close(timeout=1)
            except Exception:
                pass

    def slow_reader(self, index):
        """Subscribes to every market channel and never reads (pings so it is not idle)."""
        try:
            sock_opts = [(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)]
            ws = websocket.create_connection(self.ws_url, timeout=5, sockopt=sock_opts)
            for coin in COINS:
                for kind in ["l2Book", "trades", "bbo"]:
                    ws.send(json.dumps({"method": "subscribe", "subscription": {"type": kind, "coin": coin}}))
            ws.send(json.dumps({"method": "subscribe", "subscription": {"type": "allMids"}}))
            self.stats.note("slow readers connected")
        except Exception as error:
            self.stats.note(f"slow reader failed to connect ({type(error).__name__})")
            return
        while not self.stop.wait(25):
            try:
                ws.send('{"method":"ping"}')
            except Exception:
                self.stats.note("slow reader connection lost")
                return
        try:
            ws.sock.close()
        except Exception:
            pass

    def refresh_prices(self):
        """Keeps the mids used for the flood's resting orders current."""
        session = requests.Session()
        while not self.stop.wait(10):
            for coin in COINS:
                try:
                    levels = session.post(self.url + "/info", json={"type": "l2Book", "coin": coin}, timeout=10).json()["levels"]
                    mid = (float(levels[0][0]["px"]) + float(levels[1][0]["px"])) / 2
                    with self.price_lock:
                        self.price[coin] = mid
                except Exception:
                    pass

    def run_all(self, workers, background):
        """Runs the given worker threads (and, with `background`, the holders, slow readers and
        connection-cap bursts) until the stop event."""
        threads = [threading.Thread(target=self.refresh_prices, daemon=True)]
        if background:
            threads.append(threading.Thread(target=self.holders, args=(self.args.ws_holders,), daemon=True))
            for i in range(self.args.slow_readers):
                threads.append(threading.Thread(target=self.slow_reader, args=(i,), daemon=True))
            threads.append(threading.Thread(target=self.cap_loop, daemon=True))
        for i in workers:
            threads.append(threading.Thread(target=self.worker, args=(i,), daemon=True))
        for thread in threads:
            thread.start()
        self.stop.wait()
        for thread in threads:
            thread.join(timeout=40)
        stuck = sum(1 for t in threads if t.is_alive())
        if stuck:
            self.stats.note(f"flood threads still running 40 s after the stop: {stuck}")

    def warm_signers(self):
        """Opens the flood's signed accounts before bad signatures can fill hl-sim's account cap."""
        session = requests.Session()
        for signer in self.signers.values():
            outcome, response = self.post(session, "/exchange", json.dumps(signer.body({"type": "noop"})), "setup")
            if not response.ok:
                raise RuntimeError(f"signer {signer.name} refused: {response.status_code} {response.text[:200]}")


def flood_process(args, url, mm_address, index, stop, queue):
    """One flood process (several get past Python's global interpreter lock)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent decides when the flood stops
    stats = Stats()
    flood = Flood(args, url, mm_address, stats, stop)
    try:
        if HAVE_SIGNING:
            flood.warm_signers()
    except Exception as error:
        queue.put({"index": index, "error": f"could not open the flood's accounts: {error}"})
        return
    queue.put({"index": index, "ready": True})
    workers = [i for i in range(args.threads) if i % args.procs == index]
    flood.run_all(workers, background=index == 0)
    queue.put({"index": index, "stats": stats.export()})


# ----------------------------------------------------------------------------------------
# The well-behaved clients and the monitor


class WellBehaved:
    """One valid /info request a second on a fresh connection; latency and failures."""

    def __init__(self, url, mm_address, stop):
        self.url = url
        self.mm_address = mm_address
        self.stop = stop
        self.samples = []     # (t since flood start, seconds, ok, kind, detail)
        self.lock = threading.Lock()

    def one(self, index):
        kinds = [("l2Book", {"type": "l2Book", "coin": "BTC"}), ("meta", {"type": "meta"}),
                 ("clearinghouseState", {"type": "clearinghouseState", "user": self.mm_address}),
                 ("openOrders", {"type": "openOrders", "user": self.mm_address})]
        name, body = kinds[index % len(kinds)]
        start = time.monotonic()
        ok, detail = True, ""
        try:
            response = requests.post(self.url + "/info", json=body, timeout=(10, 10), headers={"Connection": "close"})
            if response.status_code != 200:
                ok, detail = False, f"HTTP {response.status_code} {response.text[:100]}"
            else:
                answer = response.json()
                if name == "l2Book":
                    levels = answer.get("levels") if isinstance(answer, dict) else None
                    if not levels or not levels[0] or not levels[1]:
                        ok, detail = False, f"empty book {str(answer)[:100]}"
                elif name == "meta" and "universe" not in answer:
                    ok, detail = False, f"bad meta {str(answer)[:100]}"
                elif name == "clearinghouseState" and "marginSummary" not in answer:
                    ok, detail = False, f"bad clearinghouseState {str(answer)[:100]}"
                elif name == "openOrders" and not isinstance(answer, list):
                    ok, detail = False, f"bad openOrders {str(answer)[:100]}"
        except Exception as error:
            ok, detail = False, f"{type(error).__name__}: {str(error)[:120]}"
        elapsed = time.monotonic() - start
        return elapsed, ok, name, detail

    def run(self, t0_holder):
        index = 0
        next_time = time.monotonic()
        while not self.stop.is_set():
            elapsed, ok, name, detail = self.one(index)
            t0 = t0_holder.get("flood_start")
            with self.lock:
                self.samples.append((time.time() - t0 if t0 else None, elapsed, ok, name, detail))
            index += 1
            next_time += 1.0
            delay = next_time - time.monotonic()
            if delay < 0:
                next_time = time.monotonic()
            else:
                self.stop.wait(delay)


class FeedWatcher:
    """A well-behaved WebSocket subscriber to l2Book BTC: the longest gap between books."""

    def __init__(self, ws_url, stop):
        self.ws_url = ws_url
        self.stop = stop
        self.gaps = []          # (t, gap seconds)
        self.books = 0
        self.disconnects = 0
        self.errors = []

    def run(self, t0_holder):
        while not self.stop.is_set():
            try:
                ws = websocket.create_connection(self.ws_url, timeout=5)
                ws.recv()
                ws.send(json.dumps({"method": "subscribe", "subscription": {"type": "l2Book", "coin": "BTC"}}))
                ws.settimeout(1)
                last_book = time.monotonic()
                last_ping = time.monotonic()
                while not self.stop.is_set():
                    try:
                        frame = ws.recv()
                    except websocket.WebSocketTimeoutException:
                        frame = None
                    now = time.monotonic()
                    if frame and '"channel":"l2Book"' in frame:
                        gap = now - last_book
                        t0 = t0_holder.get("flood_start")
                        self.gaps.append((time.time() - t0 if t0 else None, gap))
                        last_book = now
                        self.books += 1
                    if now - last_ping > 20:
                        ws.send('{"method":"ping"}')
                        last_ping = now
                ws.close(timeout=1)
            except Exception as error:
                if self.stop.is_set():
                    return
                self.disconnects += 1
                self.errors.append(f"{type(error).__name__}: {str(error)[:100]}")
                self.stop.wait(1)


def scrape_metrics(port):
    try:
        text = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=3).text
    except Exception:
        return None
    values = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        try:
            name, value = line.rsplit(" ", 1)
            values[name] = float(value)
        except ValueError:
            continue
    return values


def scrape_health(port):
    try:
        return requests.get(f"http://127.0.0.1:{port}/health", timeout=3).json()
    except Exception:
        return None


class Monitor:
    def __init__(self, children, metrics_port, interval, stop, verbose=True):
        self.verbose = verbose
        self.children = children
        self.metrics_port = metrics_port
        self.interval = interval
        self.stop = stop
        self.samples = []
        self.early_exit = None
        self.last_cpu = {}

    def sample(self, t0):
        now = time.time()
        row = {"t": round(now - t0, 1)}
        for name, child in self.children.items():
            rss = child.rss_kb()
            cpu = child.cpu_seconds()
            previous = self.last_cpu.get(name)
            row[f"{name}_rss_mb"] = round(rss / 1024, 1) if rss is not None else None
            row[f"{name}_cpu_pct"] = round(100 * (cpu - previous[1]) / (now - previous[0]), 1) if cpu is not None and previous else None
            row[f"{name}_threads"] = child.threads()
            row[f"{name}_fds"] = child.fds()
            if cpu is not None:
                self.last_cpu[name] = (now, cpu)
        metrics = scrape_metrics(self.metrics_port)
        health = scrape_health(self.metrics_port)
        if metrics:
            row["mm_orders_sent"] = sum(v for k, v in metrics.items() if k.startswith("mm_commands_total{kind=") and
                                        any(f'"{x}"' in k for x in ["place", "modify", "cancel", "cancelAll"]))
            row["mm_commands"] = {k.split('"')[1]: v for k, v in metrics.items() if k.startswith("mm_commands_total{")}
            row["mm_fills"] = metrics.get("mm_fills_booked_total")
            row["mm_journal_records"] = metrics.get("mm_journal_records")
            row["mm_journal_bytes"] = metrics.get("mm_journal_bytes")
            row["mm_open_orders"] = metrics.get('mm_open_orders{coin="BTC"}')
            row["mm_feed_age_s"] = metrics.get('mm_feed_age_seconds{coin="BTC"}')
            row["mm_feed_reconnects"] = metrics.get("mm_feed_reconnects_total")
            row["mm_unknown_outcomes"] = metrics.get("mm_unknown_outcomes_total")
            row["mm_kill_switch"] = metrics.get("mm_kill_switch_triggered")
            row["mm_kill_reasons"] = [k.split('"')[1] for k, v in metrics.items() if k.startswith("mm_kill_reason{") and v > 0]
        else:
            row["mm_metrics"] = "unavailable"
        if health:
            row["mm_health"] = health.get("status")
        self.samples.append(row)
        return row

    def run(self, t0_holder):
        while not self.stop.is_set():
            t0 = t0_holder.get("flood_start") or time.time()
            for name, child in self.children.items():
                if not child.alive() and not child.expected_exit and self.early_exit is None:
                    self.early_exit = (name, child.proc.returncode, round(time.time() - t0, 1))
                    self.stop.set()
                    return
            row = self.sample(t0)
            if self.verbose or len(self.samples) % 6 == 1:
                log(f"t={row['t']:6.0f}s  hl-sim {row.get('hl-sim_rss_mb')} MB {row.get('hl-sim_cpu_pct')}% cpu  "
                    f"mm-live {row.get('mm-live_rss_mb')} MB {row.get('mm-live_cpu_pct')}% cpu  orders sent {row.get('mm_orders_sent')} "
                    f"fills {row.get('mm_fills')} journal {row.get('mm_journal_records')} health {row.get('mm_health')}")
            self.stop.wait(self.interval)


# ----------------------------------------------------------------------------------------
# Main


def run_tool(argv, timeout=900):
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
        return done.returncode, (done.stdout + done.stderr).strip()
    except subprocess.TimeoutExpired:
        return None, "timed out"


def rss_summary(samples, key, warmup, duration):
    """RSS figures of one process. Single samples are noisy (a 1 MiB body parses into tens
    of MB for a moment), so warm, end and the halves are medians."""
    series = [(s["t"], s[key]) for s in samples if s.get(key) is not None]
    if not series:
        return {}
    after = [(t, v) for t, v in series if t >= warmup]
    warm_window = [v for t, v in after if t < warmup + 30] or [v for _, v in after[:3]] or [series[-1][1]]
    mid = warmup + (duration - warmup) / 2
    first = [v for t, v in after if t < mid]
    second = [v for t, v in after if t >= mid]
    summary = {
        "start_mb": series[0][1], "warm_mb": round(statistics.median(warm_window), 1),
        "end_mb": round(statistics.median([v for _, v in series[-5:]]), 1), "last_mb": series[-1][1],
        "max_mb": max(v for _, v in series),
        "first_half_median_mb": round(statistics.median(first), 1) if first else None,
        "second_half_median_mb": round(statistics.median(second), 1) if second else None,
        "first_half_max_mb": max(first) if first else None,
        "second_half_max_mb": max(second) if second else None,
        "series": [[t, v] for t, v in series],
    }
    if len(after) >= 3:
        ts = [t for t, _ in after]
        vs = [v for _, v in after]
        tm, vm = statistics.mean(ts), statistics.mean(vs)
        denominator = sum((t - tm) ** 2 for t in ts)
        summary["slope_mb_per_min"] = round(60 * sum((t - tm) * (v - vm) for t, v in zip(ts, vs)) / denominator, 2) if denominator else 0.0
    return summary


def main():
    parser = argparse.ArgumentParser(prog="scripts/soak", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=600, help="seconds of flood (default 600)")
    parser.add_argument("--rate", type=float, default=200, help="flood operations per second, all threads together (default 200)")
    parser.add_argument("--threads", type=int, default=16, help="flood client threads, all processes together (default 16)")
    parser.add_argument("--procs", type=int, default=2, help="flood processes the threads are spread over (default 2)")
    parser.add_argument("--warmup", type=float, default=None, help="seconds after the flood starts before the warm RSS is taken (default: min(120, duration/5))")
    parser.add_argument("--sample-every", type=float, default=5, help="seconds between RSS/metrics samples (default 5)")
    parser.add_argument("--ws-holders", type=int, default=20, help="long-lived WebSocket connections that read, churn and ping (default 20)")
    parser.add_argument("--slow-readers", type=int, default=3, help="WebSocket connections that subscribe to everything and never read (default 3)")
    parser.add_argument("--ws-users", type=int, default=0, help="distinct user addresses the flood's WebSocket user subscriptions draw from "
                        "(default 0: a fresh random address each time, so the venue sees ever new topics)")
    parser.add_argument("--cap-every", type=float, default=60, help="seconds between connection-cap bursts (open until refused; 0: never; default 60)")
    parser.add_argument("--max-latency", type=float, default=2.0, help="well-behaved client's largest allowed latency, seconds (default 2)")
    parser.add_argument("--max-feed-gap", type=float, default=5.0, help="largest allowed gap between l2Book frames on the well-behaved subscription, seconds (default 5)")
    parser.add_argument("--rss-factor", type=float, default=1.5, help="end RSS must be <= FACTOR x warm RSS + --rss-slack-mb (default 1.5)")
    parser.add_argument("--rss-slack-mb", type=float, default=50, help="(default 50)")
    parser.add_argument("--flat-tolerance", type=float, default=0.10, help="flatness: the median RSS of the second half (after warm-up) must be "
                        "<= the first half's x (1 + this) + --flat-slack-mb (default 0.10)")
    parser.add_argument("--flat-slack-mb", type=float, default=15, help="(default 15)")
    parser.add_argument("--max-quiet", type=float, default=120, help="longest stretch of the flood mm-live may go without a place, "
                        "modify or cancel, seconds; checked when the flood lasts at least twice this (default 120; 0: no check)")
    parser.add_argument("--shutdown-timeout", type=float, default=30, help="seconds mm-live may take to exit after SIGTERM (default 30)")
    parser.add_argument("--seed", type=int, default=1, help="hl-sim's seed and the flood's (default 1)")
    parser.add_argument("--report", default=None, help="write the summary as JSON to this path")
    parser.add_argument("--workdir", default=None, help="keep logs, journal and state here (default: a new temporary directory, kept)")
    parser.add_argument("--skip-replay-verify", action="store_true", help="skip `mm-replay verify` (the bit-for-bit replay); `journal verify` always runs")
    parser.add_argument("--bin-dir", default=None, help="directory of hl-sim, mm-live and mm-replay (scripts/soak passes .build/release)")
    args = parser.parse_args()
    if args.duration <= 0 or args.rate < 0 or args.threads < 1 or not 1 <= args.procs <= args.threads:
        parser.error("--duration must be > 0, --rate >= 0, --threads >= 1, 1 <= --procs <= --threads")
    warmup = args.warmup if args.warmup is not None else min(120.0, args.duration / 5)
    WS_USER_POOL[:] = [random_address(random.Random(args.seed * 7919 + i)) for i in range(args.ws_users)]
    bin_dir = args.bin_dir or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".build", "release")
    binaries = {name: os.path.join(bin_dir, name) for name in ["hl-sim", "mm-live", "mm-replay"]}
    for name, path in binaries.items():
        if not os.access(path, os.X_OK):
            log(f"missing {path}: build it (scripts/soak builds unless --no-build)")
            return 2
    if not HAVE_SIGNING:
        log("the hyperliquid SDK / eth_account is not importable: signed kinds (bad nonces, valid orders, ...) are skipped")
    workdir = args.workdir or tempfile.mkdtemp(prefix="soak-")
    os.makedirs(workdir, exist_ok=True)
    log(f"work directory {workdir}")

    stop = multiprocessing.Event()
    stats = Stats()
    checks = []
    children = {}
    shown = []
    skip = False
    for arg in sys.argv[1:]:   # the command as typed (scripts/soak adds --bin-dir)
        if skip or arg.startswith("--bin-dir="):
            skip = False
            continue
        if arg == "--bin-dir":
            skip = True
            continue
        shown.append(arg)
    report = {"command": " ".join(["scripts/soak"] + shown), "workdir": workdir,
              "options": {k: v for k, v in vars(args).items()}, "warmup_s": warmup}
    t0_holder = {}

    def fail_setup(message):
        log(message)
        for child in children.values():
            child.kill()
        return 2

    # hl-sim
    sim = Child("hl-sim", [binaries["hl-sim"], "--port", "0", "--seed", str(args.seed)], os.path.join(workdir, "hl-sim.log"))
    children["hl-sim"] = sim
    match = sim.wait_for_line(r"listening on (http://127\.0\.0\.1:\d+)", 30)
    if not match:
        return fail_setup(f"hl-sim did not start:\n{sim.tail()}")
    url = match.group(1)
    log(f"hl-sim pid {sim.pid} at {url}")

    # mm-live with a throwaway key (generated here, given only in its environment)
    if HAVE_SIGNING:
        key = eth_account.Account.create().key.hex()
        if not key.startswith("0x"):
            key = "0x" + key
    else:
        key = "0x" + os.urandom(32).hex()
    metrics_port = free_port()
    journal = os.path.join(workdir, "mm-live.mmj")
    env = dict(os.environ)
    env["HL_PRIVATE_KEY"] = key
    env.pop("MM_OPERATOR_TOKEN", None)
    live = Child("mm-live", [binaries["mm-live"], "run", "--network", url, "--coins", "BTC", "--journal", journal,
                             "--metrics-port", str(metrics_port), "--state-dir", os.path.join(workdir, "state")],
                 os.path.join(workdir, "mm-live.log"), env=env)
    children["mm-live"] = live
    match = live.wait_for_line(r"account (0x[0-9a-f]{40})", 30)
    if not match:
        return fail_setup(f"mm-live did not start:\n{live.tail()}")
    mm_address = match.group(1)
    if not live.wait_for_line(r"feed connected", 30):
        return fail_setup(f"mm-live's feed did not connect:\n{live.tail()}")
    if not sim.wait_for_line(r"POST /exchange " + mm_address + r" 200 order", 60):
        return fail_setup(f"mm-live placed no order within 60 s:\n{live.tail()}")
    log(f"mm-live pid {live.pid} trading as {mm_address}, metrics on {metrics_port}")

    # Baseline of the well-behaved client before the flood.
    wellbehaved = WellBehaved(url, mm_address, stop)
    baseline = [wellbehaved.one(i) for i in range(8)]
    report["baseline_latency_ms"] = {"p50": round(1000 * percentile([b[0] for b in baseline], 50), 1),
                                     "max": round(1000 * max(b[0] for b in baseline), 1)}

    # The flood processes (forked before this process starts any thread).
    queue = multiprocessing.Queue()
    procs = []
    for index in range(args.procs):
        proc = multiprocessing.Process(target=flood_process, args=(args, url, mm_address, index, stop, queue), daemon=True)
        proc.start()
        procs.append(proc)
    ready = 0
    deadline = time.time() + 60
    while ready < args.procs:
        try:
            message = queue.get(timeout=max(0.1, deadline - time.time()))
        except Exception:
            stop.set()
            return fail_setup("the flood processes did not start within 60 s")
        if "error" in message:
            stop.set()
            return fail_setup(message["error"])
        ready += 1

    monitor = Monitor(children, metrics_port, args.sample_every, stop, verbose=args.duration <= 120)
    t0_holder["flood_start"] = time.time()
    monitor.sample(t0_holder["flood_start"])  # t=0
    watcher = FeedWatcher(url.replace("http://", "ws://") + "/ws", stop)
    threads = [threading.Thread(target=monitor.run, args=(t0_holder,), name="monitor", daemon=True),
               threading.Thread(target=wellbehaved.run, args=(t0_holder,), name="well-behaved", daemon=True),
               threading.Thread(target=watcher.run, args=(t0_holder,), name="feed-watcher", daemon=True)]
    log(f"flood: {args.rate:g} ops/s from {args.threads} threads in {args.procs} processes for {args.duration:g} s "
        f"(warm-up {warmup:g} s); {args.ws_holders} WebSocket holders, {args.slow_readers} slow readers, "
        f"connection-cap burst every {args.cap_every:g} s")
    for thread in threads:
        thread.start()
    interrupted = False
    try:
        end = t0_holder["flood_start"] + args.duration
        while time.time() < end and not stop.is_set():
            stop.wait(min(1.0, max(0.01, end - time.time())))
    except KeyboardInterrupt:
        interrupted = True
        log("interrupted: stopping")
    flood_seconds = time.time() - t0_holder["flood_start"]
    stop.set()
    reported = 0
    deadline = time.time() + 90
    while reported < args.procs and time.time() < deadline:
        try:
            message = queue.get(timeout=max(0.1, deadline - time.time()))
        except Exception:
            break
        if "stats" in message:
            stats.merge(message["stats"])
            reported += 1
    if reported < args.procs:
        stats.note(f"flood processes that did not report within 90 s: {args.procs - reported}")
    for proc in procs:
        proc.join(timeout=5)
        if proc.is_alive():
            proc.terminate()
    for thread in threads:
        thread.join(timeout=40)
    final_sample = monitor.sample(t0_holder["flood_start"]) if monitor.early_exit is None else None

    if interrupted:
        checks.append({"check": "completed", "ok": False, "detail": f"interrupted after {flood_seconds:.0f} of {args.duration:g} s"})
    # Early exits
    if monitor.early_exit:
        name, status, at = monitor.early_exit
        checks.append({"check": "processes_survive", "ok": False, "detail": f"{name} exited with {status} at t={at}s:\n{children[name].tail(40)}"})
    else:
        checks.append({"check": "processes_survive", "ok": sim.alive() and live.alive(),
                       "detail": f"hl-sim and mm-live ran through {flood_seconds:.0f} s of flood"})

    # Stop mm-live with SIGTERM.
    live.expected_exit = True
    status, took = live.terminate(args.shutdown_timeout)
    if status is None:
        live.kill()
    report["mm_live_exit"] = {"status": status, "seconds": round(took, 1)}
    log_text = open(live.log_path, "rb").read().decode("utf-8", "replace")
    checks.append({"check": "mm_live_clean_shutdown", "ok": status == 0,
                   "detail": f"exit {status} {took:.1f} s after SIGTERM" + ("" if status == 0 else f"\n{live.tail(30)}")})
    closed = re.search(r"journal closed: .*", log_text)
    report["mm_live_journal_closed_line"] = closed.group(0) if closed else None
    tick = re.search(r"tick to order .*", log_text)
    report["mm_live_tick_to_order"] = tick.group(0) if tick else None
    if key[2:] in log_text or key[2:] in open(sim.log_path, "rb").read().decode("utf-8", "replace"):
        checks.append({"check": "key_not_logged", "ok": False, "detail": "the throwaway key appears in a log"})

    # Nothing of mm-live's left open at hl-sim.
    open_orders = None
    if sim.alive():
        try:
            open_orders = requests.post(url + "/info", json={"type": "openOrders", "user": mm_address}, timeout=10).json()
        except Exception as error:
            open_orders = f"error {error}"
    checks.append({"check": "no_orders_left_open", "ok": open_orders == [], "detail": f"openOrders after shutdown: {str(open_orders)[:200]}"})

    # Stop hl-sim.
    sim.expected_exit = True
    sim_status, sim_took = sim.terminate(15)
    if sim_status is None:
        sim.kill()
    report["hl_sim_exit"] = {"status": sim_status, "seconds": round(sim_took, 1)}
    checks.append({"check": "hl_sim_stops", "ok": sim_status is not None and sim_status >= 0,
                   "detail": f"exit {sim_status} {sim_took:.1f} s after SIGTERM"})
    sim_log = open(sim.log_path, "rb").read().decode("utf-8", "replace")
    for pattern in ["Fatal error", "Segmentation fault", "Illegal instruction", "Stack dump", "Crash"]:
        if pattern in sim_log or pattern in log_text:
            checks.append({"check": "no_crash_in_logs", "ok": False, "detail": f"'{pattern}' in a log"})

    # Journal.
    code, output = run_tool([binaries["mm-replay"], "journal", "verify", journal])
    checks.append({"check": "journal_verify", "ok": code == 0, "detail": output[-600:]})
    code, modifies = run_tool([binaries["mm-replay"], "journal", "cat", journal, "--type", "modify"])
    per_order = collections.Counter()
    for line in modifies.splitlines():
        try:
            per_order[json.loads(line)["target"]["cloid"]] += 1
        except (ValueError, KeyError, TypeError):
            pass
    code, stat_output = run_tool([binaries["mm-replay"], "journal", "stat", journal])
    report["journal_stat"] = stat_output[-2000:]
    if not args.skip_replay_verify:
        code, output = run_tool([binaries["mm-replay"], "verify", journal], timeout=1800)
        checks.append({"check": "replay_verify_bit_for_bit", "ok": code == 0, "detail": output[-600:]})

    # Well-behaved client.
    samples = [s for s in wellbehaved.samples if s[0] is not None]
    latencies = [s[1] for s in samples]
    failures = [s for s in samples if not s[2]]
    latency = {"requests": len(samples), "failures": len(failures),
               "p50_ms": round(1000 * percentile(latencies, 50), 1) if latencies else None,
               "p99_ms": round(1000 * percentile(latencies, 99), 1) if latencies else None,
               "max_ms": round(1000 * max(latencies), 1) if latencies else None,
               "by_kind_max_ms": {k: round(1000 * max(s[1] for s in samples if s[3] == k), 1) for k in sorted({s[3] for s in samples})},
               "failure_examples": [f"t={s[0]:.0f}s {s[3]}: {s[4]}" for s in failures[:5]],
               "slowest": [f"t={s[0]:.0f}s {s[3]} {1000 * s[1]:.0f} ms" for s in sorted(samples, key=lambda s: -s[1])[:5]]}
    report["well_behaved_client"] = latency
    checks.append({"check": "well_behaved_latency", "ok": bool(latencies) and max(latencies) <= args.max_latency and not failures
                   and len(samples) >= 0.8 * flood_seconds - 5,
                   "detail": f"{len(samples)} requests, {len(failures)} failed, p50 {latency['p50_ms']} ms, p99 {latency['p99_ms']} ms, "
                             f"max {latency['max_ms']} ms (limit {args.max_latency * 1000:.0f} ms)"})
    gaps = [g for t, g in watcher.gaps if t is not None and t > 2]
    feed = {"books": watcher.books, "max_gap_s": round(max(gaps), 3) if gaps else None,
            "p99_gap_ms": round(1000 * percentile(gaps, 99), 1) if gaps else None,
            "disconnects": watcher.disconnects, "errors": watcher.errors[:5]}
    report["well_behaved_subscriber"] = feed
    checks.append({"check": "well_behaved_subscription", "ok": bool(gaps) and max(gaps) <= args.max_feed_gap and watcher.disconnects == 0,
                   "detail": f"{watcher.books} l2Book frames, longest gap {feed['max_gap_s']} s (limit {args.max_feed_gap} s), {watcher.disconnects} disconnects"})

    # Memory.
    duration = flood_seconds
    memory = {}
    for name in children:
        summary = rss_summary(monitor.samples, f"{name}_rss_mb", warmup, duration)
        memory[name] = summary
        if not summary:
            checks.append({"check": f"{name}_memory", "ok": False, "detail": "no RSS samples"})
            continue
        bound = args.rss_factor * summary["warm_mb"] + args.rss_slack_mb
        ok = summary["end_mb"] <= bound
        detail = (f"start {summary['start_mb']} MB, warm {summary['warm_mb']} MB (t={warmup:g}s), end {summary['end_mb']} MB "
                  f"(bound {bound:.0f}), max {summary['max_mb']} MB, slope after warm-up {summary.get('slope_mb_per_min')} MB/min")
        if summary["first_half_median_mb"] is not None and summary["second_half_median_mb"] is not None:
            flat_bound = summary["first_half_median_mb"] * (1 + args.flat_tolerance) + args.flat_slack_mb
            ok = ok and summary["second_half_median_mb"] <= flat_bound
            detail += (f"; median by half {summary['first_half_median_mb']} -> {summary['second_half_median_mb']} MB "
                       f"(bound {flat_bound:.0f})")
        checks.append({"check": f"{name}_memory", "ok": ok, "detail": detail})
    report["memory"] = memory
    report["cpu_mean_pct"] = {name: round(statistics.mean(v), 1) if v else None for name in children
                              for v in [[s[f"{name}_cpu_pct"] for s in monitor.samples if s.get(f"{name}_cpu_pct") is not None]]}

    # mm-live kept trading.
    trading_rows = [s for s in monitor.samples if s.get("mm_orders_sent") is not None]
    activity = {}
    venue_kinds = ["place", "modify", "cancel", "cancelAll", "scheduleCancel"]
    if trading_rows:
        def count(row, kinds):
            return sum((row.get("mm_commands") or {}).get(k, 0) for k in kinds)

        first, last = trading_rows[0], trading_rows[-1]
        mid_t = warmup + (duration - warmup) / 2
        halves = [[s for s in trading_rows if warmup <= s["t"] < mid_t], [s for s in trading_rows if s["t"] >= mid_t]]

        def growth(key):
            return [(key(h[-1]) - key(h[0])) if len(h) >= 2 else 0 for h in halves]

        venue_growth = growth(lambda r: count(r, venue_kinds))
        order_growth = growth(lambda r: r["mm_orders_sent"])
        decision_growth = growth(lambda r: count(r, ["decision"]))
        journal_growth = growth(lambda r: r["mm_journal_records"] or 0)
        kills = sorted({r for s in trading_rows for r in (s.get("mm_kill_reasons") or [])})
        unhealthy = [f"t={s['t']}: {s.get('mm_health')}" for s in monitor.samples if s.get("mm_health") not in (None, "ok")]
        activity = {"commands_during_flood": {k: last["mm_commands"].get(k, 0) - (first.get("mm_commands") or {}).get(k, 0)
                                              for k in (last.get("mm_commands") or {})},
                    "commands_at_end": last.get("mm_commands"),
                    "order_requests": last["mm_orders_sent"] - first["mm_orders_sent"],
                    "order_requests_by_half": order_growth, "venue_actions_by_half": venue_growth,
                    "decisions_by_half": decision_growth, "journal_records_by_half": journal_growth,
                    "fills_booked": last.get("mm_fills"), "journal_records": last.get("mm_journal_records"),
                    "journal_bytes": last.get("mm_journal_bytes"), "feed_reconnects": last.get("mm_feed_reconnects"),
                    "unknown_outcomes": last.get("mm_unknown_outcomes"), "kill_reasons": kills,
                    "unhealthy_samples": unhealthy[:10], "max_feed_age_s": max((s.get("mm_feed_age_s") or 0) for s in trading_rows)}
        # The longest stretch without an order request (the engine leaves quotes alone while they fit).
        quiet, since = 0.0, trading_rows[0]["t"]
        for previous, row in zip(trading_rows, trading_rows[1:]):
            if row["mm_orders_sent"] > previous["mm_orders_sent"]:
                since = row["t"]
            quiet = max(quiet, row["t"] - since)
        activity["longest_without_order_requests_s"] = quiet
        activity["orders_modified"] = len(per_order)
        activity["max_modifies_per_order"] = max(per_order.values()) if per_order else 0
        # mm-live's /exchange requests as hl-sim logged them (status, action, server-side time).
        pattern = re.compile(r"POST /exchange " + re.escape(mm_address) + r" (\d{3}) (.*) ([0-9.]+)ms$", re.M)
        by_action = collections.Counter()
        statuses = collections.Counter()
        server_ms = []
        errors = []
        for status_text, summary, ms in pattern.findall(sim_log):
            statuses[status_text] += 1
            word = summary.split()[0] if summary else "?"
            by_action[word] += 1
            server_ms.append(float(ms))
            if word.startswith("err") or status_text != "200":
                errors.append(f"{status_text} {summary[:120]}")
        activity["exchange_requests_at_hl_sim"] = {"total": sum(statuses.values()), "by_status": dict(statuses),
                                                   "by_action": dict(by_action), "refused": errors[:10], "refused_count": len(errors),
                                                   "server_p50_ms": percentile(server_ms, 50), "server_max_ms": max(server_ms) if server_ms else None}
        # scheduleCancel is renewed every 10 s: halves of 30 s or more each see venue actions.
        halves_long = (duration - warmup) / 2 >= 30
        during = count(last, venue_kinds) - count(first, venue_kinds)
        both_halves = (during > 0 and all(g > 0 for g in decision_growth) and all(g > 0 for g in journal_growth)
                       and (not halves_long or all(g > 0 for g in venue_growth)))
        ok = both_halves and not kills and not unhealthy and set(statuses) <= {"200"}
        checks.append({"check": "mm_live_keeps_trading", "ok": ok,
                       "detail": f"venue actions by half {venue_growth[0]:.0f}/{venue_growth[1]:.0f} (order requests {order_growth[0]:.0f}/{order_growth[1]:.0f}, "
                                 f"longest stretch without one {quiet:.0f} s), quote decisions {decision_growth[0]:.0f}/{decision_growth[1]:.0f}, "
                                 f"journal records +{journal_growth[0]:.0f}/+{journal_growth[1]:.0f}, fills {activity['fills_booked']}, "
                                 f"/exchange at hl-sim {sum(statuses.values())} ({dict(statuses)}, {len(errors)} refused), "
                                 f"reconnects {activity['feed_reconnects']}, kills {kills or 'none'}, unhealthy samples {len(unhealthy)}"})
        if args.max_quiet > 0 and duration >= 2 * args.max_quiet:
            checks.append({"check": "mm_live_requotes", "ok": quiet <= args.max_quiet,
                           "detail": f"longest stretch without a place/modify/cancel: {quiet:.0f} s (limit {args.max_quiet:g} s); "
                                     f"modifies per order at most {activity.get('max_modifies_per_order')}"})
    else:
        checks.append({"check": "mm_live_keeps_trading", "ok": False, "detail": "mm-live's metrics were never readable"})
    report["mm_live_activity"] = activity

    # hl-sim answered the flood (no 5xx).
    flood_report = {}
    server_errors = 0
    for kind in sorted(stats.ops):
        outcomes = dict(stats.outcomes[kind])
        server_errors += sum(v for k, v in outcomes.items() if k[:1] == "5")
        flood_report[kind] = {"ops": stats.ops[kind], "sent": stats.requests[kind], "outcomes": outcomes,
                              "mean_ms": round(1000 * stats.seconds[kind] / stats.ops[kind], 1),
                              "max_ms": round(1000 * stats.slowest[kind], 1), "answers_seen": stats.samples.get(kind, [])}
    for kind, seen in stats.samples.items():
        if kind not in flood_report:
            flood_report[kind] = {"answers_seen": seen}
    total_ops = sum(stats.ops.values())
    total_sent = sum(stats.requests.values())
    report["flood"] = {"seconds": round(flood_seconds, 1), "ops": total_ops, "messages_sent": total_sent,
                       "achieved_ops_per_s": round(total_ops / flood_seconds, 1) if flood_seconds else None,
                       "kinds": flood_report, "notes": dict(stats.notes)}
    checks.append({"check": "hl_sim_no_server_errors", "ok": server_errors == 0, "detail": f"{server_errors} answers with HTTP 5xx"})
    report["samples"] = monitor.samples
    report["checks"] = checks
    report["ok"] = all(c["ok"] for c in checks) and not interrupted
    report["hl_sim_log_lines"] = sim_log.count("\n")

    # Summary.
    print()
    print(f"soak: {flood_seconds:.0f} s of flood at {args.rate:g} ops/s requested ({report['flood']['achieved_ops_per_s']} achieved), "
          f"{total_ops} operations, {total_sent} requests/messages; work directory {workdir}")
    print("  requests by kind (ops: outcomes)")
    for kind in sorted(stats.ops, key=lambda k: -stats.ops[k]):
        outcomes = ", ".join(f"{k} {v}" for k, v in stats.outcomes[kind].most_common(4))
        print(f"    {kind:28s} {stats.ops[kind]:7d}  {outcomes}")
    for name, summary in memory.items():
        if summary:
            print(f"  {name:7s} RSS start {summary['start_mb']} MB, warm {summary['warm_mb']} MB, end {summary['end_mb']} MB, "
                  f"max {summary['max_mb']} MB, median by half {summary['first_half_median_mb']} -> {summary['second_half_median_mb']} MB, "
                  f"slope {summary.get('slope_mb_per_min')} MB/min")
    print(f"  mean CPU during the flood: {report['cpu_mean_pct']} (% of one core)")
    print(f"  well-behaved /info: {latency['requests']} requests, {latency['failures']} failed, p50 {latency['p50_ms']} ms, "
          f"p99 {latency['p99_ms']} ms, max {latency['max_ms']} ms (before the flood: p50 {report['baseline_latency_ms']['p50']} ms)")
    print(f"  well-behaved l2Book subscription: {feed['books']} frames, longest gap {feed['max_gap_s']} s, {feed['disconnects']} disconnects")
    if activity:
        print(f"  mm-live during the flood: {activity['commands_during_flood']}, {activity['fills_booked']} fills in all, "
              f"{activity['journal_records']} journal records, {report['mm_live_journal_closed_line']}")
    for check in checks:
        print(f"  {'PASS' if check['ok'] else 'FAIL'} {check['check']}: {check['detail'].splitlines()[0] if check['detail'] else ''}")
        if not check["ok"] and "\n" in check["detail"]:
            print("      " + "\n      ".join(check["detail"].splitlines()[1:20]))
    print(f"soak: {'PASS' if report['ok'] else 'FAIL'}")
    if args.report:
        with open(args.report, "w") as f:
            json.dump(report, f, indent=1, default=str)
        print(f"report: {args.report}")
    for child in children.values():
        child.kill()
    return 0 if report["ok"] else 1


def interrupt(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, interrupt)
    try:
        sys.exit(main())
    finally:
        for child in ALL_CHILDREN:
            child.kill()
