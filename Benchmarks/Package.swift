// swift-tools-version: 6.1
// The project's micro-benchmarks (ordo-one/package-benchmark), outside the product: the
// main package ships no allocator interposition and no unsafe flags; this package brings
// the benchmark harness and its malloc counter. Run: `cd Benchmarks && swift package benchmark`
// (docs/benchmarks.md).
import PackageDescription

let package = Package(
    name: "Benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        // The main package, by path (named, since its folder's name varies between clones).
        .package(name: "HyperliquidMM", path: ".."),
        // MallocInterposer only: the malloc counts (mallocCountTotal). Naming the trait
        // turns the default RuntimeInterposer off, whose extra dependency is not needed.
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Engine.handle over synthetic BTC market data: events/s and mallocs per event.
        benchmark("EngineLoop", ["Engine", "SimulatedExchange"]),
        // Journal append (framing, zstd, file writes) and read back (checks, decompression).
        benchmark("JournalIO", ["Journal", "Engine", "EngineJournal", "SimulatedExchange"]),
        // Journal record payloads decoded into engine events (the replay path's decode).
        benchmark("ReplayDecode", ["Journal", "Engine", "EngineJournal", "SimulatedExchange"]),
        // Hyperliquid wire: an l2Book frame parsed into a book, two orders signed.
        benchmark("HyperliquidWire", ["Hyperliquid", "Engine"]),
    ]
)

/// A benchmark executable under Benchmarks/<name>, using the main package's `products`.
func benchmark(_ name: String, _ products: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: [.product(name: "Benchmark", package: "benchmark")]
            + products.map { .product(name: $0, package: "HyperliquidMM") },
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}
