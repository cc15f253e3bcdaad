import ArgumentParser
import CommandLineStatus
import Engine
import Foundation
import Hyperliquid

/// `mm-live bench`: the wire path's latency: frames to engine events, and an order
/// command to a signed `/exchange` body.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure wire parsing and order signing latency (medians).",
        discussion: HelpText.reflow("""
        Parses a 20-level l2Book frame and trades frames of 2 and 10 trades (most real \
        frames carry one or two) into engine values, and \
        turns a two-order command into a signed /exchange body (action building, msgpack, \
        keccak, EIP-712, secp256k1, JSON text). Each figure is the median over --rounds \
        rounds of --batch repetitions. Targets: l2Book <= 2 us, trades <= 1 us, signed \
        order <= 45 us. Build with -c release for meaningful numbers.

        --json prints one object: l2book_parse_us, trades_parse_us, trades10_parse_us, \
        sign_order_us, secp256k1_sign_us (the signature alone, the floor under \
        sign_order_us), ...

        Exit codes: 0 measured; 1 bad options.
        """)
    )

    @Option(help: "Rounds per measurement (the median is reported).")
    var rounds: Int = 201

    @Option(help: "Repetitions per round.")
    var batch: Int = 200

    @Flag(help: "Print the figures as one JSON object.")
    var json = false

    @Option(help: "Market events for the tick-to-order measurement (0 skips it).")
    var liveEvents: Int = 60_000

    func validate() throws {
        guard self.rounds > 0, self.batch > 0 else { throw ValidationError("--rounds and --batch must be positive") }
        for (name, value, most) in [("--rounds", self.rounds, 100_000), ("--batch", self.batch, 1_000_000), ("--live-events", self.liveEvents, 100_000_000)]
        where !(0...most).contains(value) {
            throw ValidationError("\(name) must be within 0...\(most), got \(value)")
        }
    }

    func run() throws {
        let book = WireSamples.l2BookFrame(levels: 20)
        let trades = WireSamples.tradesFrame(count: 2)
        let manyTrades = WireSamples.tradesFrame(count: 10)
        guard case .book(let parsed) = try InboundFrame(decoding: book), parsed.bids.count == 20,
              case .trades(let batches) = try InboundFrame(decoding: trades), batches.first?.trades.count == 2,
              case .trades(let many) = try InboundFrame(decoding: manyTrades), many.first?.trades.count == 10 else {
            throw BenchError.samplesDidNotDecode
        }
        let assets = AssetDirectory(universe: [("BTC", 5), ("ETH", 4)])
        let key = try PrivateKey(hex: "0x" + String(repeating: "11", count: 32))
        let orders = [
            OrderRequest(clientOrderID: ClientOrderID(high: 1, low: 2), coin: "BTC", side: .bid, price: try Price(parsing: "105050"),
                         size: try Size(parsing: "0.0123"), timeInForce: .alo, reduceOnly: false),
            OrderRequest(clientOrderID: ClientOrderID(high: 1, low: 3), coin: "BTC", side: .ask, price: try Price(parsing: "105060"),
                         size: try Size(parsing: "0.0123"), timeInForce: .alo, reduceOnly: false),
        ]
        var nonce: UInt64 = 1_700_000_000_000

        let bookMicros = try Self.median(rounds: self.rounds, batch: self.batch) { _ = try InboundFrame(decoding: book) }
        let tradeMicros = try Self.median(rounds: self.rounds, batch: self.batch) { _ = try InboundFrame(decoding: trades) }
        let manyTradeMicros = try Self.median(rounds: self.rounds, batch: self.batch) { _ = try InboundFrame(decoding: manyTrades) }
        let signMicros = try Self.median(rounds: max(11, self.rounds / 4), batch: max(1, self.batch / 10)) {
            nonce += 1
            _ = try SignedRequest(action: try ExchangeAction.order(orders, assets: assets), nonce: nonce, key: key).body.text
        }
        // The floor under sign_order_us: libsecp256k1's recoverable signature alone.
        let digest = [UInt8](repeating: 0x22, count: 32)
        let secpMicros = try Self.median(rounds: max(11, self.rounds / 4), batch: max(1, self.batch / 10)) {
            _ = Secp256k1.sign(digest: digest, with: key)
        }
        var live = ""
        var liveLines: [String] = []
        if self.liveEvents > 0 {
            if !self.json { print("tick to order: \(self.liveEvents) market events, with and without the journal ...") }
            _ = try LiveBench.run(events: min(5_000, self.liveEvents), journal: true)  // warm up
            // Alternate three runs each way and keep the median run of each (p99 is noisy).
            var journaled: [LiveBench.Result] = []
            var bare: [LiveBench.Result] = []
            for _ in 0..<3 {
                journaled.append(try LiveBench.run(events: self.liveEvents, journal: true))
                bare.append(try LiveBench.run(events: self.liveEvents, journal: false))
            }
            let withJournal = journaled.sorted { $0.p99 < $1.p99 }[1]
            let without = bare.sorted { $0.p99 < $1.p99 }[1]
            let overhead = without.p99 > 0 ? (withJournal.p99 / without.p99 - 1) * 100 : 0
            live = #","tick_to_order_p50_us":\#(Self.fixed(withJournal.p50)),"tick_to_order_p99_us":\#(Self.fixed(withJournal.p99)),"tick_to_order_p99_no_journal_us":\#(Self.fixed(without.p99)),"journal_overhead_pct":\#(Self.fixed(overhead)),"tick_to_order_samples":\#(withJournal.samples)"#
            liveLines = [
                "frame -> signed requests, journaled     p50 \(Self.fixed(withJournal.p50)) us, p99 \(Self.fixed(withJournal.p99)) us   (target p99 <= 100; \(withJournal.samples) frames that sent orders)",
                "frame -> signed requests, no journal    p99 \(Self.fixed(without.p99)) us   (journaling adds \(Self.fixed(overhead)) %, target <= 10)",
            ]
        }
        if self.json {
            print(#"{"l2book_parse_us":\#(Self.fixed(bookMicros)),"trades_parse_us":\#(Self.fixed(tradeMicros)),"trades10_parse_us":\#(Self.fixed(manyTradeMicros)),"sign_order_us":\#(Self.fixed(signMicros)),"secp256k1_sign_us":\#(Self.fixed(secpMicros)),"book_levels":20,"trades_per_frame":2,"orders_per_action":2\#(live)}"#)
        } else {
            liveLines.forEach { print($0) }
            print("l2Book frame (20 levels) -> BookSnapshot   \(Self.fixed(bookMicros)) us median   (target <= 2)")
            print("trades frame (2 trades)  -> TradeBatch     \(Self.fixed(tradeMicros)) us median   (target <= 1)")
            print("trades frame (10 trades) -> TradeBatch     \(Self.fixed(manyTradeMicros)) us median")
            print("2 orders -> signed /exchange body          \(Self.fixed(signMicros)) us median   (target <= 45)")
            print("  of which the secp256k1 signature alone   \(Self.fixed(secpMicros)) us median")
        }
    }

    /// The median over `rounds` of the mean microseconds per call in a batch.
    static func median(rounds: Int, batch: Int, _ body: () throws -> Void) throws -> Double {
        for _ in 0..<batch { try body() }  // warm up
        var samples: [Double] = []
        samples.reserveCapacity(rounds)
        let clock = ContinuousClock()
        for _ in 0..<rounds {
            let start = clock.now
            for _ in 0..<batch { try body() }
            let elapsed = clock.now - start
            let (seconds, attoseconds) = elapsed.components
            samples.append((Double(seconds) * 1e6 + Double(attoseconds) / 1e12) / Double(batch))
        }
        samples.sort()
        return samples[samples.count / 2]
    }

    static func fixed(_ value: Double) -> String {
        if value < 0 { return "-" + self.fixed(-value) }
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// Why `mm-live bench` cannot measure.
enum BenchError: Error, CustomStringConvertible {
    /// The built-in sample frames did not decode to what they hold: the decoder is broken
    /// and the figures would mean nothing.
    case samplesDidNotDecode

    var description: String {
        switch self {
        case .samplesDidNotDecode:
            return "the built-in sample frames did not decode as expected (20-level book, 2 and 10 trades): the wire decoder is broken, so no figures were measured"
        }
    }
}
