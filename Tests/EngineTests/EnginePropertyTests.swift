import Engine
import Foundation
import Testing

/// The engine's snapshot encoding, as `Replay`'s `EngineSnapshot` writes it (JSON with
/// sorted keys, non-finite doubles as strings), without its version byte: equal states
/// give equal bytes, so the bytes are the state's digest.
enum SnapshotBytes {
    static func encode(_ engine: Engine) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+inf", negativeInfinity: "-inf", nan: "nan")
        return Array(try encoder.encode(engine))
    }

    static func decode(_ bytes: [UInt8]) throws -> Engine {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "+inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(Engine.self, from: Data(bytes))
    }
}

/// One engine run over a random stream drawn against it, recorded so it can be replayed.
struct RecordedRun {
    var config: EngineConfig
    var checkpoint: KillSwitchCheckpoint?
    var events: [Stamped<Event>] = []
    /// Each step's commands, encoded (bit-exact: NaN figures in decisions compare equal).
    var outputs: [[UInt8]] = []
    var engine: Engine
    /// Snapshots taken before the step of the same index.
    var snapshots: [Int: [UInt8]] = [:]
    /// Events outside the limits the generator drew (must stay empty), steps whose
    /// command count broke the bound, and the largest count / bound seen.
    var invalidEvents: [String] = []
    var overworked: [String] = []
    var worstShare = 0.0
    var places = 0

    /// Commands one step may emit per configured coin: a quote cycle cancels every order
    /// it tracks (at most 2 × 10 ladder slots) and reconciles every slot (2 × 10 more),
    /// retries may resend a cancel or lookup per order (2 × 10), each of the 11 kill
    /// reasons records one decision per coin, and a few fixed records and queries.
    static let commandsPerCoin = 3 * 2 * 10 + 11 + 8
    /// Commands per open order listed by the venue (a stranger cancelled with its
    /// record; an orphan adopted at start, then cancelled or retried like any order).
    static let commandsPerListedOrder = 3

    /// Encodes one step's commands.
    static func encode(_ commands: [Command]) -> [UInt8] {
        var writer = BinaryWriter()
        for command in commands {
            let payload = command.payloadBytes
            writer.write(command.tag)
            writer.write(UInt32(payload.count))
            writer.bytes += payload
        }
        return writer.bytes
    }

    /// Runs a fresh engine over `count` events drawn against it.
    static func run(_ config: EngineConfig, seed: UInt64, count: Int, timing: StreamTiming, start: Int64? = nil,
                    snapshotAt: Set<Int> = []) throws -> RecordedRun {
        var stream = RandomStream(seed: seed, coins: config.coins, timing: timing, start: start)
        let checkpoint = stream.checkpoint()
        var run = RecordedRun(config: config, checkpoint: checkpoint, engine: try Engine(config: config, restoring: checkpoint))
        run.events.reserveCapacity(count)
        run.outputs.reserveCapacity(count)
        for step in 0..<count {
            if snapshotAt.contains(step) { run.snapshots[step] = try SnapshotBytes.encode(run.engine) }
            let event = stream.next(engine: run.engine)
            if let problem = event.event.limitProblem { run.invalidEvents.append("step \(step) \(event.event.kind.name): \(problem)") }
            let commands = run.engine.handle(event)
            let bound = config.coins.count * Self.commandsPerCoin + Self.commandsPerListedOrder * stream.listedOrders + 16
            if commands.count > bound { run.overworked.append("step \(step) (\(event.event.kind.name)): \(commands.count) commands > \(bound)") }
            run.worstShare = max(run.worstShare, Double(commands.count) / Double(bound))
            for command in commands { if case .place = command { run.places += 1 } }
            stream.observe(commands)
            run.events.append(event)
            run.outputs.append(Self.encode(commands))
        }
        return run
    }

    /// A fresh engine (same config and checkpoint) fed the recorded events from `step`
    /// on, after `engine` (or a fresh one when nil): its outputs and final snapshot.
    func replay(from step: Int = 0, engine start: Engine? = nil) throws -> (outputs: [[UInt8]], engine: Engine) {
        var engine = try start ?? Engine(config: self.config, restoring: self.checkpoint)
        var outputs: [[UInt8]] = []
        outputs.reserveCapacity(self.events.count - step)
        for event in self.events[step...] { outputs.append(Self.encode(engine.handle(event))) }
        return (outputs, engine)
    }
}

