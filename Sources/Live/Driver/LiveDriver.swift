import Engine
import Hyperliquid
import Journal
import SimulatedExchange

/// The live loop as a state machine: inputs (feed frames and status, request outcomes
/// with their ids, timers, operator commands, signals) in, effects (open the feed,
/// send this request, write the checkpoint, log, exit) out. Time comes only with the
/// inputs; nothing here reads a clock, opens a socket or signs. `mm-live` performs the
/// effects over the network, `mm-live simulate` against hl-sim's venue on virtual time,
/// and the tests by hand: all drive this same code.
///
/// Every engine input is journaled before the engine sees it, and every engine command
/// after it; everything that reaches the venue (orders, cancels, the cancel-all of a
/// kill or a shutdown, the dead man's switch, reconciliation queries) is such a command,
/// so `mm-replay verify` reproduces the whole session. The journal writer is the one
/// output it performs itself (append-only; a failure stops quoting and cancels
/// everything).
public final class LiveDriver {
    public let settings: LiveDriverSettings
    /// The journaled engine.
    public let session: LiveSession
    var gateway: OrderGateway
    var normalizer = MarketInputNormalizer()
    var sim: SimExchange?
    var effects: [LiveEffect] = []
    var now: Int64 = .min

    // Phases.
    var started = false
    var running = false
    var shutdownRequested = false
    var shutdownDeadline: Int64?
    var shutdownAt: Int64?
    public internal(set) var isFinished = false
    var exitCode: Int32 = 0

    // Clocks.
    var nextTick: Int64?
    var nextRateLimitPoll: Int64?
    let tickInterval: Int64

    // Feed.
    var feed = FeedState()
    /// The reference feed (Binance), when configured.
    var reference = ReferenceFeedState()

    // Venue reads in flight.
    var nextInfoID: UInt64 = 1
    var infoPurposes: [UInt64: InfoPurpose] = [:]
    var accountReads: [UInt64: AccountRead] = [:]
    var startupFailures = 0
    var startupRetryAt: Int64?

    // Checkpoint.
    var savedCheckpoint: KillSwitchCheckpoint?
    var checkpointDirty = false
    /// Why the last checkpoint write failed, until one succeeds.
    public private(set) var checkpointProblem: String?

    /// Counters for metrics and the simulator.
    public internal(set) var counters = LiveCounters()
    /// The latest quote-cycle decision record per coin (for metrics).
    public private(set) var latestDecisions: [String: QuoteCycleDecision] = [:]
    /// Each coin's latest fill markouts (for metrics).
    public private(set) var markouts: [String: MarkoutWindow] = [:]
    /// When each coin's last book or trades arrived.
    public private(set) var lastMarketData: [String: Int64] = [:]
    /// When each coin's last reference quote or trades arrived.
    public private(set) var lastReferenceData: [String: Int64] = [:]
    /// The latest API headroom the venue reported.
    public private(set) var headroom: Double?

    /// `/exchange` requests sent and not answered yet.
    public var requestsInFlight: Int { self.gateway.inFlight.count }

    /// A driver for a session whose engine runs `config` (restoring `checkpoint`),
    /// journaling to `journal` (nil: nothing is journaled, as in some tests), trading the
    /// assets of `assets`.
    public init(settings: LiveDriverSettings, config: EngineConfig, checkpoint: KillSwitchCheckpoint?, assets: AssetDirectory,
                journal: JournalWriter?) throws {
        self.settings = settings
        self.session = try LiveSession(config: config, checkpoint: checkpoint, writer: journal)
        self.gateway = OrderGateway(assets: assets, expiresAfterMilliseconds: Engine.milliseconds(config.safety.expiresAfterSeconds))
        self.tickInterval = max(10_000_000, Engine.milliseconds(config.general.quoteIntervalSeconds) * 1_000_000)
        if settings.mode == .paper { self.sim = SimExchange(config: settings.paperExchange, coins: config.coins) }
        self.savedCheckpoint = checkpoint
        self.loadedCheckpoint = checkpoint != nil
    }

    /// Whether the session started from a kill-switch checkpoint (false: none was
    /// configured, or the file did not exist yet).
    public let loadedCheckpoint: Bool

    /// The kill switch's state in a few words: "clear" or "TRIPPED (reasons)".
    public var killSwitchSummary: String {
        let checkpoint = self.engine.killSwitchCheckpoint
        return checkpoint.triggered ? "TRIPPED (\(checkpoint.reasons.map(\.name).joined(separator: ",")))" : "clear"
    }

