import Engine
import Foundation
import Hyperliquid
import Journal
import Live
import Replay

/// A live session from start to exit: start-up queries, journal, feed, the loop that
/// journals every input before the engine sees it and sends the commands, and the
/// orderly shutdown (pause, cancels, last answers, checkpoint, journal closed).
final class LiveRunner {
    let settings: LiveSettings
    let key: PrivateKey?
    let rest: RESTClient
    let inputs: AsyncStream<LiveInput>
    let continuation: AsyncStream<LiveInput>.Continuation
    var session: LiveSession!
    var gateway: OrderGateway!
    var sim: SimExchange?
    let nonces = NonceSource()
    var inFlight = 0
    var shuttingDown = false
    var shutdownStarted: Int64 = 0
    var feedConnected = false
    var metrics: LiveMetrics
    /// What `/metrics` and `/health` serve, refreshed every tick.
    let metricsText = Shared("")
    let healthText = Shared(#"{"status":"starting"}"#)
    /// Frame receipt → request handed to the exchange client, nanoseconds.
    var tickToOrder: [Int64] = []

    init(settings: LiveSettings, key: PrivateKey?) {
        self.settings = settings
        self.key = key
        self.rest = RESTClient(baseURL: settings.network.restURL)
        (self.inputs, self.continuation) = AsyncStream<LiveInput>.makeStream()
        self.metrics = LiveMetrics()
    }

    var address: String? { self.key?.address.lowercased() ?? self.settings.address?.lowercased() }

    // MARK: Start-up

    /// The session; the HTTP client is shut down whatever happens.
    func run() async throws {
        do {
            try await self.runSession()
        } catch {
            await self.rest.shutdown()
            throw error
        }
        await self.rest.shutdown()
    }

    func runSession() async throws {
        LiveLog.line("mm-live \(self.settings.mode.rawValue) on \(self.settings.network.name), coins \(self.settings.coins.joined(separator: ","))"
                     + (self.address.map { ", account \($0)" } ?? ""))
        let metaText = try await self.rest.info(#"{"type":"meta"}"#)
        let assets = try AssetDirectory(meta: try OrderedJSON(parsing: metaText))
        let config = try self.engineConfig(assets: assets)
        let checkpoint = self.loadCheckpoint()
        let metadata = try LiveJournal.metadata(mode: self.settings.mode.rawValue, config: config, engineVersion: MMLive.version,
                                                checkpoint: checkpoint, network: self.settings.network.name)
        let writer = try JournalWriter(creating: self.settings.journalPath, metadata: metadata, options: LiveJournal.writerOptions(rotating: self.settings.rotateJournal))
        self.session = try LiveSession(config: config, checkpoint: checkpoint, writer: writer)
        self.gateway = OrderGateway(assets: assets)
        if self.settings.mode == .paper { self.sim = SimExchange(config: SimExchangeConfig(), coins: config.coins) }
        LiveLog.line("journal \(self.settings.journalPath) (config hash \(metadata.configHash ?? "-"))")

        if self.settings.mode == .run, let address = self.address {
            try await self.reconcileAtStart(address: address)
        }
        var subscriptions: [String] = []
        for coin in config.coins.map(\.name) {
            subscriptions.append(#"{"method":"subscribe","subscription":{"type":"l2Book","coin":"\#(coin)"}}"#)
            subscriptions.append(#"{"method":"subscribe","subscription":{"type":"trades","coin":"\#(coin)"}}"#)
        }
        if self.settings.mode != .paper, let address = self.address {
            for type in ["orderUpdates", "userFills", "userEvents"] {
                subscriptions.append(#"{"method":"subscribe","subscription":{"type":"\#(type)","user":"\#(address)"}}"#)
            }
        }
        var tasks: [Task<Void, Never>] = []
        let continuation = self.continuation
        let feed = FeedClient(url: self.settings.network.webSocketURL, subscriptions: subscriptions, inputs: continuation)
        tasks.append(Task { await feed.run() })
        let tickInterval = Int64(config.general.quoteIntervalSeconds * 1_000)
        tasks.append(Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(max(10, tickInterval)))
                continuation.yield(.tick(at: Clock.now()))
            }
        })
        if self.settings.mode == .paper {
            tasks.append(Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(10))
                    continuation.yield(.poll(at: Clock.now()))
                }
            })
        }
        if let duration = self.settings.duration {
            tasks.append(Task {
                try? await Task.sleep(for: .milliseconds(Int64(duration * 1_000)))
                continuation.yield(.shutdown(reason: "--duration \(duration) s elapsed"))
            })
        }
        if self.settings.mode == .run, let address = self.address, let key = self.key {
            tasks.append(self.rateLimitPoller(address: address))
            tasks.append(self.deadMansSwitch(key: key))
        }
        self.publishMetrics()
        let signals = SignalWatcher { reason in continuation.yield(.shutdown(reason: reason)) }
        var operatorServer: OperatorServer?
        if let port = self.settings.metricsPort {
            operatorServer = try await OperatorServer.start(port: port, metrics: self.metricsText, health: self.healthText,
                                                            operatorAction: { continuation.yield(.operatorAction($0, at: Clock.now())) })
        }
        try await self.loop()
        tasks.forEach { $0.cancel() }
        signals.stop()
        await operatorServer?.stop()
        try await self.finish()
    }

    /// The engine config: `--config` or the defaults, the `--coins` chosen, size
    /// decimals checked against the exchange's `meta`.
    func engineConfig(assets: AssetDirectory) throws -> EngineConfig {
        var config = try self.settings.configPath.map { try ConfigFile.load(path: $0) } ?? EngineConfig()
        var coins: [EngineConfig.Coin] = []
        for name in self.settings.coins {
            guard var coin = config.coin(named: name) else {
                throw LiveError("coin \(name) has no [[coins]] entry in the config (order_size, max_inventory); configured: \(config.coins.map(\.name).joined(separator: ", "))")
            }
            guard let asset = assets.asset(named: name) else { throw LiveError("coin \(name) is not listed in the exchange's meta") }
            if Int(coin.sizeDecimals) != asset.rules.sizeDecimals {
                LiveLog.line("config: \(name) sz_decimals \(coin.sizeDecimals) differs from the exchange's \(asset.rules.sizeDecimals); using the exchange's")
                coin.sizeDecimals = Int64(asset.rules.sizeDecimals)
            }
            coins.append(coin)
        }
        config.coins = coins
        let issues = config.validate()
        guard issues.isEmpty else { throw LiveError("config: \(issues.map { "\($0)" }.joined(separator: "; "))") }
        return config
    }

    func loadCheckpoint() -> KillSwitchCheckpoint? {
        guard let data = FileManager.default.contents(atPath: self.settings.checkpointPath) else { return nil }
        do {
            let checkpoint = try JSONDecoder().decode(KillSwitchCheckpoint.self, from: data)
            LiveLog.line("kill-switch checkpoint \(self.settings.checkpointPath): triggered \(checkpoint.triggered) (\(checkpoint.reasons.map(\.name).joined(separator: ",")))")
            return checkpoint
        } catch {
            LiveLog.line("kill-switch checkpoint \(self.settings.checkpointPath) unreadable (\(error)); starting without it")
            return nil
        }
    }

    /// Account state and open orders at start; orders left by an earlier run are
    /// cancelled (or adopted) before quoting starts.
    func reconcileAtStart(address: String) async throws {
        var openText = try await self.rest.info(#"{"type":"openOrders","user":"\#(address)"}"#)
        let leftovers = try InfoResponse.openOrders(openText)
        if !leftovers.isEmpty {
            switch self.settings.orphans {
            case .adopt:
                LiveLog.line("start: adopting \(leftovers.count) open orders from an earlier run")
            case .cancel:
                let cancelled = await self.cancelDirectly(leftovers.map { ($0.coin, $0.orderID) })
                LiveLog.line("start: cancelled \(cancelled) of \(leftovers.count) open orders left by an earlier run")
                openText = try await self.rest.info(#"{"type":"openOrders","user":"\#(address)"}"#)
            }
        }
        let stateText = try await self.rest.info(#"{"type":"clearinghouseState","user":"\#(address)"}"#)
        let snapshot = try InfoResponse.accountSnapshot(clearinghouseState: stateText, openOrders: openText)
        try self.handle([.account(snapshot)], at: Clock.now(), receivedAt: nil)
    }

    /// Cancels orders by oid outside the engine (start-up and the shutdown safety net).
    func cancelDirectly(_ orders: [(coin: String, orderID: UInt64)]) async -> Int {
        guard let key = self.key, !orders.isEmpty, let action = try? ExchangeAction.cancel(orders, assets: self.gateway.assets) else { return 0 }
        do {
            let request = try SignedRequest(action: action, nonce: self.nonces.next(),
                                            isMainnet: self.settings.network.isMainnet, key: key)
            let (_, body) = try await self.rest.post("/exchange", body: request.body.text)
            let items = orders.map { ExchangeResponse.RequestItem(coin: $0.coin, clientOrderID: nil, orderID: $0.orderID) }
            return (try? ExchangeResponse.decode(body, kind: .cancel, items: items))?.filter { $0.outcome == .cancelled }.count ?? 0
        } catch {
            LiveLog.line("cancel failed: \(error)")
            return 0
        }
    }

    // MARK: The loop

    func loop() async throws {
        for await input in self.inputs {
            switch input {
            case .frame(let text, let receivedAt):
                self.metrics.frames += 1
                do {
                    let frame = try InboundFrame(decoding: text)
                    if case .serverError(let message) = frame { LiveLog.line("feed error frame: \(message)") }
                    try self.handle(frame.events, at: receivedAt, receivedAt: receivedAt)
                } catch let error as WireError {
                    LiveLog.line("undecodable frame kept in the journal: \(error) (\(text.prefix(120)))")
                    try self.session.recordWireError(frame: text, reason: "\(error)", at: receivedAt)
                }
            case .connection(let state, let time):
                self.feedConnected = state == .connected
                try self.handle([.connection(ConnectionEvent(feed: "ws", state: state))], at: time, receivedAt: nil)
                if case .failed = state, !self.shuttingDown { self.beginShutdown(reason: "the feed gave up reconnecting") }
            case .events(let events, let time):
                try self.handle(events, at: time, receivedAt: nil)
            case .tick(let time):
                try self.handle([.tick], at: time, receivedAt: nil)
                try self.session.flushIfDue()
                self.publishMetrics()
            case .poll(let time):
                guard var sim = self.sim else { break }
                let delivered = sim.run(until: time)
                self.sim = sim
                for (at, event) in delivered { try self.handle([event], at: at, receivedAt: nil) }
            case .operatorAction(let action, let time):
                LiveLog.line("operator: \(action)")
                try self.handle([.operator(action)], at: time, receivedAt: nil)
            case .requestFinished:
                self.inFlight -= 1
            case .shutdown(let reason):
                if !self.shuttingDown { self.beginShutdown(reason: reason) }
            case .finish:
                let waited = Clock.now() - self.shutdownStarted
                if self.inFlight > 0 && waited < 10_000_000_000 {
                    self.scheduleFinishCheck()
                } else {
                    return
                }
            }
        }
    }

    /// Journals and runs `events` through the engine, then sends what it commands.
    func handle(_ events: [Event], at time: Int64, receivedAt: Int64?) throws {
        for event in events {
            self.gateway?.observe(event)
            self.metrics.observe(event)
            if self.sim != nil {
                switch event {
                case .book, .trades: self.sim!.marketData(event, at: time)
                default: break
                }
            }
            let commands = try self.session.ingest(event, at: time)
            if !commands.isEmpty { try self.dispatch(commands, at: self.session.lastTime, receivedAt: receivedAt) }
            for command in commands { self.metrics.observe(command) }
            try self.session.journalCommands()
            self.metrics.update(from: self.session)
        }
    }

    func dispatch(_ commands: [Command], at time: Int64, receivedAt: Int64?) throws {
        switch self.settings.mode {
        case .record:
            return
        case .paper:
            self.sim?.submit(commands, at: time)
        case .run:
            guard let key = self.key else { return }
            let (requests, refused) = self.gateway.requests(for: commands)
            if !refused.isEmpty { try self.handle(refused.map { .orderResponse($0) }, at: time, receivedAt: nil) }
            for request in requests {
                // Handed to the client: the nonce is taken here, in order; signing and
                // posting happen on the request's own task, off this loop.
                let nonce = self.nonces.next()
                if let receivedAt { self.tickToOrder.append(Clock.now() - receivedAt) }
                self.send(request, nonce: nonce, key: key)
            }
        }
    }

    /// Posts one signed request; its answer comes back into the loop as engine inputs.
    func send(_ request: GatewayRequest, nonce: UInt64, key: PrivateKey) {
        self.inFlight += 1
        let rest = self.rest
        let continuation = self.continuation
        let isMainnet = self.settings.network.isMainnet
        Task.detached {
            let body: String
            do { body = try SignedRequest(action: request.action, nonce: nonce, isMainnet: isMainnet, key: key).body.text } catch {
                LiveLog.line("\(request.label): signing failed: \(error)")
                continuation.yield(.events(LiveRunner.failed(request, "signing failed: \(error)").map { .orderResponse($0) }, at: Clock.now()))
                continuation.yield(.requestFinished)
                return
            }
            await postExchange(body, request, rest: rest, continuation: continuation)
        }
    }

    static func failed(_ request: GatewayRequest, _ message: String) -> [OrderResponse] {
        request.items.map {
            OrderResponse(coin: $0.coin, clientOrderID: $0.clientOrderID, orderID: $0.orderID,
                          outcome: request.kind == .cancel ? .cancelRejected(message: message) : .rejected(message: message))
        }
    }

    /// Refreshes the texts the metrics endpoint serves.
    func publishMetrics() {
        let state = self.session.engine.state
        self.metrics.journalBytes = Self.size(of: self.settings.journalPath)
        self.metricsText.set(self.metrics.render(state: state))
        let status = state.killReason != nil ? "killed" : (self.feedConnected ? "ok" : "feed down")
        self.healthText.set(#"{"status":"\#(status)","mode":"\#(self.settings.mode.rawValue)","feed_connected":\#(self.feedConnected),"inputs":\#(self.session.inputs),"paused":\#(state.paused)}"#)
    }

    /// Bytes of a journal file, or of every file of a segment directory.
    static func size(of path: String) -> UInt64 {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { return 0 }
        let files = isDirectory.boolValue ? ((try? manager.contentsOfDirectory(atPath: path)) ?? []).map { path + "/" + $0 } : [path]
        return files.reduce(0) { $0 + ((try? manager.attributesOfItem(atPath: $1)[.size] as? NSNumber)?.uint64Value ?? 0) }
    }

    // MARK: Background duties (run mode)

    /// `userRateLimit` every 30 s, as `rateLimit` inputs (the engine's headroom tiers).
    func rateLimitPoller(address: String) -> Task<Void, Never> {
        let rest = self.rest
        let continuation = self.continuation
        return Task {
            while !Task.isCancelled {
                if let text = try? await rest.info(#"{"type":"userRateLimit","user":"\#(address)"}"#),
                   let status = try? InfoResponse.rateLimit(text) {
                    continuation.yield(.events([.rateLimit(status)], at: Clock.now()))
                }
                try? await Task.sleep(for: .seconds(30))
            }
        }
    }

    /// The dead man's switch: every 10 s, while running, `scheduleCancel` 60 s ahead, so a
    /// process that dies leaves no orders for more than a minute.
    func deadMansSwitch(key: PrivateKey) -> Task<Void, Never> {
        let rest = self.rest
        let isMainnet = self.settings.network.isMainnet
        let nonces = self.nonces
        return Task {
            while !Task.isCancelled {
                let now = Clock.now() / 1_000_000
                if let request = try? SignedRequest(action: ExchangeAction.scheduleCancel(deadline: now + 60_000), nonce: nonces.next(),
                                                    isMainnet: isMainnet, key: key),
                   let (status, text) = try? await rest.post("/exchange", body: request.body.text, attempts: 1),
                   status != 200 || text.contains("\"err\"") {
                    LiveLog.line("dead man's switch not renewed: \(text.prefix(200))")
                }
                try? await Task.sleep(for: .seconds(10))
            }
        }
    }

    // MARK: Shutdown

    func beginShutdown(reason: String) {
        self.shuttingDown = true
        self.shutdownStarted = Clock.now()
        LiveLog.line("shutting down: \(reason); pausing the engine and cancelling orders")
        do {
            try self.handle([.operator(.pause)], at: Clock.now(), receivedAt: nil)
            try self.handle([.tick], at: Clock.now(), receivedAt: nil)
        } catch {
            LiveLog.line("shutdown: \(error)")
        }
        self.scheduleFinishCheck()
    }

    func scheduleFinishCheck() {
        let continuation = self.continuation
        Task {
            try? await Task.sleep(for: .milliseconds(1_500))
            continuation.yield(.finish)
        }
    }

    /// After the loop: the safety net for orders still open, the checkpoint, the journal.
    func finish() async throws {
        if self.settings.mode == .run, let address = self.address,
           let text = try? await self.rest.info(#"{"type":"openOrders","user":"\#(address)"}"#),
           let open = try? InfoResponse.openOrders(text), !open.isEmpty {
            let cancelled = await self.cancelDirectly(open.map { ($0.coin, $0.orderID) })
            LiveLog.line("shutdown safety net: cancelled \(cancelled) of \(open.count) orders still open")
        }
        if !self.tickToOrder.isEmpty {
            let sorted = self.tickToOrder.sorted()
            LiveLog.line("tick to order (frame received -> request handed to the client): p50 \(sorted[sorted.count / 2] / 1_000) us, p99 \(sorted[min(sorted.count - 1, sorted.count * 99 / 100)] / 1_000) us over \(sorted.count) frames")
        }
        let checkpoint = self.session.engine.killSwitchCheckpoint
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(checkpoint).write(to: URL(fileURLWithPath: self.settings.checkpointPath))
        try self.session.close()
        let counts = self.session.commandCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        LiveLog.line("journal closed: \(self.session.inputs) inputs, commands: \(counts.isEmpty ? "none" : counts); kill switch \(checkpoint.triggered ? "TRIGGERED" : "clear"), checkpoint \(self.settings.checkpointPath)")
    }
}

/// A live-side failure with a message for the user.
struct LiveError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Posts one signed `/exchange` request and hands its answers to the live loop.
func postExchange(_ body: String, _ request: GatewayRequest, rest: RESTClient, continuation: AsyncStream<LiveInput>.Continuation) async {
    defer { continuation.yield(.requestFinished) }
    guard let kind = request.kind else {
        _ = try? await rest.post("/exchange", body: body)
        return
    }
    var responses: [OrderResponse]
    do {
        let (status, text) = try await rest.post("/exchange", body: body)
        if status == 200 {
            do { responses = try ExchangeResponse.decode(text, kind: kind, items: request.items) } catch {
                LiveLog.line("\(request.label): undecodable answer: \(error)")
                responses = LiveRunner.failed(request, "undecodable answer: \(error)")
            }
        } else {
            LiveLog.line("\(request.label): HTTP \(status) \(text.prefix(200))")
            responses = LiveRunner.failed(request, "HTTP \(status): \(text.prefix(200))")
        }
    } catch {
        LiveLog.line("\(request.label): \(error)")
        responses = LiveRunner.failed(request, "\(error)")
    }
    for response in responses {
        switch response.outcome {
        case .rejected(let message), .cancelRejected(let message), .rateLimited(let message):
            LiveLog.line("\(request.label): \(response.coin) \(response.clientOrderID.map { "\($0)" } ?? "-"): \(message)")
        default: break
        }
    }
    var events = responses.map { Event.orderResponse($0) }
    // The address limit's error states the count and the cap: the engine's headroom.
    for response in responses {
        if case .rateLimited(let message) = response.outcome, let status = ExchangeResponse.rateLimitStatus(in: message) {
            events.append(.rateLimit(status))
            break
        }
    }
    continuation.yield(.events(events, at: Clock.now()))
}

