import Engine
import HLSim
import Hyperliquid
import JSON

extension FuzzTarget {
    /// hl-sim's request bodies. Input: one byte of mode, then the body:
    /// 0 `/info`; 1 `/exchange` as sent; 2 actions re-signed with a funded key (a JSON
    /// array of actions, or one action) and carried out in order, a second of market
    /// apart, so the fuzzer reaches matching, cancels and modifies past the signature
    /// check; 3 a WebSocket message.
    ///
    /// Properties: no trap; every answer is 200 with a body that parses as JSON, or a
    /// 422 refusal; every WebSocket reply and push parses as JSON; afterwards the venue
    /// still answers `openOrders` and `clearinghouseState` for the key's account.
    public static let hlSimRequest = FuzzTarget(
        name: "hlsim-request",
        summary: "hl-sim /info, /exchange (raw and re-signed) and WebSocket bodies: answers are valid JSON, the venue stays usable",
        seeds: { _ in
            let order = #"{"type":"order","orders":[{"a":0,"b":true,"p":"100000","s":"0.001","r":false,"t":{"limit":{"tif":"Gtc"}},"c":"0x00000000000000000000000000000001"}],"grouping":"na"}"#
            let ioc = #"{"type":"order","orders":[{"a":1,"b":false,"p":"1","s":"0.01","r":false,"t":{"limit":{"tif":"Ioc"}}}],"grouping":"na"}"#
            let cancel = #"{"type":"cancel","cancels":[{"a":0,"o":1}]}"#
            let byCloid = #"{"type":"cancelByCloid","cancels":[{"asset":0,"cloid":"0x00000000000000000000000000000001"}]}"#
            let modify = #"{"type":"modify","oid":1,"order":{"a":0,"b":true,"p":"99000","s":"0.002","r":false,"t":{"limit":{"tif":"Alo"}}}}"#
            let schedule = #"{"type":"scheduleCancel","time":1795000010000}"#
            let leverage = #"{"type":"updateLeverage","asset":0,"isCross":true,"leverage":10}"#
            let address = try PrivateKey(hex: hlSimKeyHex).address
            let infos = [#"{"type":"l2Book","coin":"BTC"}"#, #"{"type":"meta"}"#, #"{"type":"allMids"}"#,
                         #"{"type":"clearinghouseState","user":"\#(address)"}"#, #"{"type":"openOrders","user":"\#(address)"}"#,
                         #"{"type":"orderStatus","user":"\#(address)","oid":1}"#, #"{"type":"userRateLimit","user":"\#(address)"}"#]
            let ws = [#"{"method":"subscribe","subscription":{"type":"l2Book","coin":"BTC"}}"#,
                      #"{"method":"subscribe","subscription":{"type":"orderUpdates","user":"\#(address)"}}"#,
                      #"{"method":"post","id":1,"request":{"type":"info","payload":{"type":"l2Book","coin":"ETH"}}}"#,
                      #"{"method":"ping"}"#]
            let signed = try SignedRequest(action: try OrderedJSON(parsing: order), nonce: UInt64(hlSimStart / 1_000_000) + 1, isMainnet: false,
                                           key: try PrivateKey(hex: hlSimKeyHex)).body.text
            return infos.map { [0] + Array($0.utf8) } + [[1] + Array(signed.utf8)]
                + [order, ioc, cancel, byCloid, modify, schedule, leverage, "[\(order),\(modify),\(cancel)]", "[\(ioc),\(order),\(byCloid)]"]
                    .map { [2] + Array($0.utf8) }
                + ws.map { [3] + Array($0.utf8) }
        },
        check: { bytes in
            guard let mode = bytes.first else { return .refused }
            let body = Array(bytes.dropFirst())
            var venue = HLSimHarness()
            switch mode & 3 {
            case 0: if let finding = venue.check(venue.venue.info(body: body, now: venue.now), "info") { return .failed(finding) }
            case 1: if let finding = venue.exchange(body: body) { return .failed(finding) }
            case 2:
                guard let json = try? OrderedJSON(parsing: String(decoding: body, as: UTF8.self)) else { return .refused }
                var actions: [OrderedJSON] = []
                if case .array(let items) = json { actions = Array(items.prefix(8)) } else { actions = [json] }
                for action in actions {
                    if let finding = venue.signedAction(action) { return .failed(finding) }
                    if let finding = venue.wait(milliseconds: 1_000) { return .failed(finding) }
                }
            default:
                var session = WebSocketSession(openedAt: venue.now)
                let outputs = venue.venue.handle(message: String(decoding: body, as: UTF8.self), session: &session, now: venue.now)
                if let finding = venue.check(outputs) { return .failed(finding) }
            }
            return FuzzOutcome(venue.checkAccountAnswers())
        })
}

/// The key hl-sim fuzzing signs with (a fixed test key, funded by hl-sim's default balance).
let hlSimKeyHex = "0x0123456789012345678901234567890123456789012345678901234567890123"
/// The virtual time the fuzzed venue starts at (2026-11-18).
let hlSimStart: Int64 = 1_795_000_000_000_000_000

/// A fresh venue on the synthetic BTC/ETH market, one second in, and a signing key.
struct HLSimHarness {
    let venue: SimVenue
    let key = try! PrivateKey(hex: hlSimKeyHex)
    var now = hlSimStart
    var nonce = UInt64(hlSimStart / 1_000_000)

    init() {
        let configuration = SimConfiguration(coins: [SimulatedCoin(name: "BTC", sizeDecimals: 5, maxLeverage: 40),
                                                     SimulatedCoin(name: "ETH", sizeDecimals: 4, maxLeverage: 25)])
        self.venue = SimVenue(configuration: configuration, feed: SyntheticFeed(seed: 7, coins: ["BTC", "ETH"]))
        _ = try! self.venue.advance(to: self.now + 1_000_000_000)
        self.now += 1_000_000_000
    }

    /// Plays the market forward; its pushes must be valid JSON.
    mutating func wait(milliseconds: Int64) -> FuzzFinding? {
        self.now += milliseconds * 1_000_000
        do { return self.check(try self.venue.advance(to: self.now).map { .push($0) }) } catch {
            return FuzzFinding("the synthetic market failed: \(error)")
        }
    }

    /// Admits and carries out one `/exchange` body.
    mutating func exchange(body: [UInt8]) -> FuzzFinding? {
        switch self.venue.admit(body: body, now: self.now) {
        case .refused(let answer): return self.check(answer, "exchange refusal")
        case .accepted(let prepared):
            do {
                let (answer, pushes) = try self.venue.execute(prepared, now: self.now)
                return self.check(answer, "exchange") ?? self.check(pushes.map { .push($0) })
            } catch {
                return FuzzFinding("an admitted action failed to execute: \(error)")
            }
        }
    }

    /// Signs `action` with the harness key and a fresh nonce, then sends it.
    mutating func signedAction(_ action: OrderedJSON) -> FuzzFinding? {
        self.nonce += 1
        guard let request = try? SignedRequest(action: action, nonce: self.nonce, isMainnet: false, key: self.key) else { return nil }
        return self.exchange(body: Array(request.body.text.utf8))
    }

    /// A 200 answer carries JSON; anything else must be the 422 refusal.
    func check(_ answer: HTTPAnswer, _ what: String) -> FuzzFinding? {
        switch answer.status {
        case 200:
            if (try? OrderedJSON(parsing: answer.body)) == nil { return FuzzFinding("the \(what) answer is not JSON: \(answer.body.prefix(200))") }
        case 422: break
        default: return FuzzFinding("the \(what) answer has status \(answer.status)")
        }
        return nil
    }

    /// Replies and pushes are JSON text.
    func check(_ outputs: [WebSocketOutput]) -> FuzzFinding? {
        for output in outputs {
            let text: String
            switch output {
            case .reply(let reply): text = reply
            case .push(let push): text = push.text
            case .action: continue
            }
            if (try? OrderedJSON(parsing: text)) == nil { return FuzzFinding("a WebSocket message is not JSON: \(text.prefix(200))") }
        }
        return nil
    }

    /// The account's open orders and margin still answer with JSON.
    func checkAccountAnswers() -> FuzzFinding? {
        for type in ["openOrders", "clearinghouseState"] {
            let answer = self.venue.info(body: Array(#"{"type":"\#(type)","user":"\#(self.key.address)"}"#.utf8), now: self.now)
            if answer.status != 200 { return FuzzFinding("\(type) for the fuzzed account answers \(answer.status): \(answer.body.prefix(200))") }
            if let finding = self.check(answer, type) { return finding }
        }
        return nil
    }
}