    /// The kill switch at start, and whether a checkpoint was loaded. Before the engine's
    /// first input a tripped checkpoint is not applied yet: it is named as loaded, to be
    /// re-applied unless it is older than `risk.checkpoint_max_age_s`.
    var startingKillSwitchSummary: String {
        guard let loaded = self.savedCheckpoint, self.loadedCheckpoint else { return "kill switch \(self.killSwitchSummary) (no checkpoint loaded)" }
        if self.session.inputs > 0 || !loaded.triggered { return "kill switch \(self.killSwitchSummary) (checkpoint loaded)" }
        let maxAge = self.engine.config.risk.checkpointMaxAgeSeconds
        let age = (maxAge / 3600).rounded() == maxAge / 3600 ? "\(Int(maxAge / 3600)) h" : "\(Int(maxAge)) s"
        return "kill switch TRIPPED in the loaded checkpoint (\(loaded.reasons.map(\.name).joined(separator: ","))): re-applied at the first input unless older than \(age)"
    }

    /// Orders the engine tracks (resting, in flight or in doubt) over every coin.
    public var trackedOrderCount: Int {
        self.engine.config.coins.indices.reduce(0) { $0 + self.engine.trackedOrders(coinIndex: $1).count }
    }

    /// The engine.
    public var engine: Engine { self.session.engine }

    /// When the driver wants a `timer` input next (nil: only when something happens).
    public var nextWake: Int64? {
        guard !self.isFinished else { return nil }
        var wake: Int64?
        func consider(_ time: Int64?) { if let time { wake = min(wake ?? time, time) } }
        if self.running || self.engine.isShuttingDown { consider(self.nextTick) }
        consider(self.feed.nextPing)
        consider(self.feed.pongDeadline)
        consider(self.feed.reconnectAt)
        consider(self.reference.reconnectAt)
        consider(self.reference.silentDeadline)
        consider(self.startupRetryAt)
        consider(self.shutdownAt)
        consider(self.shutdownDeadline)
        consider(self.nextRateLimitPoll)
        consider(self.sim?.nextActionTime)
        if self.started { consider(self.now &+ 100_000_000) }
        return wake
    }

    /// Handles one input at `time` and returns what to do, in order. A kill-switch
    /// checkpoint that changed comes first, before any request.
    public func handle(_ input: LiveInput, at time: Int64) -> [LiveEffect] {
        self.effects.removeAll(keepingCapacity: true)
        guard !self.isFinished else { return [] }
        // The commands of the last step were handed over with its effects: journal them
        // now (the journal still reads input, its commands, next input).
        do { try self.session.journalCommands() } catch { self.journalFailed(error) }
        self.now = max(self.now, time)
        switch input {
        case .start: self.start()
        case .frame(let text): self.receive(frame: text)
        case .feedConnected: self.feedConnected()
        case .feedClosed(let reason): self.feedClosed(reason: reason)
        case .referenceFrame(let text): self.receive(referenceFrame: text)
        case .referenceConnected: self.referenceConnected()
        case .referenceClosed(let reason): self.referenceClosed(reason: reason)
        case .exchangeAnswered(let id, let status, let body): self.exchangeOutcome(id: id, status: status, body: body, failure: nil)
        case .exchangeFailed(let id, let reason): self.exchangeOutcome(id: id, status: nil, body: nil, failure: reason)
        case .infoAnswered(let id, let status, let body): self.infoOutcome(id: id, status: status, body: body, failure: nil)
        case .infoFailed(let id, let reason): self.infoOutcome(id: id, status: nil, body: nil, failure: reason)
        case .timer: self.timer()
        case .operatorAction(let action):
            self.log(.info, "operator: \(action.summary)")
            self.ingest(.operator(action))
        case .shutdown(let reason): self.beginShutdown(reason: reason)
        case .checkpointFailed(let reason):
            self.checkpointProblem = reason
            self.checkpointDirty = true  // written again at the next step
            self.log(.error, "kill-switch checkpoint not written: \(reason)")
        }
        self.checkFinished()
        self.saveCheckpointIfChanged()
        return self.effects
    }

    // MARK: Start

    func start() {
        guard !self.started else { return }
        self.started = true
        if let duration = self.settings.duration { self.shutdownAt = self.now &+ duration }
        if self.settings.mode == .run || (self.settings.mode == .record && self.settings.address != nil) {
            self.readAccount(startup: true)
        } else {
            self.log(.info, "start: " + (self.settings.mode == .paper ? "paper trading on the simulated exchange (starts flat)" : "recording market data (no account)")
                     + "; \(self.startingKillSwitchSummary)")
            self.beginRunning()
        }
    }

