import Benchmark
import Engine
import Foundation
import Hyperliquid

/// Hyperliquid's wire path: a recorded mainnet l2Book frame (BTC, 20 levels a side, from
/// Tests/Fixtures) parsed into a book, and a two-order command turned into a signed
/// /exchange body (action, msgpack, keccak, EIP-712, secp256k1, JSON text): what
/// `mm-live bench` reports as l2book_parse_us and sign_order_us.
enum HyperliquidWire {
    /// The fixture of recorded frames, one `<receive time> <frame>` a line.
    static let fixture = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/Fixtures/hyperliquid/hftbacktest_btc_20250126_ws_raw.txt")

    /// The fixture's first l2Book frame.
    static func l2BookFrame() throws -> String {
        let text = try String(contentsOf: fixture, encoding: .utf8)
        guard let line = text.split(separator: "\n").first(where: { $0.contains(#""channel":"l2Book""#) }),
              let start = line.firstIndex(of: "{") else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: fixture.path])
        }
        return String(line[start...])
    }

    /// Signs two post-only BTC orders as the live loop does, with the next nonce.
    final class OrderSigner {
        let assets = AssetDirectory(universe: [("BTC", 5), ("ETH", 4)])
        let key: PrivateKey
        let orders: [OrderRequest]
        var nonce: UInt64 = 1_700_000_000_000

        init() throws {
            self.key = try PrivateKey(hex: "0x" + String(repeating: "11", count: 32))
            self.orders = [
                OrderRequest(clientOrderID: ClientOrderID(high: 1, low: 2), coin: "BTC", side: .bid, price: try Price(parsing: "105050"),
                             size: try Size(parsing: "0.0123"), timeInForce: .alo, reduceOnly: false),
                OrderRequest(clientOrderID: ClientOrderID(high: 1, low: 3), coin: "BTC", side: .ask, price: try Price(parsing: "105060"),
                             size: try Size(parsing: "0.0123"), timeInForce: .alo, reduceOnly: false),
            ]
        }

        /// The signed request body's text.
        func sign() throws -> String {
            self.nonce += 1
            return try SignedRequest(action: try ExchangeAction.order(self.orders, assets: self.assets), nonce: self.nonce, key: self.key).body.text
        }
    }
}

nonisolated(unsafe) var l2BookFrame = ""
nonisolated(unsafe) var signer: HyperliquidWire.OrderSigner?

let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.throughput, .wallClock, .mallocCountTotal]
    Benchmark(
        "l2Book frame parse (20 levels)",
        configuration: .init(metrics: metrics, scalingFactor: .kilo, maxDuration: .seconds(3)),
        closure: { benchmark in
            for _ in benchmark.scaledIterations {
                guard case .book(let book) = try InboundFrame(decoding: l2BookFrame), book.bids.count == 20 else {
                    return benchmark.error("the fixture's l2Book frame did not parse into a 20-level book")
                }
                blackHole(book)
            }
        },
        setup: { l2BookFrame = try HyperliquidWire.l2BookFrame() }
    )
    Benchmark(
        "Order signing (2 orders)",
        configuration: .init(metrics: metrics, maxDuration: .seconds(3)),
        closure: { benchmark in
            guard let signer else { return benchmark.error("no signer: setup did not run") }
            blackHole(try signer.sign())
        },
        setup: { signer = try HyperliquidWire.OrderSigner() },
        teardown: { signer = nil }
    )
}
