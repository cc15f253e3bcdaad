import Engine
import Foundation
import HLSim
import Hyperliquid
import JSON
import Journal
import Live
import SimulatedExchange

/// One seed of `mm-live simulate`: the live driver against hl-sim's venue in one
/// process, on virtual time, with a seeded schedule of network, venue and crash faults,
/// checked against the ``Invariant``s. Everything random comes from the seed, so a seed
/// replays exactly.
final class SimulationRun {
    let options: SimulationOptions
    var random: Xoshiro256StarStar
    let venue: SimVenue
    let key: PrivateKey
    let address: String
    let directory: String
    let assets: AssetDirectory
    let baseConfig: EngineConfig
    let start: Int64
    let end: Int64
    let hardStop: Int64
    var now: Int64
    var queue = EventQueue<Action>()
    var report: SimulationReport
    var checker: InvariantChecker

    var incarnation: Incarnation?
    var incarnations = 0
    /// Faults are drawn while this holds (until the duration ends).
    var faultsActive: Bool
    var ending = false
    var finalIncarnation: Incarnation?
    /// Whether the last incarnation to die was killed (its checkpoint says so).
    var killedAtCrash = false

    // The feed link.
    var capture: [String] = []
    var nextConnection = 1
    var connections: [Int: Connection] = [:]
    var refuseConnectsUntil: Int64 = .min

    /// One WebSocket connection between an incarnation and the venue.
    struct Connection {
        var owner: Int
        var session: WebSocketSession
        /// A half-open link: nothing gets through either way.
        var blackHole = false
        var lastDelivery: Int64 = .min
    }

    /// Things scheduled on the virtual clock.
    enum Action {
        case input(incarnation: Int, LiveInput)
        case frame(connection: Int, String)
        case connect(incarnation: Int)
        case feedMessage(connection: Int, String)
        case exchangeArrives(incarnation: Int, request: ExchangeRequest, body: [UInt8], fate: Fate)
        case exchangeExecute(incarnation: Int, request: ExchangeRequest, action: PreparedAction, fate: Fate, sentAt: Int64)
        case infoArrives(incarnation: Int, request: InfoRequest)
        case crash
        case restart
        case dropFeed
        case stallFeed
        case refuseConnects(until: Int64)
        case operatorKill
        case check
        case end
    }

    /// What happens to one `/exchange` request.
    enum Fate {
        case normal(extraAnswerDelay: Int64)
        /// Never reaches the venue; the client sees a transport error.
        case lostBefore
        /// Reaches the venue and takes effect; the answer is lost (a timeout).
        case lostAfter
        /// A gateway error: 502, after taking effect or not.
        case gatewayError(executes: Bool)
        /// Refused by the IP rate limit: 429, no effect.
        case tooManyRequests
    }

