/// Run-time failures of `mm-replay` commands that are neither journal nor config errors
/// (those have their own types). Each exits 1 with its message.
enum CommandFailure: Error, CustomStringConvertible {
    /// `bench engine` cannot see heap allocations: the allocator hook is not installed.
    case allocationsNotCounted
    /// `backtest --latency-from JOURNAL` found no request/response pair to sample.
    case noLatencySamples(journal: String)

    var description: String {
        switch self {
        case .allocationsNotCounted:
            return "heap allocations cannot be counted in this build (the allocator is not interposed: build mm-replay with its linker flags, e.g. `swift build -c release --product mm-replay`)"
        case .noLatencySamples(let journal):
            return "--latency-from \(journal): the journal records no request/response pairs to draw latencies from (use a live session's journal, or --latency)"
        }
    }
}
