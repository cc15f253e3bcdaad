#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import CAllocationCounter
import CommandLineStatus
import Engine
import Journal
import Replay
import SimulatedExchange
import JSON

/// `mm-replay bench`: throughput benchmarks (release builds; not part of the tests).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks: engine throughput and allocations (journal: see `journal bench`).",
        discussion: "Build with -c release for meaningful numbers. \(BenchCommand.exitCodes)",
        subcommands: [EngineBench.self, ReplayBench.self, BacktestBench.self]
    )

    /// The exit codes of every benchmark.
    static let exitCodes = "Exit codes: 0 measured; 1 bad options, or the temporary journal cannot be written."

    /// Refuses event and iteration counts outside 1...100,000,000 and 1...1,000.
    static func checkCounts(events: Int, iterations: Int) throws {
        guard (1...100_000_000).contains(events) else { throw ValidationError("--events must be within 1...100000000, got \(events)") }
        guard (1...1_000).contains(iterations) else { throw ValidationError("--iterations must be within 1...1000, got \(iterations)") }
    }

    /// Writes a synthetic BTC journal of `events` records to a temporary file.
    static func syntheticJournal(events: Int) throws -> String {
        let path = "/tmp/mm-replay-bench-\(getpid())-\(events).mmj"
        try? JournalLayout.remove(path)
        let writer = try JournalWriter(creating: path, metadata: JournalMetadata(coins: ["BTC"], mode: .synthetic),
                                       options: JournalWriterOptions(flushInterval: nil, fsync: .never))
        var market = SyntheticMarket(seed: 42, coins: ["BTC"])
        for _ in 0..<events {
            let (time, event) = market.next()
            try writer.append(event, time: time)
        }
        try writer.close()
        return path
    }

    static func btcConfig() -> EngineConfig {
        var config = EngineConfig()
        config.coins = [config.coins[0]]
        return config
    }

    /// Writes a synthetic journal, runs `body` over it `iterations` times, and reports the
    /// fastest run. `body` returns the events it processed.
    static func timeOverSyntheticJournal(name: String, events: Int, iterations: Int, json: Bool, _ body: (String) throws -> UInt64) throws {
        StandardError.print("bench \(name): writing a synthetic journal of \(events) records...")
        let path = try self.syntheticJournal(events: events)
        defer { try? JournalLayout.remove(path) }
        var best = Double.infinity
        var processed: UInt64 = 0
        for iteration in 1...max(1, iterations) {
            StandardError.print("bench \(name): run \(iteration)/\(iterations)")
            best = min(best, try measure { processed = try body(path) })
        }
        self.report(name: name, events: processed, seconds: best, json: json)
    }

    static func report(name: String, events: UInt64, seconds: Double, json: Bool) {
        var output = StandardOutput()
        if json {
            var writer = JSONWriter()
            writer.beginObject()
            writer.field("bench", name)
            writer.field("events", events)
            writer.field("seconds", seconds)
            writer.field("events_per_s", (Double(events) / seconds).rounded())
            writer.endObject()
            output.write(writer.text + "\n")
        } else {
            output.write("\(name) bench: \(events) events in \(seconds) s = \(Int(Double(events) / seconds)) events/s\n")
        }
        output.flush()
    }

    /// The options of the benches that time a run over a synthetic journal.
    struct SyntheticBenchOptions: ParsableArguments {
        @Option(name: .long, help: "Records in the synthetic journal (1...100000000).") var events: Int = 1_000_000
        @Option(name: .long, help: "Measured runs (1...1000).") var iterations: Int = 3
        @Flag(name: .long, help: "Print one JSON object.") var json = false

        func validate() throws {
            try BenchCommand.checkCounts(events: self.events, iterations: self.iterations)
        }
    }

    struct ReplayBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "replay",
            abstract: "Events per second replayed: journal read + decode + engine + digest.",
            discussion: "Writes a synthetic BTC journal of --events records, then times `replay` over it (best of --iterations). --json: events, events_per_s. \(BenchCommand.exitCodes)"
        )
        @OptionGroup var options: SyntheticBenchOptions

        func run() throws {
            try runReportingErrors {
                try BenchCommand.timeOverSyntheticJournal(name: "replay", events: self.options.events, iterations: self.options.iterations, json: self.options.json) { path in
                    try ReplayRunner(config: BenchCommand.btcConfig()).run(path: path).events
                }
            }
        }
    }

    struct BacktestBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backtest",
            abstract: "Market events per second backtested: read + decode + SimExchange + engine.",
            discussion: "Writes a synthetic BTC journal of --events records, then times `backtest` over it with the default simulator (best of --iterations). --json: events, events_per_s. \(BenchCommand.exitCodes)"
        )
        @OptionGroup var options: SyntheticBenchOptions

        func run() throws {
            try runReportingErrors {
                try BenchCommand.timeOverSyntheticJournal(name: "backtest", events: self.options.events, iterations: self.options.iterations, json: self.options.json) { path in
                    try BacktestRunner(config: BenchCommand.btcConfig(), exchange: SimExchangeConfig()).run(captures: [path]).marketEvents
                }
            }
        }
    }

    struct EngineBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "engine",
            abstract: "Events per second through Engine.handle, and heap allocations per event.",
            discussion: HelpText.reflow("""
            Generates --events synthetic BTC market-data events (books, trades) with a
            tick every 100 ms of virtual time, decodes nothing (events are in memory), and
            times Engine.handle over them with the default config, best of --iterations.
            allocations_per_event is the Swift heap objects allocated in the measured loop
            (every swift_allocObject: class instances, closure contexts and boxes, array,
            dictionary, set and string buffers), counted through the Swift runtime's
            _swift_allocObject hook, divided by the events: 0 means handle allocates no
            Swift object in steady state. Raw allocations (UnsafeMutablePointer.allocate,
            malloc from C) are not counted; the benchmark package in Benchmarks/ counts
            every malloc. --json: events, events_per_s, allocations_per_event, allocations,
            commands.

            \(BenchCommand.exitCodes)
            """)
        )

        @Option(name: .long, help: "Events per run (1...100000000).")
        var events: Int = 1_000_000

        @Option(name: .long, help: "Measured runs, the fastest is reported (1...1000).")
        var iterations: Int = 3

        @Flag(name: .long, help: "Print one JSON object.")
        var json = false

        func validate() throws {
            try BenchCommand.checkCounts(events: self.events, iterations: self.iterations)
        }

        func run() throws {
            try runReportingErrors {
                // Counts Swift heap objects from here to the end of the run (the runtime's hook).
                guard mm_allocation_counter_start() == 1 else { throw CommandFailure.allocationsNotCounted }
                defer { mm_allocation_counter_stop() }
                // Self-check: a fresh array buffer must be counted, or the figure is void.
                let probeBefore = mm_allocation_count()
                let probe = [Int](repeating: Int(probeBefore & 1), count: 64)
                guard mm_allocation_count() > probeBefore, probe.count == 64 else {
                    throw CommandFailure.allocationsNotCounted
                }
                StandardError.print("bench engine: generating \(self.events) events...")
                var market = SyntheticMarket(seed: 42, coins: ["BTC"])
                var inputs: [Stamped<Event>] = []
                inputs.reserveCapacity(self.events + self.events / 4)
                var nextTick: Int64 = SyntheticMarket.startTime
                while inputs.count < self.events {
                    let (time, event) = market.next()
                    while nextTick <= time && inputs.count < self.events {
                        inputs.append(Stamped(seq: UInt64(inputs.count + 1), time: nextTick, event: .tick))
                        nextTick += 100_000_000
                    }
                    if inputs.count < self.events { inputs.append(Stamped(seq: UInt64(inputs.count + 1), time: time, event: event)) }
                }
                var config = EngineConfig()
                config.coins = [config.coins[0]]
                var best = Double.infinity
                var allocations: UInt64 = 0
                var commands: UInt64 = 0
                for iteration in 1...self.iterations {
                    StandardError.print("bench engine: run \(iteration)/\(self.iterations)")
                    var engine = try Engine(config: config)
                    // Warm up: the first events grow the engine's buffers once.
                    let warmup = min(10_000, inputs.count / 10)
                    for i in 0..<warmup { commands &+= UInt64(engine.handle(inputs[i]).count) }
                    let before = mm_allocation_count()
                    let seconds = try measure {
                        for i in warmup..<inputs.count { commands &+= UInt64(engine.handle(inputs[i]).count) }
                    }
                    let counted = mm_allocation_count() - before
                    if seconds < best {
                        best = seconds
                        allocations = counted
                    }
                }
                let measured = Double(inputs.count - min(10_000, inputs.count / 10))
                let perSecond = measured / best
                let perEvent = Double(allocations) / measured
                var output = StandardOutput()
                if self.json {
                    var json = JSONWriter()
                    json.beginObject()
                    json.field("events", Int64(measured))
                    json.field("events_per_s", perSecond.rounded())
                    json.field("allocations_per_event", (perEvent * 1e6).rounded() / 1e6)
                    json.field("allocations", allocations)
                    json.field("commands", commands / UInt64(self.iterations))
                    json.endObject()
                    output.write(json.text + "\n")
                } else {
                    output.write("engine bench: \(Int(measured)) events, \(Int(perSecond)) events/s through handle, \(perEvent) allocations/event (\(allocations) in the measured loop)\n")
                }
                output.flush()
            }
        }
    }
}