    init(options: SimulationOptions) throws {
        self.options = options
        self.random = Xoshiro256StarStar(seed: options.seed &* 0x9E37_79B9_7F4A_7C15 ^ 0x51_4D55_4C41_5445)
        self.report = SimulationReport(seed: options.seed)
        var keyBytes = ""
        for _ in 0..<4 { keyBytes += String(format: "%016llx", self.random.next()) }
        self.key = try PrivateKey(hex: "0x1" + keyBytes.dropFirst())
        self.address = self.key.address.lowercased()
        if let keep = options.keepDirectory {
            self.directory = keep
        } else {
            self.directory = FileManager.default.temporaryDirectory.appendingPathComponent("mm-simulate-\(options.seed)-\(UUID().uuidString)").path
        }
        try FileManager.default.createDirectory(atPath: self.directory, withIntermediateDirectories: true)

        var configuration = SimConfiguration(coins: [SimulatedCoin(name: "BTC", sizeDecimals: 5, maxLeverage: 40)])
        configuration.seed = options.seed
        configuration.isMainnet = false
        var faults = FaultPlan()
        let settings = options.faults
        if let delay = settings.cancelDelayMilliseconds { faults.cancelDelayMilliseconds = self.random.next(in: delay) }
        faults.modifyRejectionShare = settings.modifyRejectionShare
        faults.rateLimitRejectionShare = settings.addressLimitShare
        if settings.marketStall {
            // One stall of the market data itself (the connection stays up).
            faults.stallFeedAfterMilliseconds = 120_000 + self.random.next(in: 0...Swift.max(1, options.duration * 1_000 / 2))
            faults.stallFeedForMilliseconds = 10_000 + self.random.next(in: 0...35_000)
        }
        configuration.faults = faults
        self.venue = SimVenue(configuration: configuration, feed: SyntheticFeed(seed: options.seed, coins: ["BTC"]))
        self.start = SyntheticMarket.startTime
        self.now = self.start
        self.end = self.start + options.duration * 1_000_000_000
        self.hardStop = self.end + 180_000_000_000
        self.faultsActive = options.faults.any
        let meta = self.venue.info(body: Array(#"{"type":"meta"}"#.utf8), now: self.start)
        self.assets = try AssetDirectory(meta: try OrderedJSON(parsing: meta.body))
        var config = EngineConfig()
        config.coins = [config.coin(named: "BTC")!]
        self.baseConfig = config
        self.checker = InvariantChecker(seed: options.seed, start: self.start, window: options.reconciliationWindow * 1_000_000_000,
                                        killWindow: options.killFlatWindow * 1_000_000_000)
    }

    var checkpointPath: String { self.directory + "/killswitch.json" }

    // MARK: The run

    func run() -> SimulationReport {
        self.scheduleFaults()
        self.queue.push(.check, at: self.start + 1_000_000_000)
        self.queue.push(.end, at: self.end)
        self.restart()
        while true {
            let wake = self.incarnation?.driver.nextWake
            guard let next = [self.queue.nextTime, wake].compactMap({ $0 }).min() else { break }
            if next > self.hardStop { break }
            self.now = max(self.now, next)
            self.advanceMarket()
            if let queued = self.queue.nextTime, queued <= self.now, wake.map({ queued <= $0 }) ?? true {
                let (_, action) = self.queue.pop()!
                self.process(action)
            } else if let incarnation = self.incarnation {
                self.perform(self.handleMeasured(.timer, by: incarnation), of: incarnation)
            }
            if self.ending, let finished = self.finalIncarnation, finished.driver.isFinished { break }
        }
        self.finishChecks()
        if let path = self.options.capturePath { try? self.capture.joined().write(toFile: path, atomically: true, encoding: .utf8) }
        return self.report
    }

    /// Hands a market frame or a timer to the driver; with `measureTickToOrder`, times
    /// the call when it leads to a request (input received → request handed over).
    func handleMeasured(_ input: LiveInput, by incarnation: Incarnation) -> [LiveEffect] {
        guard self.options.measureTickToOrder else { return incarnation.driver.handle(input, at: self.now) }
        let clock = ContinuousClock()
        let started = clock.now
        let effects = incarnation.driver.handle(input, at: self.now)
        let elapsed = clock.now - started
        if effects.contains(where: { if case .postExchange = $0 { return true } else { return false } }) {
            let (seconds, attoseconds) = elapsed.components
            self.report.tickToOrder.append(Double(seconds) * 1e6 + Double(attoseconds) / 1e12)
        }
        return effects
    }

    /// Plays the market up to now; pushes go to the connections that follow them.
    func advanceMarket() {
        guard let pushes = try? self.venue.advance(to: self.now) else { return }
        self.deliver(pushes)
    }

    func deliver(_ pushes: [Push]) {
        for push in pushes {
            for id in self.connections.keys.sorted() where self.connections[id]!.session.follows(push.topic) {
                self.sendFrame(push.text, on: id)
            }
        }
    }

    /// A frame to the client, in order on its connection, a little later.
    func sendFrame(_ text: String, on id: Int) {
        guard var connection = self.connections[id], !connection.blackHole else { return }
        let at = max(connection.lastDelivery + 1, self.now + self.latency(1...4))
        connection.lastDelivery = at
        self.connections[id] = connection
        self.queue.push(.frame(connection: id, text), at: at)
    }

    /// A latency in milliseconds drawn from the range, as nanoseconds.
    func latency(_ milliseconds: ClosedRange<Int64>) -> Int64 { self.random.next(in: milliseconds) * 1_000_000 }

    func chance(_ probability: Double) -> Bool { self.random.nextUnit() < probability }

    // MARK: Actions

    func process(_ action: Action) {
        switch action {
        case .input(let number, let input):
            guard let incarnation = self.incarnation, incarnation.number == number else { return }
            self.perform(incarnation.driver.handle(input, at: self.now), of: incarnation)
        case .frame(let id, let text):
            guard let connection = self.connections[id], !connection.blackHole, let incarnation = self.incarnation,
                  incarnation.number == connection.owner else { return }
            if self.options.capturePath != nil { self.capture.append("\(self.now) \(text)\n") }
            self.perform(self.handleMeasured(.frame(text), by: incarnation), of: incarnation)
        case .connect(let number):
            guard let incarnation = self.incarnation, incarnation.number == number else { return }
            if self.now < self.refuseConnectsUntil {
                self.queue.push(.input(incarnation: number, .feedClosed(reason: "connection refused")), at: self.now + self.latency(1...20))
                return
            }
            let id = self.nextConnection
            self.nextConnection += 1
            self.connections[id] = Connection(owner: number, session: WebSocketSession(openedAt: self.now))
            incarnation.connection = id
            self.perform(incarnation.driver.handle(.feedConnected, at: self.now), of: incarnation)
        case .feedMessage(let id, let text):
            guard var connection = self.connections[id], !connection.blackHole else { return }
            let outputs = self.venue.handle(message: text, session: &connection.session, now: self.now)
            self.connections[id] = connection
            for output in outputs {
                switch output {
                case .reply(let reply): self.sendFrame(reply, on: id)
                case .push(let push): self.deliver([push])
                case .action: break
                }
            }
        case .exchangeArrives(let number, let request, let body, let fate):
            self.arrive(number, request, body, fate)
        case .exchangeExecute(let number, let request, let prepared, let fate, let sentAt):
            self.execute(number, request, prepared, fate, sentAt: sentAt)
        case .infoArrives(let number, let request):
            let answer = self.venue.info(body: Array(request.body.utf8), now: self.now)
            self.queue.push(.input(incarnation: number, .infoAnswered(id: request.id, status: answer.status, body: answer.body)),
                            at: self.now + self.latency(2...25))
        case .crash:
            self.crash()
            self.checker.reset()
        case .restart:
            self.restart()
        case .dropFeed:
            guard self.faultsActive, let incarnation = self.incarnation, let id = incarnation.connection, self.connections[id] != nil else { return }
            self.report.feedFaults += 1
            self.closeConnection(id)
            self.queue.push(.input(incarnation: incarnation.number, .feedClosed(reason: "connection reset by peer")), at: self.now + self.latency(1...5))
        case .stallFeed:
            guard self.faultsActive, let incarnation = self.incarnation, let id = incarnation.connection, self.connections[id] != nil else { return }
            self.report.feedFaults += 1
            self.connections[id]!.blackHole = true
        case .refuseConnects(let until):
            if self.faultsActive { self.refuseConnectsUntil = until }
        case .operatorKill:
            guard self.faultsActive, let incarnation = self.incarnation else { return }
            self.perform(incarnation.driver.handle(.operatorAction(.kill(reason: "simulated drill")), at: self.now), of: incarnation)
        case .check:
            self.check()
            if self.now < self.hardStop { self.queue.push(.check, at: self.now + 1_000_000_000) }
        case .end:
            self.endTrading()
        }
    }

    func closeConnection(_ id: Int) {
        guard let connection = self.connections.removeValue(forKey: id) else { return }
        self.venue.close(connection.session)
        if let incarnation = self.incarnation, incarnation.connection == id { incarnation.connection = nil }
    }

    // MARK: Faults

    /// Draws the run's fault schedule from the seed.
    func scheduleFaults() {
        let duration = self.options.duration * 1_000_000_000
        func poisson(meanSeconds: Int64, _ make: (Int64) -> Action) {
            guard meanSeconds > 0 else { return }
            var t = self.start
            while true {
                let gap = Int64(-Double(meanSeconds) * DeterministicMath.log(max(1e-12, 1 - self.random.nextUnit())) * 1e9)
                t += max(1_000_000_000, gap)
                if t >= self.start + duration { break }
                self.queue.push(make(t), at: t)
            }
        }
        let settings = self.options.faults
        if let mean = settings.feedDropMeanSeconds { poisson(meanSeconds: mean) { _ in .dropFeed } }
        if let mean = settings.feedStallMeanSeconds { poisson(meanSeconds: mean) { _ in .stallFeed } }
        if let mean = settings.connectRefusalMeanSeconds { poisson(meanSeconds: mean) { at in .refuseConnects(until: at + self.latency(5_000...40_000)) } }
        if let mean = settings.operatorKillMeanSeconds { poisson(meanSeconds: mean) { _ in .operatorKill } }
        if let mean = settings.crashMeanSeconds { poisson(meanSeconds: mean) { _ in .crash } }
    }

    /// The duration is over: faults stop, links heal, the session shuts down.
    func endTrading() {
        self.faultsActive = false
        self.ending = true
        self.refuseConnectsUntil = .min
        for id in self.connections.keys.sorted() where self.connections[id]!.blackHole {
            let owner = self.connections[id]!.owner
            self.closeConnection(id)
            self.queue.push(.input(incarnation: owner, .feedClosed(reason: "connection reset by peer")), at: self.now + 1_000_000)
        }
        if let incarnation = self.incarnation {
            self.finalIncarnation = incarnation
            self.queue.push(.input(incarnation: incarnation.number, .shutdown(reason: "simulation ended")), at: self.now + 2_000_000)
        }
    }
}

/// One life of the process: a driver with its journal, until it crashes or finishes.
final class Incarnation {
    let number: Int
    let driver: LiveDriver
    let journal: String
    var connection: Int?
    /// The previous life was killed: this one must be killed from its first input.
    let mustStartKilled: Bool
    var killCheckDone = false
    var killedSince: Int64?
    var flatViolationReported = false
    var exitCode: Int32?
    var logs: [String] = []

    init(number: Int, driver: LiveDriver, journal: String, mustStartKilled: Bool) {
        self.number = number
        self.driver = driver
        self.journal = journal
        self.mustStartKilled = mustStartKilled
    }
}
