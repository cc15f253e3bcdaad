import ArgumentParser

/// `mm-live`: the live side. Today: `sign` (dry runs of signed exchange requests) and `bench`
/// (wire parsing and signing latency).
@main
struct MMLive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mm-live",
        abstract: "Live trading tools for Hyperliquid. Built so far: sign, bench.",
        discussion: """
        The record, paper and run modes (WebSocket feeds, the exchange client, hl-sim) are
        not built yet; see the README's status.
        """,
        subcommands: [Sign.self, Bench.self]
    )
}