/// Property tests of the whole engine over random accepted configs and random valid
/// event streams (issue "Hostile input: nothing that validation accepts can crash, hang
/// or stall"). Seeds are fixed: a failure names its config index, and is reproduced by
/// running the same test again.
@Suite(.serialized) struct EnginePropertyTests {
    /// The seed of the `index`-th random config.
    static func configSeed(_ index: Int) -> UInt64 { 0xC0_4F16_0000 + UInt64(index) }
    /// The seed of the stream run on the `index`-th config.
    static func streamSeed(_ index: Int) -> UInt64 { 0x57_2EA4_0000 + UInt64(index) }

    /// The first `count` accepted random configs (with their indices), and how many
    /// configs were drawn to find them.
    static func acceptedConfigs(_ count: Int) -> (configs: [(index: Int, config: EngineConfig)], drawn: Int) {
        var accepted: [(Int, EngineConfig)] = []
        var index = 0
        while accepted.count < count {
            var configs = RandomConfigs(seed: self.configSeed(index))
            let config = configs.config()
            if config.validate().isEmpty { accepted.append((index, config)) }
            index += 1
        }
        return (accepted, index)
    }

    static func timing(_ index: Int) -> StreamTiming {
        switch index % 5 {
        case 0, 1: return .live
        case 2: return .mixed
        case 3: return .sparse
        default: return .live
        }
    }

    static let configCount = 200
    static let eventsPerStream = 500