    /// Quoting may begin: the feed connects, the clocks start.
    func beginRunning() {
        self.running = true
        self.nextTick = self.now - self.now % self.tickInterval + self.tickInterval
        if self.settings.mode == .run { self.nextRateLimitPoll = self.now }
        self.connectFeed()
        self.announceReference()
        self.connectReference()
    }

    // MARK: Engine

    /// Journals `event`, runs the engine on it and carries out its commands. The commands
    /// are journaled once handed over: at the start of the next step (or at close), so
    /// journaling them adds nothing to the tick-to-order path; the input itself is always
    /// journaled before the engine sees it.
    func ingest(_ event: Event) {
        self.gateway.observe(event)
        switch event {
        case .book(let book): self.lastMarketData[book.coin] = self.now
        case .trades(let batch): self.lastMarketData[batch.coin] = self.now
        case .referenceQuote(let quote): self.lastReferenceData[quote.coin] = self.now
        case .referenceTrades(let trades): self.lastReferenceData[trades.coin] = self.now
        case .rateLimit(let status): self.headroom = status.cap > 0 ? max(0, 1 - Double(status.used) / Double(status.cap)) : nil
        default: break
        }
        if self.sim != nil {
            switch event {
            case .book, .trades: self.sim!.marketData(event, at: self.now)
            default: break
            }
        }
        let commands: [Command]
        do {
            commands = try self.session.ingest(event, at: self.now)
        } catch {
            self.journalFailed(error)
            return
        }
        self.counters.inputs += 1
        if !commands.isEmpty { self.carryOut(commands) }
    }

    /// Sends the engine's commands where the mode says: nowhere (record), the simulated
    /// exchange (paper), the venue (run).
    func carryOut(_ commands: [Command]) {
        for command in commands {
            self.counters.count(command)
            guard case .decision(let record) = command else { continue }
            switch record.decision {
            case .quoteCycle(let cycle): self.latestDecisions[record.coin] = cycle
            case .fillMarkout(let markout): self.markouts[record.coin, default: MarkoutWindow()].append(markout)
            case .killSwitch(let trip) where record.coin == self.engine.config.coins.first?.name:
                self.log(.error, "KILL SWITCH: \(trip.trigger); cancelling every order")
            default: break
            }
        }
        // A stale feed is reconnected in every mode (a recorder wants its data too); the
        // reference feed's own (`reference:` feeds) apart from the Hyperliquid one.
        for command in commands {
            guard case .reconnect(let feed) = command else { continue }
            if feed.hasPrefix(ConnectionEvent.referenceFeedPrefix) { self.reconnectReference(because: "reference data stale") } else { self.reconnectFeed(because: "market data stale") }
        }
        switch self.settings.mode {
        case .record:
            return
        case .paper:
            self.sim?.submit(commands, at: self.now)
        case .run:
            for command in commands {
                if case .query(let query) = command { self.ask(query) }
            }
            let (requests, refused) = self.gateway.submit(commands, at: self.now)
            for request in requests { self.send(request) }
            for response in refused { self.ingest(.orderResponse(response)) }
        }
    }

    /// Hands a request out, unless it would add exposure (a place or modify) after a
    /// kill or during a shutdown: such a request (one that waited behind an earlier
    /// request of its order, or was built in the same step as the kill) is dropped, and
    /// what waited behind it (the cancel) goes out. The engine already holds the order as
    /// being cancelled, so no answer is owed to it.
    func send(_ request: ExchangeRequest) {
        if request.addsExposure && (self.engine.isKilled || self.engine.isShuttingDown) {
            self.log(.info, "\(request.label): not sent (\(self.engine.isKilled ? "the kill switch is tripped" : "shutting down"))")
            for released in self.gateway.complete(request.id, at: self.now) { self.send(released) }
            return
        }
        self.counters.requests += 1
        self.effects.append(.postExchange(request))
    }

    /// A journal write failed: nothing more can be recorded. The engine is killed
    /// (unrecorded), cancels everything, and the session ends once the venue is flat.
    func journalFailed(_ error: Error) {
        guard self.session.journalFailure == nil else { return }
        let reason = "journal write failed: \(error)"
        self.session.stopJournaling(because: reason)
        self.exitCode = 1
        self.log(.error, "\(reason); stopping: the kill switch trips and every order is cancelled")
        self.ingest(.operator(.kill(reason: "journal write failed")))
        self.beginShutdown(reason: "journal write failed")
    }

