import Benchmark
import Engine
import SimulatedExchange

/// `Engine.handle` over synthetic BTC market data (books, trades) with a tick every 100 ms
/// of virtual time, default config: what `mm-replay bench engine` times. One scaled
/// iteration is 1,000 events (scaling factor kilo), so per-iteration figures are per
/// event: throughput is events/s, mallocCountTotal is mallocs per event (0: handle
/// allocates nothing in steady state).
final class EngineLoop {
    static let eventsPerIteration = 1_000
    static let warmupEvents = 10_000
    static let warmupIterations = 2
    static let maxIterations = 300

    private var engine: Engine
    private let inputs: [Stamped<Event>]
    private var next = 0

    init() throws {
        var config = EngineConfig()
        config.coins = [config.coins[0]]
        self.engine = try Engine(config: config)
        // Events for the warm-up and every iteration: the engine never sees time go back.
        self.inputs = Self.syntheticInputs(count: Self.warmupEvents + (Self.warmupIterations + Self.maxIterations) * Self.eventsPerIteration)
        // Warm up: the first events grow the engine's buffers once.
        self.handle(Self.warmupEvents)
    }

    /// Synthetic BTC market events interleaved with a tick every 100 ms of virtual time.
    static func syntheticInputs(count: Int) -> [Stamped<Event>] {
        var market = SyntheticMarket(seed: 42, coins: ["BTC"])
        var inputs: [Stamped<Event>] = []
        inputs.reserveCapacity(count)
        var nextTick = SyntheticMarket.startTime
        while inputs.count < count {
            let (time, event) = market.next()
            while nextTick <= time && inputs.count < count {
                inputs.append(Stamped(seq: UInt64(inputs.count + 1), time: nextTick, event: .tick))
                nextTick += 100_000_000
            }
            if inputs.count < count { inputs.append(Stamped(seq: UInt64(inputs.count + 1), time: time, event: event)) }
        }
        return inputs
    }

    /// Handles the next `count` events (fewer when the inputs run out: then the run is
    /// longer than the configured iterations, and the benchmark fails).
    @discardableResult
    func handle(_ count: Int) -> Int {
        var commands = 0
        let end = min(self.next + count, self.inputs.count)
        for index in self.next..<end { commands &+= self.engine.handle(self.inputs[index]).count }
        self.next = end
        return commands
    }

    /// Whether events are left for another iteration.
    var hasInputs: Bool { self.next + Self.eventsPerIteration <= self.inputs.count }
}

nonisolated(unsafe) var engineLoop: EngineLoop?

let benchmarks: @Sendable () -> Void = {
    Benchmark(
        "Engine.handle (per event)",
        configuration: .init(
            metrics: [.throughput, .wallClock, .mallocCountTotal],
            warmupIterations: EngineLoop.warmupIterations,
            scalingFactor: .kilo,
            maxDuration: .seconds(10),
            maxIterations: EngineLoop.maxIterations
        ),
        closure: { benchmark in
            guard let loop = engineLoop, loop.hasInputs else {
                benchmark.error("the synthetic inputs ran out: raise EngineLoop.maxIterations with the run's iterations")
                return
            }
            blackHole(loop.handle(EngineLoop.eventsPerIteration))
        },
        setup: { engineLoop = try EngineLoop() },
        teardown: { engineLoop = nil }
    )
}
