"""Drives a running hl-sim with the official Hyperliquid Python SDK.

Usage: sdk_compat.py OPEN_URL RESTRICTED_URL FAULTY_URL
  OPEN_URL        hl-sim with default-funded accounts
  RESTRICTED_URL  hl-sim started with --accounts listing the address of $HL_SIM_ADMITTED_KEY
  FAULTY_URL      hl-sim started with --drop-connections-every 1
Prints one line per check and exits non-zero on the first failure.
"""
import json
import os
import sys
import threading
import time

import eth_account
import requests
import websocket
from hyperliquid.exchange import Exchange
from hyperliquid.info import Info
from hyperliquid.utils.signing import get_timestamp_ms, order_request_to_order_wire, order_wires_to_order_action, sign_l1_action
from hyperliquid.utils.types import Cloid


def check(condition, what, detail=""):
    if not condition:
        print(f"FAIL: {what} {detail}", flush=True)
        os._exit(1)
    print(f"ok: {what}")


def wait_for(predicate, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def main(open_url, restricted_url, faulty_url):
    info = Info(open_url, skip_ws=False)

    # meta and l2 snapshot
    meta = info.meta()
    names = [asset["name"] for asset in meta["universe"]]
    check("BTC" in names and meta["universe"][names.index("BTC")]["szDecimals"] == 5, "meta lists BTC with szDecimals 5", names)
    book = info.l2_snapshot("BTC")
    bids, asks = book["levels"]
    check(len(bids) == 20 and len(asks) == 20, "l2 snapshot has 20 levels a side", (len(bids), len(asks)))
    check(float(bids[0]["px"]) < float(asks[0]["px"]), "l2 snapshot is not crossed")

    # WebSocket l2Book subscription
    updates = []
    info.subscribe({"type": "l2Book", "coin": "BTC"}, updates.append)
    check(wait_for(lambda: len(updates) >= 3, 5), "WebSocket l2Book subscription receives updates", len(updates))
    times = [u["data"]["time"] for u in updates]
    check(times == sorted(times), "l2Book updates arrive in time order")

    # an order that rests, shows in openOrders, and its cancel
    wallet = eth_account.Account.create()
    exchange = Exchange(wallet, open_url)
    order_events = []
    info.subscribe({"type": "orderUpdates", "user": wallet.address}, order_events.append)
    fills_seen = []
    info.subscribe({"type": "userFills", "user": wallet.address}, fills_seen.append)
    best_bid = float(info.l2_snapshot("BTC")["levels"][0][0]["px"])
    cloid = Cloid.from_int(42)
    placed = exchange.order("BTC", True, 0.001, round(best_bid * 0.98), {"limit": {"tif": "Gtc"}}, cloid=cloid)
    check(placed["status"] == "ok" and "resting" in placed["response"]["data"]["statuses"][0], "order rests", placed)
    oid = placed["response"]["data"]["statuses"][0]["resting"]["oid"]
    open_orders = info.open_orders(wallet.address)
    check([o["oid"] for o in open_orders] == [oid], "the resting order shows in openOrders", open_orders)
    check(info.query_order_by_cloid(wallet.address, cloid)["order"]["status"] == "open", "orderStatus by cloid says open")
    check(wait_for(lambda: any(e["data"][0]["status"] == "open" for e in order_events), 3), "orderUpdates pushes the open order")
    cancelled = exchange.cancel("BTC", oid)
    check(cancelled["response"]["data"]["statuses"] == ["success"], "cancel succeeds", cancelled)
    check(info.open_orders(wallet.address) == [], "openOrders is empty after the cancel")
    again = exchange.cancel("BTC", oid)
    check(again["response"]["data"]["statuses"][0] == {"error": "Order was never placed, already canceled, or filled."},
          "a second cancel gets the exchange's error", again)

    # a fill against the book
    best_ask = float(info.l2_snapshot("BTC")["levels"][1][0]["px"])
    filled = exchange.order("BTC", True, 0.001, round(best_ask * 1.01), {"limit": {"tif": "Ioc"}})
    status = filled["response"]["data"]["statuses"][0]
    check("filled" in status and status["filled"]["totalSz"] == "0.001", "a crossing IOC order fills", filled)
    state = info.user_state(wallet.address)
    check(state["assetPositions"][0]["position"]["szi"] == "0.001", "the fill shows as a position", state["assetPositions"])
    user_fills = info.user_fills(wallet.address)
    check(user_fills and abs(sum(float(f["sz"]) for f in user_fills) - 0.001) < 1e-12, "userFills lists the fill (one per level taken)", user_fills)
    check(wait_for(lambda: any(not m["data"].get("isSnapshot") and m["data"]["fills"] for m in fills_seen), 3),
          "the userFills subscription pushes the fill")
    check(fills_seen[0]["data"].get("isSnapshot") is True, "the first userFills message is the snapshot")
    market_close = exchange.market_close("BTC")
    check("filled" in market_close["response"]["data"]["statuses"][0], "market_close flattens through the SDK", market_close)
    info.disconnect_websocket()

    # a refused order from an unknown signer under --accounts
    admitted = eth_account.Account.from_key(os.environ["HL_SIM_ADMITTED_KEY"])
    restricted_info = Info(restricted_url, skip_ws=True)
    bid = float(restricted_info.l2_snapshot("BTC")["levels"][0][0]["px"])
    ok = Exchange(admitted, restricted_url).order("BTC", True, 0.001, round(bid * 0.98), {"limit": {"tif": "Gtc"}})
    check(ok["status"] == "ok", "the listed account trades under --accounts", ok)
    stranger = eth_account.Account.create()
    refused = Exchange(stranger, restricted_url).order("BTC", True, 0.001, round(bid * 0.98), {"limit": {"tif": "Gtc"}})
    check(refused == {"status": "err", "response": f"User or API Wallet {stranger.address.lower()} does not exist."},
          "an unknown signer is refused with the exchange's error", refused)

    # a tampered signature, and a replayed nonce, posted by hand
    wire = order_request_to_order_wire({"coin": "BTC", "is_buy": True, "sz": 0.001, "limit_px": round(bid * 0.97),
                                        "order_type": {"limit": {"tif": "Gtc"}}, "reduce_only": False}, 0)
    action = order_wires_to_order_action([wire])
    nonce = get_timestamp_ms()
    signature = sign_l1_action(admitted, action, None, nonce, None, False)
    body = {"action": action, "nonce": nonce, "signature": signature, "vaultAddress": None, "expiresAfter": None}
    first = requests.post(restricted_url + "/exchange", json=body).json()
    check(first["status"] == "ok", "a hand-signed order is accepted", first)
    replay = requests.post(restricted_url + "/exchange", json=body).json()
    check(replay["status"] == "err" and replay["response"].startswith("Invalid nonce"), "a replayed nonce is refused", replay)
    tampered = dict(body, nonce=nonce + 1, signature=dict(signature, s=signature["s"][:-1] + ("1" if signature["s"][-1] != "1" else "2")))
    answer = requests.post(restricted_url + "/exchange", json=tampered).json()
    check(answer["status"] == "err" and admitted.address.lower() not in answer["response"], "a tampered signature is refused", answer)

    # the dropped-connection fault: greeting first, then the server goes away
    messages, closed = [], threading.Event()
    ws = websocket.WebSocketApp(faulty_url.replace("http", "ws") + "/ws", on_message=lambda _w, m: messages.append(m),
                                on_close=lambda *_: closed.set(), on_error=lambda *_: closed.set())
    threading.Thread(target=ws.run_forever, daemon=True).start()
    check(closed.wait(5), "--drop-connections-every drops the WebSocket")
    check(messages[:1] == ["Websocket connection established."], "the server greets in plain text", messages[:1])
    print("all SDK checks passed")


if __name__ == "__main__":
    main(*sys.argv[1:4])
    sys.stdout.flush()
    os._exit(0)  # the SDK's WebSocket threads would otherwise keep the process alive