    /// Every config field's rule is one the generator reads, and what it reads is the
    /// field's real range: both extremes (the smallest double above an open bound
    /// included) are accepted and the values just outside refused. Guards the claim that
    /// the random configs below span each field's whole accepted range, for fields added
    /// later too.
    @Test func everyFieldsRuleIsReadAndMatchesItsCheck() throws {
        #expect(RandomConfigs.ranges.count == EngineConfig.parameters.count,
                "rules the generator cannot read: \(EngineConfig.parameters.filter { FieldRange($0) == nil }.map { "\($0.path): \($0.rule)" })")
        for (parameter, range) in RandomConfigs.ranges {
            var values: [ConfigValue] = []
            if let (lowest, highest) = range.extremes { values += [lowest, highest] }
            if case .real(_, _, _, true) = range { values.append(.real(0)) }
            if case .flag = range { values += [.flag(true), .flag(false)] }
            for value in values {
                var config = EngineConfig()
                #expect(parameter.set(value, in: &config) == nil)
                #expect(parameter.validate(config) == nil, "\(parameter.path) refuses \(value), inside its rule \(parameter.rule)")
            }
            for value in range.justOutside {
                var config = EngineConfig()
                _ = parameter.set(value, in: &config)
                #expect(parameter.validate(config) != nil, "\(parameter.path) accepts \(value), outside its rule \(parameter.rule)")
            }
        }
    }

    /// The configs the runs below use: most are accepted (so the runs cannot silently
    /// test nothing), the engine refuses exactly those validation refuses, and together
    /// they reach every field's minimum and maximum and every `sz_decimals`, one-lot and
    /// largest order sizes, both profiles and many coins. Guards the coverage of the
    /// properties below.
    @Test func randomConfigsAreMostlyAcceptedAndReachEveryExtreme() throws {
        var seenValues: [String: Set<String>] = [:]
        var accepted = 0
        var decimals: Set<Int64> = []
        var oneLot = false
        var largestOrder = false
        var coinCounts: Set<Int> = []
        let drawn = 400
        for index in 0..<drawn {
            var configs = RandomConfigs(seed: Self.configSeed(index))
            let config = configs.config()
            let issues = config.validate()
            let engine = try? Engine(config: config)
            #expect((engine != nil) == issues.isEmpty, "config \(index): the engine and validation disagree: \(issues)")
            guard issues.isEmpty else { continue }
            accepted += 1
            for parameter in EngineConfig.parameters {
                seenValues[parameter.path, default: []].insert("\(parameter.value(in: config))")
            }
            coinCounts.insert(config.coins.count)
            for coin in config.coins {
                decimals.insert(coin.sizeDecimals)
                var lot = FixedPoint.scale
                for _ in 0..<coin.sizeDecimals { lot /= 10 }
                oneLot = oneLot || coin.orderSize.rawValue == lot
                largestOrder = largestOrder || coin.orderSize.rawValue > Limits.largestSize.rawValue - lot
            }
        }
        #expect(accepted * 2 >= drawn, "only \(accepted) of \(drawn) random configs are accepted")
        #expect(Self.acceptedConfigs(Self.configCount).drawn <= drawn)
        for (parameter, range) in RandomConfigs.ranges {
            guard let (lowest, highest) = range.extremes else { continue }
            let seen = seenValues[parameter.path] ?? []
            #expect(seen.contains("\(lowest)") && seen.contains("\(highest)"),
                    "\(parameter.path): no accepted config has its minimum \(lowest) and maximum \(highest)")
        }
        #expect(decimals == Set(0...8))
        #expect(oneLot && largestOrder)
        #expect(coinCounts.contains(1) && coinCounts.contains { $0 >= 5 })
    }

    /// No accepted config and valid event stream traps (200 configs × 500 events, live,
    /// mixed and sparse timing), every step's commands stay within a bound set by the
    /// config's coins and the orders the venue lists, and the engine's state is always
    /// one a snapshot restore accepts. Guards: `config check` passing means `mm-live`
    /// and replay cannot crash or flood the venue on any valid input.
    @Test func noAcceptedConfigAndValidStreamTrapsOrFloods() throws {
        let (configs, drawn) = Self.acceptedConfigs(Self.configCount)
        #expect(configs.count * 2 >= drawn)
        var quoted = 0
        var killed = 0
        var fills: UInt64 = 0
        var worst = 0.0
        for (index, config) in configs {
            let run = try RecordedRun.run(config, seed: Self.streamSeed(index), count: Self.eventsPerStream, timing: Self.timing(index))
            #expect(run.invalidEvents.isEmpty, "config \(index): the generator drew invalid events: \(run.invalidEvents.prefix(3))")
            #expect(run.overworked.isEmpty, "config \(index): \(run.overworked.prefix(3))")
            let problems = run.engine.restoreProblems()
            #expect(problems.isEmpty, "config \(index): the engine's own state is refused on restore: \(problems)")
            worst = max(worst, run.worstShare)
            if run.places > 0 { quoted += 1 }
            if run.engine.safetyCounters.killTrips > 0 { killed += 1 }
            fills += run.engine.safetyCounters.fillsBooked
            print("DEBUG \(index) timing \(Self.timing(index)) places \(run.places) kills \(run.engine.state.killReasons) paused \(run.engine.state.paused) shut \(run.engine.state.shuttingDown) reasons \(run.engine.state.coins.map(\.lastDecision))")
        }
        // The streams reach the interesting states: quoting, fills, kills.
        #expect(quoted * 4 >= configs.count, "only \(quoted) of \(configs.count) runs placed an order")
        #expect(killed * 10 >= configs.count && killed < configs.count)
        #expect(fills > 100)
        print("EnginePropertyTests: \(configs.count) configs (\(drawn) drawn) × \(Self.eventsPerStream) events; \(quoted) quoted, \(killed) killed, \(fills) fills booked; commands at most \(worst) of the bound")
    }

    /// The same config, checkpoint and events give the same commands, step by step, and
    /// the same final state (snapshot bytes), in two separate engines. Guards replay and
    /// `verify`: a journal replays to exactly what the live session did.
    @Test func sameConfigAndStreamGiveTheSameOutputsAndState() throws {
        let (configs, _) = Self.acceptedConfigs(60)
        for (index, config) in configs {
            let run = try RecordedRun.run(config, seed: Self.streamSeed(index), count: Self.eventsPerStream, timing: Self.timing(index))
            let replay = try run.replay()
            let differing = zip(run.outputs, replay.outputs).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            #expect(differing == nil, "config \(index): outputs differ at step \(differing ?? -1)")
            #expect(try SnapshotBytes.encode(run.engine) == SnapshotBytes.encode(replay.engine), "config \(index): final states differ")
            #expect(run.engine.state.time == replay.engine.state.time)
        }
    }

    /// A snapshot taken mid-stream restores to an engine that `restoreProblems()`
    /// accepts, that encodes to the same bytes, and that continues exactly as the
    /// uninterrupted run: same commands, same final state. Guards replay's entry in the
    /// middle of a journal (`--from`), which restores the latest snapshot and goes on.
    @Test func aSnapshotRestoredMidStreamContinuesIdentically() throws {
        let (configs, _) = Self.acceptedConfigs(60)
        for (index, config) in configs {
            var random = Xoshiro256StarStar(seed: Self.streamSeed(index) ^ 0x5A5A)
            let steps: Set<Int> = [Int(random.next(below: UInt64(Self.eventsPerStream))), Int(random.next(below: UInt64(Self.eventsPerStream)))]
            let run = try RecordedRun.run(config, seed: Self.streamSeed(index), count: Self.eventsPerStream, timing: Self.timing(index), snapshotAt: steps)
            let final = try SnapshotBytes.encode(run.engine)
            for (step, bytes) in run.snapshots.sorted(by: { $0.key < $1.key }) {
                let restored = try SnapshotBytes.decode(bytes)
                let problems = restored.restoreProblems()
                #expect(problems.isEmpty, "config \(index) step \(step): \(problems)")
                #expect(try SnapshotBytes.encode(restored) == bytes, "config \(index) step \(step): the snapshot does not round-trip")
                let continued = try run.replay(from: step, engine: restored)
                let differing = zip(run.outputs[step...], continued.outputs).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                #expect(differing == nil, "config \(index): restored at step \(step), outputs differ \(differing ?? -1) steps later")
                #expect(try SnapshotBytes.encode(continued.engine) == final, "config \(index): restored at step \(step), final states differ")
            }
        }
    }

    /// Virtual time costs no wall time: the same configs and stream draws with one year
    /// between events (from 1970 to 2090) run about as fast as with one second between
    /// them. Guards against work per elapsed bucket, cycle or retry (a replay across a
    /// long gap in the data, a backtest over years) that would stall the engine.
    @Test func yearLongGapsCostNoMoreThanSecondLongOnes() throws {
        let (configs, _) = Self.acceptedConfigs(30)
        let year: Int64 = 31_536_000_000_000_000
        let clock = ContinuousClock()
        var seconds = Duration.zero
        var years = Duration.zero
        for (index, config) in configs {
            for gap in [1_000_000_000, year] {
                let start = clock.now
                let run = try RecordedRun.run(config, seed: Self.streamSeed(index), count: 120, timing: .fixed(gap), start: 0)
                let elapsed = clock.now - start
                if gap == year { years += elapsed } else { seconds += elapsed }
                #expect(run.overworked.isEmpty && run.invalidEvents.isEmpty)
                #expect(run.engine.restoreProblems().isEmpty, "config \(index), gaps of \(gap) ns: \(run.engine.restoreProblems())")
            }
        }
        #expect(years < seconds * 10 + .seconds(2), "one-year gaps took \(years), one-second gaps \(seconds)")
        print("EnginePropertyTests: 30 streams × 120 events: 1 s gaps \(seconds), 1 year gaps \(years)")
    }

    /// The configs at the ends of every range: every field at its minimum, every field
    /// at its maximum (cross-field rules repaired), with the most coins (256) and coins
    /// of one raw lot and of the largest size, over every timing and the edges of time
    /// (from the epoch, ending at 2100). Guards the corners random draws reach rarely.
    @Test func extremeConfigsRunOnEveryTiming() throws {
        var configs: [EngineConfig] = []
        for takeLowest in [true, false] {
            var config = EngineConfig()
            for (parameter, range) in RandomConfigs.ranges {
                if let (lowest, highest) = range.extremes { _ = parameter.set(takeLowest ? lowest : highest, in: &config) }
            }
            RandomConfigs.repairCrossFieldRules(&config)
            var coins = RandomConfigs(seed: takeLowest ? 1 : 2)
            config.coins = coins.coins(count: 3)
            config.coins[0].sizeDecimals = 8
            config.coins[0].orderSize = Size(rawValue: 1)
            config.coins[0].maxInventory = Size(rawValue: 1)
            config.coins[1].sizeDecimals = 0
            config.coins[1].orderSize = Size(rawValue: Limits.largestSize.rawValue)
            config.coins[1].maxInventory = Limits.largestSize
            #expect(config.validate().isEmpty, "\(config.validate())")
            configs.append(config)
        }
        var many = EngineConfig()
        many.quoting.levels = 10
        many.gates.warmupSeconds = 0
        many.general.quoteIntervalSeconds = 0.01
        var coins = RandomConfigs(seed: 3)
        many.coins = coins.coins(count: EngineConfig.maxCoins)
        #expect(many.validate().isEmpty, "\(many.validate())")
        let timings: [(StreamTiming, Int64?)] = [(.live, nil), (.mixed, 0), (.sparse, 0), (.fixed(0), Limits.latestTime), (.live, Limits.latestTime - 60_000_000_000)]
        for (n, config) in configs.enumerated() {
            for (t, (timing, start)) in timings.enumerated() {
                let run = try RecordedRun.run(config, seed: UInt64(100 * n + t), count: Self.eventsPerStream, timing: timing, start: start)
                #expect(run.overworked.isEmpty && run.invalidEvents.isEmpty, "extreme config \(n), timing \(t): \(run.overworked.prefix(3)) \(run.invalidEvents.prefix(3))")
                #expect(run.engine.restoreProblems().isEmpty, "extreme config \(n), timing \(t): \(run.engine.restoreProblems())")
                let replay = try run.replay()
                #expect(replay.outputs == run.outputs)
            }
        }
        let run = try RecordedRun.run(many, seed: 7, count: 150, timing: .live)
        #expect(run.overworked.isEmpty && run.invalidEvents.isEmpty, "\(run.overworked.prefix(3))")
        #expect(run.engine.restoreProblems().isEmpty, "\(run.engine.restoreProblems())")
    }
}
