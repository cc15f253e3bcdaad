import Engine
import EngineJournal
import Foundation
import TestSupport
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
    /// A digest of each step's commands (of their encoding: bit-exact, so NaN figures
    /// in decisions compare equal).
    var outputs: [Int] = []
    var engine: Engine
    /// Snapshots taken before the step of the same index.
    var snapshots: [Int: [UInt8]] = [:]
    /// Events outside the limits the generator drew (must stay empty), steps whose
    /// command count broke the bound, and the largest count / bound seen.
    var invalidEvents: [String] = []
    var overworked: [String] = []
    var worstShare = 0.0
    var places = 0
    /// Orders sent with a price or size outside the limits (must stay empty: the venue's
    /// echo of such an order would be refused as input).
    var invalidOrders: [String] = []
    /// Steps (every 100th) after which the engine's own state was refused by
    /// `restoreProblems()` (must stay empty: replay snapshots it at any time).
    var unrestorable: [String] = []
    /// The kinds of event the stream drew.
    var kinds: Set<Event.Kind> = []

    /// Commands one step may emit per configured coin: a quote cycle cancels every order
    /// it tracks (at most 2 × 10 ladder slots) and reconciles every slot (2 × 10 more),
    /// retries may resend a cancel or lookup per order (2 × 10), each of the 11 kill
    /// reasons records one decision per coin, and a few fixed records and queries.
    static let commandsPerCoin = 3 * 2 * 10 + 11 + 8
    /// Commands per open order listed by the venue (a stranger cancelled with its
    /// record; an orphan adopted at start, then cancelled or retried like any order).
    static let commandsPerListedOrder = 3

    /// Digests of command lists (within one process: `Hasher` is seeded per process).
    struct Digester {
        var writer = BinaryWriter(reservingCapacity: 1 << 16)

        mutating func digest(_ commands: [Command]) -> Int {
            self.writer.bytes.removeAll(keepingCapacity: true)
            for command in commands {
                self.writer.write(command.tag)
                command.encodePayload(to: &self.writer)
            }
            var hasher = Hasher()
            hasher.combine(commands.count)
            self.writer.bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
            return hasher.finalize()
        }
    }

    /// Runs a fresh engine over `count` events drawn against it.
    static func run(_ config: EngineConfig, seed: UInt64, count: Int, timing: StreamTiming, hostile: Bool = true, start: Int64? = nil,
                    snapshotAt: Set<Int> = []) throws -> RecordedRun {
        var stream = RandomStream(seed: seed, coins: config.coins, timing: timing, hostile: hostile, start: start)
        let checkpoint = stream.checkpoint()
        var run = RecordedRun(config: config, checkpoint: checkpoint, engine: try Engine(config: config, restoring: checkpoint))
        run.events.reserveCapacity(count)
        run.outputs.reserveCapacity(count)
        var digester = Digester()
        for step in 0..<count {
            if snapshotAt.contains(step) { run.snapshots[step] = try SnapshotBytes.encode(run.engine) }
            let event = stream.next(engine: run.engine)
            if let problem = event.event.limitProblem { run.invalidEvents.append("step \(step) \(event.event.kind.name): \(problem)") }
            let commands = run.engine.handle(event)
            let bound = config.coins.count * Self.commandsPerCoin + Self.commandsPerListedOrder * stream.listedOrders + 16
            if commands.count > bound { run.overworked.append("step \(step) (\(event.event.kind.name)): \(commands.count) commands > \(bound)") }
            run.worstShare = max(run.worstShare, Double(commands.count) / Double(bound))
            for command in commands {
                switch command {
                case .place(let order), .modify(_, let order):
                    if case .place = command { run.places += 1 }
                    if let problem = Limits.priceProblem(order.price) ?? Limits.sizeProblem(order.size) ?? Limits.coinNameProblem(order.coin) {
                        run.invalidOrders.append("step \(step): \(problem)")
                    }
                default: break
                }
            }
            stream.observe(commands)
            if step % 100 == 99, case let problems = run.engine.restoreProblems(), !problems.isEmpty {
                run.unrestorable.append("step \(step): \(problems)")
            }
            run.kinds.insert(event.event.kind)
            run.events.append(event)
            run.outputs.append(digester.digest(commands))
        }
        return run
    }

    /// A fresh engine (same config and checkpoint) fed the recorded events from `step`
    /// on, after `engine` (or a fresh one when nil): its outputs and final snapshot.
    func replay(from step: Int = 0, engine start: Engine? = nil) throws -> (outputs: [Int], engine: Engine) {
        var engine = try start ?? Engine(config: self.config, restoring: self.checkpoint)
        var outputs: [Int] = []
        outputs.reserveCapacity(self.events.count - step)
        var digester = Digester()
        for event in self.events[step...] { outputs.append(digester.digest(engine.handle(event))) }
        return (outputs, engine)
    }
}

