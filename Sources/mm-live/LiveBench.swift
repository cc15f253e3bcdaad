import Foundation
import LiveSimulation

/// The live path's in-process latency, input received (a market frame or the quote
/// clock's tick) → request handed to the exchange client: the very `LiveDriver` that
/// `mm-live run` uses (decode the frame, journal it, run the engine, journal its
/// commands, build the `/exchange` actions and take their nonces), driven by `mm-live simulate`'s harness against hl-sim's venue on virtual
/// time with no faults, so the engine keeps a realistic book of orders to modify and
/// cancel. (Signing happens after hand-off, on the request's own task;
/// `sign_order_us` measures it.)
enum LiveBench {
    struct Result {
        var p50: Double
        var p99: Double
        var samples: Int
    }

    /// Latencies (µs) of the inputs that led to at least one request, over about
    /// `events` market events (about 15 per virtual second).
    static func run(events: Int, journal: Bool) throws -> Result {
        var options = SimulationOptions(seed: 42, faults: [], duration: Int64(max(60, events / 15)))
        options.journal = journal
        options.measureTickToOrder = true
        let report = try Simulation.runOne(options)
        let latencies = report.tickToOrder.sorted()
        guard !latencies.isEmpty else { return Result(p50: 0, p99: 0, samples: 0) }
        return Result(p50: latencies[latencies.count / 2], p99: latencies[min(latencies.count - 1, latencies.count * 99 / 100)], samples: latencies.count)
    }
}
