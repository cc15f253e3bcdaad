import ConfigFile
import Engine
import Foundation
import Hyperliquid
import Journal
@testable import Live
import Replay
import SimulatedExchange
import TestSupport
import Testing

@Suite(.tags(.integration)) struct LiveSessionTests {
    /// A session fed market data, ticks and the simulated exchange's answers (as the
    /// paper mode does) writes a journal that `verify` reproduces bit for bit, with the
    /// header a live journal needs.
    @Test func aSessionJournalVerifies() throws {
        let path = temporaryPath("live-session", suffix: ".mmj")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let config = EngineConfig()
        let metadata = try LiveJournal.metadata(mode: .paper, config: config, engineVersion: "test", checkpoint: nil, network: "hl-sim")
        let writer = try JournalWriter(creating: path, metadata: metadata, options: LiveJournal.writerOptions(rotating: false))
        let session = try LiveSession(config: config, checkpoint: nil, writer: writer)
        var market = SyntheticMarket(seed: 4, coins: config.coins.map(\.name))
        var sim = SimExchange(config: SimExchangeConfig(), coins: config.coins)
        var nextTick: Int64 = SyntheticMarket.startTime + 500_000_000
        var places = 0
        func ingest(_ event: Event, at time: Int64) throws -> [Command] {
            let commands = try session.ingest(event, at: time)
            places += commands.filter { if case .place = $0 { true } else { false } }.count
            return commands
        }
        for _ in 0..<6_000 {
            let (time, event) = market.next()
            while nextTick <= time {
                for (at, delivered) in sim.run(until: nextTick) { sim.submit(try ingest(delivered, at: at), at: at) }
                sim.submit(try ingest(.tick, at: nextTick), at: nextTick)
                nextTick += 500_000_000
            }
            sim.marketData(event, at: time)
            sim.submit(try ingest(event, at: time), at: time)
        }
        try session.recordWireError(frame: "{not json", reason: "malformed JSON", at: nextTick)
        try session.close()
        #expect(places > 0, "the engine quoted")
        let reader = try JournalReader(path: path)
        #expect(reader.metadata.mode == .paper)
        #expect(reader.metadata.configHash?.count == 64)
        #expect(reader.metadata.engineVersion == "test")
        let recorded = try #require(try ConfigFile.recordedConfig(of: path))
        guard case .identical(_, _, let commands) = try VerifyRunner(config: recorded).run(path: path) else {
            Issue.record("the live journal does not verify"); return
        }
        #expect(commands > 0)
        #expect(session.wireErrors == 1)
    }

    @Test func inputsNeverGoBackInTime() throws {
        let session = try LiveSession(config: EngineConfig(), checkpoint: nil, writer: nil)
        try session.ingest(.tick, at: 2_000)
        try session.ingest(.tick, at: 1_000)
        #expect(session.lastTime == 2_000)
        #expect(session.inputs == 2)
    }

    @Test func framesBecomeEngineEvents() throws {
        let frame = #"{"channel":"trades","data":[{"coin":"BTC","side":"B","px":"105000.0","sz":"0.1","time":1,"hash":"0x1","tid":1,"users":["0x1","0x2"]},{"coin":"ETH","side":"A","px":"3300.0","sz":"1","time":1,"hash":"0x2","tid":2,"users":["0x1","0x2"]}]}"#
        let events = try InboundFrame(decoding: frame).events
        #expect(events.count == 2)
        #expect(try InboundFrame(decoding: #"{"channel":"pong"}"#).events.isEmpty)
    }
}

