import Engine
import Foundation
import Hyperliquid
import Journal
import Live
import Replay

/// The live path's in-process latency, frame received → request handed to the exchange
/// client: decode the frame, journal it, run the engine, journal its commands, build the
/// `/exchange` actions and take their nonces. (The client signs and posts on its own
/// task, off the loop; `sign_order_us` measures the signature.) Frames are hl-sim's wire format,
/// rendered from the seeded synthetic market; answers come from `SimExchange`, so the
/// engine keeps a realistic book of orders to modify and cancel.
enum LiveBench {
    struct Result {
        var p50: Double
        var p99: Double
        var samples: Int
    }

    /// Latencies (µs) of the frames that led to at least one request.
    static func run(events: Int, journal: Bool) throws -> Result {
        let config = EngineConfig()
        let assets = AssetDirectory(universe: config.coins.map { ($0.name, Int($0.sizeDecimals)) })
        let key = try PrivateKey(hex: "0x" + String(repeating: "22", count: 32))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mm-live-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var writer: JournalWriter?
        if journal {
            let metadata = try LiveJournal.metadata(mode: "bench", config: config, engineVersion: MMLive.version, checkpoint: nil, network: "bench")
            writer = try JournalWriter(creating: directory.appendingPathComponent("bench.mmj").path, metadata: metadata,
                                       options: LiveJournal.writerOptions(rotating: false))
        }
        let session = try LiveSession(config: config, checkpoint: nil, writer: writer)
        var gateway = OrderGateway(assets: assets)
        var sim = SimExchange(config: SimExchangeConfig(), coins: config.coins)
        var market = SyntheticMarket(seed: 42, coins: config.coins.map(\.name))
        var nonces = NonceClock()
        var handed: [(OrderedJSON, UInt64)] = []
        var latencies: [Double] = []
        latencies.reserveCapacity(events / 4)
        let clock = ContinuousClock()
        for _ in 0..<events {
            let (time, event) = market.next()
            for (at, answer) in sim.run(until: time) {
                gateway.observe(answer)
                let commands = try session.ingest(answer, at: at)
                sim.submit(commands, at: at)
                _ = gateway.requests(for: commands)
            }
            let frame = Self.frame(event)
            sim.marketData(event, at: time)
            // The measured path.
            let start = clock.now
            var requests = 0
            for decoded in try InboundFrame(decoding: frame).events {
                let commands = try session.ingest(decoded, at: time)
                let (built, _) = gateway.requests(for: commands)
                for request in built {
                    handed.append((request.action, nonces.next(nowMilliseconds: time / 1_000_000)))
                    requests += 1
                }
                sim.submit(commands, at: time)
            }
            let elapsed = clock.now - start
            try session.journalCommands()
            // What the client does next, outside the measured path.
            for (action, nonce) in handed { _ = try SignedRequest(action: action, nonce: nonce, isMainnet: false, key: key).body.text }
            handed.removeAll(keepingCapacity: true)
            if requests > 0 {
                let (seconds, attoseconds) = elapsed.components
                latencies.append(Double(seconds) * 1e6 + Double(attoseconds) / 1e12)
            }
            try session.flushIfDue()
        }
        try session.close()
        latencies.sort()
        guard !latencies.isEmpty else { return Result(p50: 0, p99: 0, samples: 0) }
        return Result(p50: latencies[latencies.count / 2], p99: latencies[min(latencies.count - 1, latencies.count * 99 / 100)], samples: latencies.count)
    }

    /// The event as the exchange's WebSocket frame.
    static func frame(_ event: Event) -> String {
        func decimal(_ raw: Int64) -> OrderedJSON {
            var text = FixedPoint.format(raw)
            if !text.contains(".") { text += ".0" }
            return .string(text)
        }
        switch event {
        case .book(let book):
            func side(_ levels: [BookLevel]) -> OrderedJSON {
                .array(levels.map { .object([("px", decimal($0.price.rawValue)), ("sz", decimal($0.size.rawValue)), ("n", .integer(Int64($0.orders)))]) })
            }
            return OrderedJSON.object([("channel", .string("l2Book")), ("data", .object([
                ("coin", .string(book.coin)), ("time", .integer(book.exchangeTime)), ("levels", .array([side(book.bids), side(book.asks)])),
            ]))]).text
        case .trades(let batch):
            let rows = batch.trades.map { trade -> OrderedJSON in
                .object([("coin", .string(batch.coin)), ("side", .string(trade.side == .bid ? "B" : "A")), ("px", decimal(trade.price.rawValue)),
                         ("sz", decimal(trade.size.rawValue)), ("time", .integer(trade.exchangeTime)), ("hash", .string("0x00")),
                         ("tid", .unsigned(trade.tradeID)), ("users", .array([.string("0x1"), .string("0x2")]))])
            }
            return OrderedJSON.object([("channel", .string("trades")), ("data", .array(rows))]).text
        default:
            return #"{"channel":"pong"}"#
        }
    }
}