    // MARK: Clock

    func timer() {
        if let sim = self.sim, let next = sim.nextActionTime, next <= self.now {
            var simulated = sim
            let delivered = simulated.run(until: self.now)
            self.sim = simulated
            for (_, event) in delivered { self.ingest(event) }
        }
        // Ticks run the engine's clocks (quote cycles, retries, the venue checks of a
        // shutdown, even one that began during start-up).
        if self.running || self.engine.isShuttingDown, let tick = self.nextTick, self.now >= tick {
            self.nextTick = self.now - self.now % self.tickInterval + self.tickInterval
            self.ingest(.tick)
        }
        self.feedTimers()
        self.referenceTimers()
        if let at = self.startupRetryAt, self.now >= at {
            self.startupRetryAt = nil
            self.readAccount(startup: true)
        }
        if let poll = self.nextRateLimitPoll, self.now >= poll, let address = self.settings.address {
            self.nextRateLimitPoll = self.now &+ self.settings.rateLimitPollInterval
            self.postInfo(RequestBody.info(["type": "userRateLimit", "user": address]), purpose: .rateLimit)
        }
        if let at = self.shutdownAt, self.now >= at {
            self.shutdownAt = nil
            self.beginShutdown(reason: "--duration elapsed")
        }
        do { try self.session.flushIfDue() } catch { self.journalFailed(error) }
    }

    // MARK: Checkpoint

    /// Asks for the checkpoint to be written when the kill switch's state changed (a
    /// trip, a new reason, a reset) since the last write, or the last write failed.
    /// Moved to the front: it is durable before any request of this step goes out. Not
    /// before the engine's first input (which is when it restores the checkpoint it
    /// started from).
    func saveCheckpointIfChanged() {
        guard self.settings.mode != .record, self.session.inputs > 0 else { return }
        let current = self.engine.killSwitchCheckpoint
        if !self.checkpointDirty {
            if let saved = self.savedCheckpoint {
                if saved.triggered == current.triggered && (!current.triggered || (saved.reasons == current.reasons && saved.tripTime == current.tripTime)) { return }
            } else if !current.triggered {
                return  // nothing on disk, nothing tripped
            }
        }
        self.checkpointDirty = false
        self.savedCheckpoint = current
        self.effects.insert(.writeCheckpoint(current), at: 0)
    }

    func log(_ level: LiveLogLevel, _ message: String) {
        self.effects.append(.log(level, message))
    }
}

/// What the driver has done, for metrics, `/health` and the simulator's report.
public struct LiveCounters: Sendable, Equatable {
    /// Engine inputs handled.
    public var inputs: UInt64 = 0
    /// `/exchange` requests handed out.
    public var requests: UInt64 = 0
    /// Requests whose outcome was lost (no answer, an HTTP status other than 200 and
    /// 429, an undecodable body).
    public var unknownOutcomes: UInt64 = 0
    /// Feed frames received, and those that could not be decoded.
    public var frames: UInt64 = 0
    public var wireErrors: UInt64 = 0
    /// Feed reconnects scheduled.
    public var reconnects: UInt64 = 0
    /// Reference feed frames received, those that could not be decoded, those ignored
    /// (other streams, replies, unmapped symbols), and its reconnects scheduled.
    public var referenceFrames: UInt64 = 0
    public var referenceDecodeErrors: UInt64 = 0
    public var referenceIgnored: UInt64 = 0
    public var referenceReconnects: UInt64 = 0
    /// Engine commands by kind name.
    public var commands: [String: UInt64] = [:]

    mutating func count(_ command: Command) { self.commands[command.kind.name, default: 0] += 1 }
}

extension Engine {
    /// Seconds (validated) as whole milliseconds.
    static func milliseconds(_ seconds: Double) -> Int64 {
        let ms = seconds * 1_000
        guard ms.isFinite, ms > 0 else { return 0 }
        return ms >= 9.2e15 ? 9_200_000_000_000_000 / 1_000 : Int64(ms)
    }
}

extension OperatorAction {
    /// A few words for the log.
    public var summary: String {
        switch self {
        case .kill(let reason): return "kill (\(reason))"
        case .resetKillSwitch: return "reset the kill switch"
        case .forceResetKillSwitch: return "force-reset the kill switch"
        case .pause: return "pause"
        case .resume: return "resume"
        case .configChange(let path, let value): return "set \(path) = \(value)"
        case .shutdown(let reason): return "shutdown (\(reason))"
        }
    }
}
