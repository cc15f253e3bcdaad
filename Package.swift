// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "HyperliquidMM",
    // macOS 15: the standard library's Synchronization (Mutex, Atomic).
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mm-replay", targets: ["mm-replay"]),
        .executable(name: "mm-live", targets: ["mm-live"]),
        .executable(name: "hl-sim", targets: ["hl-sim"]),
        .library(name: "Journal", targets: ["Journal"]),
        .library(name: "Engine", targets: ["Engine"]),
        .library(name: "EngineJournal", targets: ["EngineJournal"]),
        .library(name: "SimulatedExchange", targets: ["SimulatedExchange"]),
        .library(name: "Replay", targets: ["Replay"]),
        .library(name: "Hyperliquid", targets: ["Hyperliquid"]),
        // The fuzz targets' properties, for the libFuzzer driver in Fuzz/ (`scripts/fuzz`).
        .library(name: "FuzzTargets", targets: ["FuzzTargets"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Used directly by the servers and clients (also reached through Hummingbird and
        // AsyncHTTPClient): declared so each import is a stated dependency.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // System library: libzstd through pkg-config (Debian: libzstd-dev).
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"]), .brew(["zstd"])]
        ),
        // JSON: the ordered value, the one writer and escaping, the strict RFC 8259 parser,
        // Codable to and from sorted-key JSON. No dependencies.
        .target(name: "JSON"),
        // System libraries for captures: zlib (Debian: zlib1g-dev) and liblz4 (liblz4-dev),
        // decompressing gzip and lz4 captures in process on import.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        .systemLibrary(
            name: "CLZ4",
            pkgConfig: "liblz4",
            providers: [.apt(["liblz4-dev"]), .brew(["lz4"])]
        ),
        // System library: the system's OpenSSL libcrypto (Debian: libssl-dev), for SHA-256.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        // SHA-256 (command digests, config hashes, file digests) over COpenSSL: the one place
        // the project hashes.
        .target(name: "Hashing", dependencies: ["COpenSSL"]),
        // Append-only zstd journal. Knows nothing of the engine or the network.
        .target(name: "Journal", dependencies: ["CZstd", "JSON"]),
        // System library: libsecp256k1 (Debian: libsecp256k1-dev), for signing only.
        .systemLibrary(
            name: "CSecp256k1",
            pkgConfig: "libsecp256k1",
            providers: [.apt(["libsecp256k1-dev"]), .brew(["secp256k1"])]
        ),
        // Hyperliquid's wire protocol and signing (no NIO).
        .target(name: "Hyperliquid", dependencies: ["Engine", "JSON", "CSecp256k1"]),
        // Binance USD-M futures public market data (the cross-venue reference feed):
        // frames to reference events, symbol mapping, stream URLs (no NIO).
        .target(name: "Binance", dependencies: ["Engine", "JSON"]),
        // The pure engine: events in, commands out. No I/O, no clocks, no Foundation.
        .target(name: "Engine", dependencies: ["JSON"]),
        // The engine <-> journal bridge: engine records appended and decoded, engine
        // snapshots, the kill-switch checkpoint a journal header carries.
        .target(name: "EngineJournal", dependencies: ["Engine", "Journal", "JSON"]),
        // The TOML config file (parsed into an EngineConfig, rendered back, profiles) and what
        // a journal's header says of the config: the one header builder (JournalProvenance:
        // mode, the config that ran and its SHA-256, sources, checkpoint), the recorded config.
        .target(name: "ConfigFile", dependencies: [
            "Engine", "Journal", "JSON", "EngineJournal", "Hashing", .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        // The simulated venue's matching and latency model, and synthetic markets: shared by
        // the backtest, mm-live's paper mode and hl-sim.
        .target(name: "SimulatedExchange", dependencies: ["Engine"]),
        // Replay, verify and backtest of journals; the shipped recordings and scenarios;
        // command digests.
        .target(name: "Replay", dependencies: [
            "Journal", "Engine", "EngineJournal", "ConfigFile", "SimulatedExchange", "JSON", "Hashing",
        ]),
        // Research on captures: import (Hyperliquid WebSocket and archive captures, Binance
        // reference captures), export, parameter sweeps, HTML reports.
        .target(name: "Research", dependencies: [
            "Journal", "Engine", "EngineJournal", "ConfigFile", "SimulatedExchange", "Replay", "Hyperliquid", "Binance", "JSON", "Hashing",
            "CZlib", "CLZ4",
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        // The executables' entry points: ArgumentParser's, but argument errors exit 1.
        .target(name: "CommandLineStatus", dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // Counts Swift heap allocations for `mm-replay bench engine` (the runtime's hook).
        .target(name: "CAllocationCounter"),
        .testTarget(name: "AllocationCounterTests", dependencies: ["CAllocationCounter", "TestSupport"]),
        .executableTarget(
            name: "mm-replay",
            dependencies: [
                "Journal", "Engine", "EngineJournal", "ConfigFile", "SimulatedExchange", "Replay", "Research", "JSON",
                "CZstd", "CAllocationCounter", "CommandLineStatus",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The live session without I/O: frames to events, journaling, the engine,
        // commands to exchange requests, reconnect schedule, nonces (no NIO).
        .target(name: "Live", dependencies: ["Engine", "Journal", "EngineJournal", "ConfigFile", "SimulatedExchange", "Hyperliquid", "Binance", "JSON"]),
        // The live driver against hl-sim's venue in one process on virtual time, under
        // seeded faults and crashes, checked against invariants (`mm-live simulate`).
        .target(name: "LiveSimulation", dependencies: ["Live", "HLSim", "Engine", "Journal", "ConfigFile", "SimulatedExchange", "Replay", "Hyperliquid", "JSON"]),
        // Live side: WebSocket (WSClient) and HTTP (AsyncHTTPClient) clients, the
        // metrics/operator endpoint (Hummingbird), signals.
        .executableTarget(
            name: "mm-live",
            dependencies: [
                "Hyperliquid", "Binance", "Live", "LiveSimulation", "Engine", "Journal", "ConfigFile", "SimulatedExchange", "Replay", "JSON", "CommandLineStatus",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // hl-sim's exchange: accounts, signatures, nonces, matching, /info and /exchange
        // answers and WebSocket pushes, as a pure state machine (no NIO).
        .target(name: "HLSim", dependencies: ["Binance", "Hyperliquid", "Engine", "Journal", "EngineJournal", "ConfigFile", "SimulatedExchange", "JSON"]),
        // hl-sim: the HLSim exchange served over HTTP and WebSocket on one port (Hummingbird).
        .executableTarget(
            name: "hl-sim",
            dependencies: [
                "HLSim", "Hyperliquid", "Engine", "SimulatedExchange", "JSON", "CommandLineStatus",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // The fuzz targets: decoders of outside bytes and the properties they keep. Driven
        // by libFuzzer from the Fuzz/ package, and by FuzzTargetsTests over the saved corpora.
        .target(name: "FuzzTargets", dependencies: ["Journal", "Engine", "EngineJournal", "ConfigFile", "SimulatedExchange", "Research", "Hyperliquid", "HLSim", "JSON"]),
        .testTarget(name: "FuzzTargetsTests", dependencies: ["FuzzTargets", "TestSupport"]),
        .testTarget(name: "HLSimTests", dependencies: ["HLSim", "Hyperliquid", "Engine", "Journal", "SimulatedExchange", "JSON", "TestSupport"]),
        // Helpers every test target shares: the test tags, child processes, temporary directories.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // Starts the hl-sim executable and drives it with the official Python SDK.
        .testTarget(name: "HLSimServerTests", dependencies: ["hl-sim", "TestSupport"], exclude: ["sdk_compat.py"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "EngineJournal", "JSON", "TestSupport"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "Research", "Journal", "SimulatedExchange", "Engine", "TestSupport"]),
        .testTarget(name: "JournalTests", dependencies: ["Journal", "TestSupport"]),
        .testTarget(name: "HashingTests", dependencies: ["Hashing", "TestSupport"]),
        .testTarget(name: "BinanceTests", dependencies: ["Binance", "Engine", "JSON", "TestSupport"]),
        .testTarget(name: "HyperliquidTests", dependencies: ["Hyperliquid", "Engine", "JSON", "TestSupport"]),
        .testTarget(name: "ReplayTests", dependencies: ["Replay", "Research", "EngineJournal", "ConfigFile", "SimulatedExchange", "Journal", "Engine", "Hyperliquid", "JSON", "TestSupport"]),
        .testTarget(name: "MMReplayTests", dependencies: ["mm-replay", "Journal", "Engine", "EngineJournal", "ConfigFile", "SimulatedExchange", "Replay", "Research", "TestSupport"]),
        .testTarget(name: "MMLiveTests", dependencies: ["mm-live", "Hyperliquid", "hl-sim", "mm-replay", "TestSupport", "JSON"]),
        .testTarget(name: "LiveTests", dependencies: ["Live", "LiveSimulation", "Binance", "Engine", "Journal", "ConfigFile", "SimulatedExchange", "Replay", "Research", "Hyperliquid", "TestSupport"]),
    ]
)