/// Property tests of the whole engine over random accepted configs and random valid
/// event streams (issue "Hostile input: nothing that validation accepts can crash, hang
/// or stall"). Seeds are fixed: a failure names its config index, and is reproduced by
/// running the same test again. For a longer search, `ENGINE_PROPERTY_CONFIGS=2000`
/// runs more configs and `ENGINE_PROPERTY_SEED=N` draws other ones.
@Suite(.serialized, .tags(.integration)) struct EnginePropertyTests {
    static let environment = ProcessInfo.processInfo.environment
    static let seedOffset = UInt64(Self.environment["ENGINE_PROPERTY_SEED"].flatMap { UInt32($0) } ?? 0) << 20

    /// The seed of the `index`-th random config.
    static func configSeed(_ index: Int, offset: UInt64 = Self.seedOffset) -> UInt64 { 0xC0_4F16_0000 + offset + UInt64(index) }
    /// The seed of the stream run on the `index`-th config.
    static func streamSeed(_ index: Int, offset: UInt64 = Self.seedOffset) -> UInt64 { 0x57_2EA4_0000 + offset + UInt64(index) }

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

    /// A third of the streams are hostile, the others calm (see ``RandomStream``).
    static func hostile(_ index: Int) -> Bool { index % 3 == 2 }

    static func timing(_ index: Int) -> StreamTiming {
        switch index % 5 {
        case 0, 1: return .live
        case 2: return .mixed
        case 3: return .sparse
        default: return .live
        }
    }

    /// Orders two values of one field.
    static func less(_ a: ConfigValue, _ b: ConfigValue) -> Bool {
        switch (a, b) {
        case (.real(let x), .real(let y)): return x < y
        case (.integer(let x), .integer(let y)): return x < y
        case (.flag(let x), .flag(let y)): return !x && y
        default: return false
        }
    }

    static let configCount = Self.environment["ENGINE_PROPERTY_CONFIGS"].flatMap { Int($0) } ?? 200
    static let eventsPerStream = 500
    /// Configs replayed by the determinism and snapshot tests (each; 24 of the 200).
    static let replayCount = Self.configCount * 3 / 25

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
        var lowestSeen: [String: ConfigValue] = [:]
        var highestSeen: [String: ConfigValue] = [:]
        var accepted = 0
        var decimals: Set<Int64> = []
        var oneLot = false
        var largestOrder = false
        var coinCounts: Set<Int> = []
        var profiles: Set<String> = []
        let drawn = max(400, 2 * Self.configCount)
        for index in 0..<drawn {
            var configs = RandomConfigs(seed: Self.configSeed(index))
            let config = configs.config()
            let issues = config.validate()
            let engine = try? Engine(config: config)
            #expect((engine != nil) == issues.isEmpty, "config \(index): the engine and validation disagree: \(issues)")
            guard issues.isEmpty else { continue }
            accepted += 1
            profiles.insert(configs.profile.rawValue)
            for parameter in EngineConfig.parameters {
                let value = parameter.value(in: config)
                if lowestSeen[parameter.path].map({ Self.less(value, $0) }) ?? true { lowestSeen[parameter.path] = value }
                if highestSeen[parameter.path].map({ Self.less($0, value) }) ?? true { highestSeen[parameter.path] = value }
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
            guard let (lowest, highest) = range.extremes, let low = lowestSeen[parameter.path], let high = highestSeen[parameter.path] else { continue }
            // A cross-field rule may forbid an extreme itself (the data gate must be
            // strictly below the staleness kill): the next double is the extreme then.
            switch (lowest, highest, low, high) {
            case (.real(let lowest), .real(let highest), .real(let low), .real(let high)):
                #expect(low <= lowest.nextUp && high >= highest.nextDown,
                        "\(parameter.path): accepted configs span \(low)...\(high), not \(lowest)...\(highest)")
            default:
                #expect(low == lowest && high == highest, "\(parameter.path): accepted configs span \(low)...\(high), not \(lowest)...\(highest)")
            }
        }
        #expect(decimals == Set(0...8))
        #expect(profiles == Set(EngineConfig.Profile.allCases.map(\.rawValue)))
        #expect(oneLot && largestOrder)
        #expect(coinCounts.contains(1) && coinCounts.contains { $0 >= 5 })
    }

    /// No accepted config and valid event stream traps (200 configs × 500 events, live,
    /// mixed and sparse timing, calm and hostile), every step's commands stay within a
    /// bound set by the config's coins and the orders the venue lists, every order sent
    /// has a price and size inside the limits, and the engine's state is always one a
    /// snapshot restore accepts. Guards: `config check` passing means `mm-live`
    /// and replay cannot crash or flood the venue on any valid input.
    @Test func noAcceptedConfigAndValidStreamTrapsOrFloods() throws {
        let (configs, drawn) = Self.acceptedConfigs(Self.configCount)
        #expect(configs.count * 2 >= drawn)
        var quoted = 0
        var killed = 0
        var fills: UInt64 = 0
        var worst = 0.0
        var kinds: Set<Event.Kind> = []
        for (index, config) in configs {
            let run = try RecordedRun.run(config, seed: Self.streamSeed(index), count: Self.eventsPerStream, timing: Self.timing(index), hostile: Self.hostile(index))
            #expect(run.invalidEvents.isEmpty, "config \(index): the generator drew invalid events: \(run.invalidEvents.prefix(3))")
            #expect(run.overworked.isEmpty, "config \(index): \(run.overworked.prefix(3))")
            #expect(run.invalidOrders.isEmpty, "config \(index): \(run.invalidOrders.prefix(3))")
            let problems = run.engine.restoreProblems()
            #expect(problems.isEmpty && run.unrestorable.isEmpty,
                    "config \(index): the engine's own state is refused on restore: \(problems) \(run.unrestorable.prefix(2))")
            worst = max(worst, run.worstShare)
            kinds.formUnion(run.kinds)
            if run.places > 0 { quoted += 1 }
            if run.engine.safetyCounters.killTrips > 0 { killed += 1 }
            fills += run.engine.safetyCounters.fillsBooked
        }
        // The streams reach the interesting states: quoting, fills, kills.
        #expect(quoted * 5 >= configs.count, "only \(quoted) of \(configs.count) runs placed an order")
        #expect(killed * 10 >= configs.count && killed < configs.count)
        #expect(fills > 100)
        #expect(kinds == Set(Event.Kind.allCases))
        print("EnginePropertyTests: \(configs.count) configs (\(drawn) drawn) × \(Self.eventsPerStream) events; \(quoted) quoted, \(killed) killed, \(fills) fills booked; commands at most \(worst) of the bound")
    }

    /// The same config, checkpoint and events give the same commands, step by step, and
    /// the same final state (snapshot bytes), in two separate engines. Guards replay and
    /// `verify`: a journal replays to exactly what the live session did.
    @Test func sameConfigAndStreamGiveTheSameOutputsAndState() throws {
        for (index, config) in Self.acceptedConfigs(Self.replayCount).configs {
            let run = try RecordedRun.run(config, seed: Self.streamSeed(index), count: Self.eventsPerStream, timing: Self.timing(index), hostile: Self.hostile(index))
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
        // Other configs than the determinism test's (both are among the 200 above).
        for (index, config) in Self.acceptedConfigs(2 * Self.replayCount).configs[Self.replayCount...] {
            var random = Xoshiro256StarStar(seed: Self.streamSeed(index) ^ 0x5A5A)
            let steps: Set<Int> = [Int(random.next(below: UInt64(Self.eventsPerStream)))]
            let run = try RecordedRun.run(config, seed: Self.streamSeed(index), count: Self.eventsPerStream, timing: Self.timing(index), hostile: Self.hostile(index), snapshotAt: steps)
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
                #expect(run.overworked.isEmpty && run.invalidEvents.isEmpty && run.invalidOrders.isEmpty && run.unrestorable.isEmpty)
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
        var coins = RandomConfigs(seed: 3)
        many.coins = coins.coins(count: EngineConfig.maxCoins)
        #expect(many.validate().isEmpty, "\(many.validate())")
        let timings: [(StreamTiming, Int64?)] = [(.live, nil), (.mixed, 0), (.sparse, 0), (.fixed(0), Limits.latestTime), (.live, Limits.latestTime - 60_000_000_000)]
        for (n, config) in configs.enumerated() {
            for (t, (timing, start)) in timings.enumerated() {
                let run = try RecordedRun.run(config, seed: UInt64(100 * n + t), count: Self.eventsPerStream, timing: timing, start: start)
                #expect(run.overworked.isEmpty && run.invalidEvents.isEmpty && run.invalidOrders.isEmpty && run.unrestorable.isEmpty,
                        "extreme config \(n), timing \(t): \(run.overworked.prefix(3)) \(run.invalidEvents.prefix(3)) \(run.invalidOrders.prefix(3)) \(run.unrestorable.prefix(1))")
                #expect(run.engine.restoreProblems().isEmpty, "extreme config \(n), timing \(t): \(run.engine.restoreProblems())")
            }
        }
        let run = try RecordedRun.run(many, seed: 7, count: 60, timing: .live)
        #expect(run.overworked.isEmpty && run.invalidEvents.isEmpty && run.invalidOrders.isEmpty, "\(run.overworked.prefix(3)) \(run.invalidOrders.prefix(3))")
        #expect(run.engine.restoreProblems().isEmpty, "\(run.engine.restoreProblems())")
    }

    // MARK: Regressions found by the properties above

    /// Sends events to an engine at given times.
    struct Feed {
        var engine: Engine
        var seq: UInt64 = 0
        mutating func send(_ event: Event, at time: Int64) -> [Command] {
            self.seq += 1
            return self.engine.handle(Stamped(seq: self.seq, time: time, event: event))
        }
    }

    static func book(_ coin: String, bid: Int64, ask: Int64) -> Event {
        .book(BookSnapshot(coin: coin, exchangeTime: 0, bids: [BookLevel(price: Price(rawValue: bid), size: Size(rawValue: 100_000_000), orders: 1)],
                           asks: [BookLevel(price: Price(rawValue: ask), size: Size(rawValue: 100_000_000), orders: 1)]))
    }

    /// An engine whose clock reached 2100 (``Limits/latestTime``) has timers due after it
    /// (the next quote cycle, reconciliation, dead man's switch renewal, retries): its
    /// snapshot must restore. `restoreProblems()` refused every timer past 2100, so a
    /// snapshot written by replay in the last day of the range could not be entered
    /// (found by `noAcceptedConfigAndValidStreamTrapsOrFloods`, config 7: "next cycle time
    /// 4102444800500000000 is out of range", "a timer or trip time (4102444925593515435)
    /// is outside the valid range"; the rejection backoff's end and order retries too).
    @Test func anEngineWhoseClockReached2100StillRestores() throws {
        var config = EngineConfig()
        config.coins = [config.coins[0]]
        config.gates.warmupSeconds = 0
        var feed = Feed(engine: try Engine(config: config))
        let start = Limits.latestTime - 1_000_000_000
        let placed = feed.send(Self.book("BTC", bid: 10_000_000_000_000, ask: 10_000_100_000_000), at: start).places
        #expect(!placed.isEmpty)
        _ = feed.send(.orderResponse(OrderResponse(coin: "BTC", clientOrderID: placed[0].clientOrderID, orderID: 1, outcome: .unknown(message: "timeout"))), at: start)
        _ = feed.send(.operator(.kill(reason: "test")), at: Limits.latestTime)
        _ = feed.send(.tick, at: Limits.latestTime)
        #expect(feed.engine.restoreProblems().isEmpty, "\(feed.engine.restoreProblems())")
        let bytes = try SnapshotBytes.encode(feed.engine)
        var restored = try SnapshotBytes.decode(bytes)
        #expect(restored.restoreProblems().isEmpty, "\(restored.restoreProblems())")
        #expect(restored.handle(Stamped(seq: 99, time: Limits.latestTime, event: .tick)) == feed.engine.handle(Stamped(seq: 99, time: Limits.latestTime, event: .tick)))
        // Timers beyond a valid time plus the longest duration are still refused.
        var json = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        var venue = try #require(json["venue"] as? [String: Any])
        venue["nextArm"] = Limits.latestTime + Limits.longestDuration + 1
        json["venue"] = venue
        let tampered = try SnapshotBytes.decode(Array(try JSONSerialization.data(withJSONObject: json)))
        #expect(tampered.restoreProblems().contains { $0.contains("timer") })
    }

    /// Quotes around a mid near ``Limits/highestPrice`` stop at it: the ask ladder priced
    /// above it was sent (an order no venue takes, whose echo, an order update or a
    /// listing, is refused as input) and tracked (a state `restoreProblems()` refuses;
    /// found by `noAcceptedConfigAndValidStreamTrapsOrFloods`, config 124: "price
    /// 1049562323 is outside the valid range", "tracked order … has a level, price or
    /// size out of range").
    @Test func noOrderIsPricedAboveTheHighestValidPrice() throws {
        var config = EngineConfig()
        config.coins = [config.coins[0]]
        config.gates.warmupSeconds = 0
        var feed = Feed(engine: try Engine(config: config))
        let top = Limits.highestPrice.rawValue
        var time: Int64 = 1_737_849_600_000_000_000
        var orders: [OrderRequest] = []
        for _ in 0..<20 {
            time += 500_000_000
            orders += feed.send(Self.book("BTC", bid: top - 100_000_000, ask: top), at: time).places
        }
        #expect(!orders.isEmpty && orders.allSatisfy { $0.price <= Limits.highestPrice }, "\(orders.map(\.price))")
        #expect(orders.contains { $0.side == .bid } && !orders.contains { $0.side == .ask })
        #expect(feed.engine.restoreProblems().isEmpty, "\(feed.engine.restoreProblems())")
    }

    /// An earlier session's orders found at start are adopted into ladder slots, at most
    /// a book side's worth (``Limits/levelsPerSide``) per side; more are cancelled. Every
    /// listed order was adopted at its own level, so a listing of more than 1,000 orders
    /// on a side (the venue's lists are not capped) left a state `restoreProblems()`
    /// refuses.
    @Test func adoptingAHugeListingOfOrphansKeepsARestorableState() throws {
        var config = EngineConfig()
        config.coins = [config.coins[0]]
        config.safety.adoptOrphans = true
        var feed = Feed(engine: try Engine(config: config))
        var listed: [OpenOrderSnapshot] = []
        for k in 0..<2_500 {
            let price = Price(rawValue: 10_000_000_000_000 - Int64(k) * 100_000_000)
            let side: Side = k % 5 == 0 ? .ask : .bid
            listed.append(OpenOrderSnapshot(coin: "BTC", side: side, limitPrice: price, size: Size(rawValue: 100_000), orderID: UInt64(1_000 + k), clientOrderID: nil))
        }
        let time: Int64 = 1_737_849_600_000_000_000
        let commands = feed.send(.account(AccountSnapshot(exchangeTime: time / 1_000_000, accountValue: Amount(rawValue: 1_000_000_000_000), totalMarginUsed: .zero,
                                                          withdrawable: .zero, positions: [], openOrders: listed)), at: time)
        #expect(feed.engine.restoreProblems().isEmpty, "\(feed.engine.restoreProblems())")
        let tracked = feed.engine.trackedOrders(coinIndex: 0)
        #expect(tracked.count + commands.filter { if case .cancel = $0 { true } else { false } }.count == listed.count)
        #expect(tracked.allSatisfy { $0.level < Limits.levelsPerSide })
    }

    /// A VPIN bucket that closes a few ulps over its notional has an imbalance a few
    /// ulps over 1 (36521.4424 then 963478.6576 more in a bucket of 1000000.1 gives
    /// 1.0000000000000002): `restoreProblems()` refused every imbalance above 1, so the
    /// engine's own snapshot could be refused (found by
    /// `noAcceptedConfigAndValidStreamTrapsOrFloods`, config 98: "toxicity volumes or
    /// imbalances are not finite numbers in range").
    @Test func aBucketRoundedOverItsNotionalStillRestores() throws {
        var config = EngineConfig()
        config.coins = [config.coins[0]]
        config.estimators.toxicityBucketNotional = 1_000_000.1
        config.estimators.toxicityBuckets = 1
        var feed = Feed(engine: try Engine(config: config))
        let trades = [Trade(side: .bid, price: try Price(parsing: "36521.4424"), size: try Size(parsing: "1"), exchangeTime: 0, tradeID: 1),
                      Trade(side: .bid, price: try Price(parsing: "1000000"), size: try Size(parsing: "1"), exchangeTime: 0, tradeID: 2)]
        _ = feed.send(.trades(TradeBatch(coin: "BTC", trades: trades)), at: 1_737_849_600_000_000_000)
        #expect(feed.engine.state.coins[0].toxicity > 1)
        #expect(feed.engine.restoreProblems().isEmpty, "\(feed.engine.restoreProblems())")
        #expect(try SnapshotBytes.decode(SnapshotBytes.encode(feed.engine)).restoreProblems().isEmpty)
    }

    /// The random cases that found the bugs above (config 7: timers past 2100 refused on
    /// restore; config 98: an imbalance rounded over 1 refused on restore; config 124:
    /// asks priced above the highest valid price), run alone. They reproduce with the
    /// generators as they are; the hand-built tests above keep guarding the bugs if the
    /// generators change.
    @Test(arguments: [7, 98, 124])
    func theRandomCasesThatFoundBugs(index: Int) throws {
        var configs = RandomConfigs(seed: Self.configSeed(index, offset: 0))
        let config = configs.config()
        #expect(config.validate().isEmpty)
        let run = try RecordedRun.run(config, seed: Self.streamSeed(index, offset: 0), count: Self.eventsPerStream, timing: Self.timing(index), hostile: Self.hostile(index))
        #expect(run.invalidOrders.isEmpty, "\(run.invalidOrders.prefix(3))")
        #expect(run.engine.restoreProblems().isEmpty, "\(run.engine.restoreProblems())")
    }
}