@Suite(.tags(.integration)) struct LiveClientPartsTests {
    @Test func noncesStrictlyIncrease() {
        var clock = NonceClock()
        #expect(clock.next(nowMilliseconds: 1_000) == 1_000)
        #expect(clock.next(nowMilliseconds: 1_000) == 1_001)
        #expect(clock.next(nowMilliseconds: 999) == 1_002)
        #expect(clock.next(nowMilliseconds: 5_000) == 5_000)
    }

    @Test func reconnectBackoffFollowsTheRunbook() {
        var schedule = ReconnectSchedule()
        var delays: [Int64] = []
        while let delay = schedule.nextDelayMilliseconds() { delays.append(delay) }
        #expect(delays == [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000])
        schedule.reset()
        #expect(schedule.nextDelayMilliseconds() == 1_000)
    }

    @Test func networks() throws {
        #expect(try LiveNetwork(parsing: "mainnet") == .mainnet)
        #expect(try LiveNetwork(parsing: "testnet").isMainnet == false)
        let local = try LiveNetwork(parsing: "http://127.0.0.1:3001/")
        #expect(local.restURL == "http://127.0.0.1:3001")
        #expect(local.webSocketURL == "ws://127.0.0.1:3001/ws")
        #expect(local.isMainnet == false)
        #expect(try LiveNetwork(parsing: "https://api.hyperliquid.xyz").isMainnet)
        #expect(throws: LiveNetworkError.self) { try LiveNetwork(parsing: "ftp://x") }
        #expect(throws: LiveNetworkError.self) { try LiveNetwork(parsing: "http://") }
    }

    static let assets = AssetDirectory(universe: [("BTC", 5), ("ETH", 4)])

    static func order(_ low: UInt64, _ coin: String = "BTC", price: Int64 = 105_000) -> OrderRequest {
        OrderRequest(clientOrderID: ClientOrderID(high: 0, low: low), coin: coin, side: .bid, price: Price(rawValue: price * FixedPoint.scale),
                     size: Size(rawValue: 100_000), timeInForce: .alo, reduceOnly: false)
    }

    @Test func gatewayBatchesCommandsByKind() throws {
        var gateway = OrderGateway(assets: Self.assets, expiresAfterMilliseconds: 5_000)
        let (requests, refused) = gateway.submit([.place(Self.order(1)), .place(Self.order(2)), .decision(DecisionRecord(coin: "BTC", fields: [])),
                                                  .cancel(coin: "BTC", order: .exchange(77))], at: 1_000_000_000_000)
        #expect(refused.isEmpty)
        #expect(requests.map(\.label) == ["place x2", "cancel-by-oid x1"])
        #expect(requests[0].action.text.hasPrefix(#"{"type":"order","orders":[{"a":0,"b":true,"p":"105000","s":"0.001","r":false,"t":{"limit":{"tif":"Alo"}},"c":"0x00000000000000000000000000000001"}"#))
        #expect(requests[0].items.map(\.clientOrderID) == [ClientOrderID(high: 0, low: 1), ClientOrderID(high: 0, low: 2)])
        // Orders expire 5 s after their nonce (a late delivery is refused); cancels do not.
        #expect(requests[0].expiresAfter == requests[0].nonce + 5_000)
        #expect(requests[1].expiresAfter == nil)
        #expect(requests[1].nonce > requests[0].nonce)
        for request in requests { _ = gateway.complete(request.id, at: 1_000_000_000_000) }
        // Order 1 rests, order 2 fills: cancelAll cancels order 1 only, by cloid.
        gateway.observe(.orderResponse(OrderResponse(coin: "BTC", clientOrderID: ClientOrderID(high: 0, low: 1), orderID: 11, outcome: .resting)))
        gateway.observe(.orderResponse(OrderResponse(coin: "BTC", clientOrderID: ClientOrderID(high: 0, low: 2), orderID: 12,
                                                     outcome: .filled(totalSize: Size(rawValue: 100_000), averagePrice: Price(rawValue: 1)))))
        let (cancels, _) = gateway.submit([.cancelAll(coin: nil)], at: 1_000_000_000_000)
        #expect(cancels.map(\.action.text) == [#"{"type":"cancelByCloid","cancels":[{"asset":0,"cloid":"0x00000000000000000000000000000001"}]}"#])
    }

    /// A cancel or modify never overtakes the request before it for the same order: it
    /// waits for that request's outcome (before, every request ran on its own task).
    @Test func requestsForOneOrderStayInOrder() throws {
        var gateway = OrderGateway(assets: Self.assets, expiresAfterMilliseconds: 5_000)
        let id = ClientOrderID(high: 0, low: 1)
        let (places, _) = gateway.submit([.place(Self.order(1)), .place(Self.order(2))], at: 1_000_000_000_000)
        #expect(places.count == 1)
        let (held, _) = gateway.submit([.cancel(coin: "BTC", order: .client(id)), .cancel(coin: "BTC", order: .client(ClientOrderID(high: 0, low: 9)))],
                                       at: 1_000_000_000_000)
        #expect(held.map(\.label) == ["cancel x1"], "the cancel of an order whose place is in flight waits")
        #expect(held[0].orders == [ClientOrderID(high: 0, low: 9)])
        #expect(gateway.heldCount == 1)
        let released = gateway.complete(places[0].id, at: 1_000_000_000_000)
        #expect(released.map(\.orders) == [[id]], "released once the place has its outcome")
        #expect(gateway.heldCount == 0)
    }

    @Test func ordersOffTheGridAreRefusedNotSent() {
        var gateway = OrderGateway(assets: Self.assets, expiresAfterMilliseconds: 5_000)
        var bad = Self.order(3)
        bad.price = Price(rawValue: 10_500_012_345_678)  // 105000.12345678: too many significant figures
        let (requests, refused) = gateway.submit([.place(bad), .place(Self.order(4, "DOGE"))], at: 0)
        #expect(requests.isEmpty)
        #expect(refused.count == 2)
        #expect(refused.allSatisfy { if case .rejected(let message) = $0.outcome { message.hasPrefix("not sent: ") } else { false } })
    }
}
