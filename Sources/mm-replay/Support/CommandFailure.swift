/// Run-time failures of `mm-replay` commands that are neither journal nor config errors
/// (those have their own types). Each exits 1 with its message.
enum CommandFailure: Error, CustomStringConvertible {
    /// `bench engine` cannot see heap allocations: the Swift runtime's allocation hook
    /// could not be swapped for the counter.
    case allocationsNotCounted
    /// `backtest --latency-from JOURNAL` found no request/response pair to sample.
    case noLatencySamples(journal: String)

    var description: String {
        switch self {
        case .allocationsNotCounted:
            return "Swift heap allocations cannot be counted: this Swift runtime has no _swift_allocObject hook to count through (bench engine needs a Swift runtime that exports it, as the Linux and Darwin runtimes do)"
        case .noLatencySamples(let journal):
            return "--latency-from \(journal): the journal records no request/response pairs to draw latencies from (use a live session's journal, or --latency)"
        }
    }
}
