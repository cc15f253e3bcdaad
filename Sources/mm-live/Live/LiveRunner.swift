import ConfigFile
import Engine
import Foundation
import Hyperliquid
import JSON
import Journal
import Live
import SimulatedExchange

/// One thing that happened, stamped with the wall clock when it happened.
struct StampedInput: Sendable {
    var input: LiveInput
    var time: Int64
}

/// The live session's I/O shell: it builds the ``LiveDriver`` (meta, config, checkpoint,
/// journal), then only performs the driver's effects (the WebSocket feed, signed
/// `/exchange` and `/info` POSTs, atomic checkpoint writes, log lines) and feeds back
/// what happened, stamped with the wall clock. Every decision is the driver's.
final class LiveRunner {
    let settings: LiveSettings
    let key: PrivateKey?
    let rest: RESTClient
    let inputs: AsyncStream<StampedInput>
    let continuation: AsyncStream<StampedInput>.Continuation
    var driver: LiveDriver!
    var checkpoints: CheckpointStore?
    var feed: FeedConnection?
    /// The reference feed's connection (Binance), while one is open.
    var referenceFeed: ReferenceConnection?
    var metrics = LiveMetrics()
    /// What `/metrics` and `/health` serve, refreshed every half second.
    let metricsText = Shared("")
    let healthText = Shared(#"{"status":"starting"}"#)
    let stateText = Shared("{}")
    /// When the driver wants a timer input (Unix ns; Int64.max: not before an input).
    let wakeAt = Shared(Int64.max)
    var lastPublished: Int64 = 0
    /// Frame receipt → request handed to the exchange client, nanoseconds.
    var tickToOrder: [Int64] = []

    init(settings: LiveSettings, key: PrivateKey?) {
        self.settings = settings
        self.key = key
        self.rest = RESTClient(baseURL: settings.network.restURL)
        (self.inputs, self.continuation) = AsyncStream<StampedInput>.makeStream()
    }

    var address: String? { self.key?.address.lowercased() ?? self.settings.address?.lowercased() }

    func yield(_ input: LiveInput, at time: Int64 = Clock.now()) {
        self.continuation.yield(StampedInput(input: input, time: time))
    }

    /// The session; the HTTP client is shut down whatever happens. Returns the exit code.
    func run() async throws -> Int32 {
        do {
            let code = try await self.runSession()
            await self.rest.shutdown()
            return code
        } catch {
            await self.rest.shutdown()
            throw error
        }
    }

    func runSession() async throws -> Int32 {
        LiveLog.line("mm-live \(self.settings.mode.rawValue) on \(self.settings.network.name), coins \(self.settings.coins.joined(separator: ","))"
                     + (self.address.map { ", account \($0)" } ?? ""))
        // The config and its coins are checked before anything goes to the network, so a
        // bad file is reported at once rather than after the venue's retries.
        let local = try self.localConfig()
        var checkpoint: KillSwitchCheckpoint?
        if let path = self.settings.checkpointPath {
            let store = CheckpointStore(path: path)
            self.checkpoints = store
            do { checkpoint = try store.load() } catch { throw LiveError("\(error)") }
            if let checkpoint {
                LiveLog.line("kill-switch checkpoint \(path): \(checkpoint.triggered ? "TRIPPED (\(checkpoint.reasons.map(\.name).joined(separator: ",")))" : "clear")")
            } else {
                LiveLog.line("kill-switch checkpoint \(path): none yet (clear)")
            }
        }
        let metaText = try await self.rest.info(#"{"type":"meta"}"#)
        let assets = try AssetDirectory(meta: try OrderedJSON(parsing: metaText))
        let startTime = Clock.now()
        let config = try self.engineConfig(local, assets: assets, session: startTime)
        let metadata = try LiveJournal.metadata(mode: self.settings.mode, config: config, engineVersion: MMLive.version,
                                                checkpoint: checkpoint, network: self.settings.network.name)
        let writer = try JournalWriter(creating: self.settings.journalPath, metadata: metadata,
                                       options: LiveJournal.writerOptions(rotating: self.settings.rotateJournal))
        var driverSettings = LiveDriverSettings(mode: self.settings.mode, address: self.address,
                                                duration: self.settings.duration.map { Int64($0 * 1e9) })
        driverSettings.paperExchange = SimExchangeConfig()
        driverSettings.reference = self.settings.reference
        self.driver = try LiveDriver(settings: driverSettings, config: config, checkpoint: checkpoint, assets: assets, journal: writer)
        LiveLog.line("journal \(self.settings.journalPath) (config hash \(metadata.configHash ?? "-"), session \(config.general.session))")
        self.publishMetrics()

        let continuation = self.continuation
        let wakeAt = self.wakeAt
        let timer = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(5))
                let now = Clock.now()
                if now >= wakeAt.get() {
                    wakeAt.set(Int64.max)
                    continuation.yield(StampedInput(input: .timer, time: now))
                }
            }
        }
        // A second signal exits at once: the checkpoint on disk is current (it is written
        // at every trip and reset, before the step's requests go out).
        let signals = SignalWatcher(onFirst: { reason in continuation.yield(StampedInput(input: .shutdown(reason: reason), time: Clock.now())) })
        var operatorServer: OperatorServer?
        if let port = self.settings.metricsPort {
            operatorServer = try await OperatorServer.start(port: port, metrics: self.metricsText, health: self.healthText, state: self.stateText,
                                                            token: self.settings.operatorToken,
                                                            operatorAction: { continuation.yield(StampedInput(input: .operatorAction($0), time: Clock.now())) })
        }
        var exitCode: Int32 = 0
        do {
            exitCode = try await self.loop(start: startTime)
        } catch {
            // A fatal loop error: the checkpoint still reflects the engine's last state.
            self.emergencyCheckpoint()
            throw error
        }
        timer.cancel()
        signals.stop()
        self.feed?.close()
        self.referenceFeed?.close()
        await operatorServer?.stop()
        if !self.tickToOrder.isEmpty {
            let sorted = self.tickToOrder.sorted()
            let p99 = sorted.count >= 100 ? ", p99 \(sorted[min(sorted.count - 1, sorted.count * 99 / 100)] / 1_000) us" : " (p99 needs 100 samples)"
            LiveLog.line("tick to order (frame received -> request handed to the client): p50 \(sorted[sorted.count / 2] / 1_000) us\(p99) over \(sorted.count) frames")
        }
        return exitCode
    }

    /// `--config` (or the profile's defaults) with only the `--coins` chosen, each of
    /// which must have a `[[coins]]` entry. Needs no network.
    func localConfig() throws -> EngineConfig {
        var config = try self.settings.configPath.map { try ConfigFile.load(path: $0, profile: self.settings.profile) } ?? EngineConfig(profile: self.settings.profile)
        var coins: [EngineConfig.Coin] = []
        for name in self.settings.coins {
            guard let coin = config.coin(named: name) else {
                throw LiveError("coin \(name) has no [[coins]] entry in the config (order_size, max_inventory); configured: \(config.coins.map(\.name).joined(separator: ", "))")
            }
            coins.append(coin)
        }
        config.coins = coins
        return config
    }

    /// The engine config: the local config (``localConfig()``), size decimals from the
    /// exchange's `meta`, the session discriminator from the start time and the orphan
    /// policy from `--orphans`.
    func engineConfig(_ local: EngineConfig, assets: AssetDirectory, session startTime: Int64) throws -> EngineConfig {
        var config = local
        var coins: [EngineConfig.Coin] = []
        for var coin in local.coins {
            let name = coin.name
            guard let asset = assets.asset(named: name) else { throw LiveError("coin \(name) is not listed in the exchange's meta") }
            if Int(coin.sizeDecimals) != asset.rules.sizeDecimals {
                LiveLog.line("config: \(name) sz_decimals \(coin.sizeDecimals) differs from the exchange's \(asset.rules.sizeDecimals); using the exchange's")
                coin.sizeDecimals = Int64(asset.rules.sizeDecimals)
            }
            coins.append(coin)
        }
        config.coins = coins
        config.general.session = (startTime / 1_000_000) & 0xFFFF_FFFF
        config.safety.adoptOrphans = self.settings.orphans == .adopt
        let issues = config.validate()
        guard issues.isEmpty else { throw LiveError("config: \(issues.map { "\($0)" }.joined(separator: "; "))") }
        return config
    }

    // MARK: The loop

    func loop(start: Int64) async throws -> Int32 {
        if let code = self.perform(self.driver.handle(.start, at: start), cause: nil) { return code }
        for await stamped in self.inputs {
            let receivedAt: Int64?
            if case .frame = stamped.input { receivedAt = stamped.time } else { receivedAt = nil }
            if let code = self.perform(self.driver.handle(stamped.input, at: stamped.time), cause: receivedAt) { return code }
            self.wakeAt.set(self.driver.nextWake ?? Int64.max)
            if stamped.time - self.lastPublished >= 500_000_000 {
                self.lastPublished = stamped.time
                self.publishMetrics()
            }
        }
        return 1
    }

    /// Performs effects in order; returns the exit code when the session finished.
    func perform(_ effects: [LiveEffect], cause receivedAt: Int64?) -> Int32? {
        var exitCode: Int32?
        for effect in effects {
            switch effect {
            case .writeCheckpoint(let checkpoint):
                guard let store = self.checkpoints else { continue }
                do { try store.save(checkpoint) } catch { self.yield(.checkpointFailed(reason: "\(error)")) }
            case .log(let level, let message):
                LiveLog.line(level == .info ? message : "\(level.rawValue.uppercased()): \(message)")
            case .connectFeed:
                self.feed = FeedConnection.open(url: self.settings.network.webSocketURL, runner: self)
            case .closeFeed:
                self.feed?.close()
            case .sendOnFeed(let text):
                self.feed?.send(text)
            case .connectReference(let urls):
                self.referenceFeed = ReferenceConnection.open(urls: urls, continuation: self.continuation)
            case .closeReference:
                self.referenceFeed?.close()
            case .postExchange(let request):
                if let receivedAt { self.tickToOrder.append(Clock.now() - receivedAt) }
                self.post(request)
            case .postInfo(let request):
                let rest = self.rest
                let continuation = self.continuation
                Task {
                    do {
                        let (status, body) = try await rest.post("/info", body: request.body, attempts: 1)
                        continuation.yield(StampedInput(input: .infoAnswered(id: request.id, status: status, body: body), time: Clock.now()))
                    } catch {
                        continuation.yield(StampedInput(input: .infoFailed(id: request.id, reason: "\(error)"), time: Clock.now()))
                    }
                }
            case .finished(let code):
                exitCode = code
            }
        }
        return exitCode
    }

    /// Signs and posts one request on its own task; its outcome comes back as an input.
    /// A transport failure is retried once with the same signed body (the venue accepts
    /// a nonce once: never a double send); past that the outcome is unknown.
    func post(_ request: ExchangeRequest) {
        guard let key = self.key else { return }
        let rest = self.rest
        let continuation = self.continuation
        let isMainnet = self.settings.network.isMainnet
        Task.detached {
            let input: LiveInput
            do {
                let body = try SignedRequest(action: request.action, nonce: request.nonce, expiresAfter: request.expiresAfter,
                                             isMainnet: isMainnet, key: key).body.text
                do {
                    let (status, text) = try await rest.post("/exchange", body: body, attempts: 2)
                    input = .exchangeAnswered(id: request.id, status: status, body: text)
                } catch {
                    input = .exchangeFailed(id: request.id, reason: "\(error)")
                }
            } catch {
                // Never sent: answered as an error status so the orders are not in doubt.
                input = .exchangeAnswered(id: request.id, status: 200, body: #"{"status":"err","response":"not sent: signing failed"}"#)
            }
            continuation.yield(StampedInput(input: input, time: Clock.now()))
        }
    }

    /// Writes the checkpoint of the engine's current state (a second signal, a fatal
    /// error): the file is always current anyway (written at every trip and reset).
    func emergencyCheckpoint() {
        guard let store = self.checkpoints, let driver = self.driver, driver.session.inputs > 0 else { return }
        try? store.save(driver.engine.killSwitchCheckpoint)
    }

    /// Refreshes the texts the metrics endpoint serves.
    func publishMetrics() {
        let engine = self.driver.engine
        let state = engine.state
        self.metrics.update(from: self.driver)
        self.metrics.journalBytes = Self.size(of: self.settings.journalPath)
        self.metricsText.set(self.metrics.render(state: state))
        let status = engine.isKilled ? (engine.isFlatAtVenue ? "killed" : "killed, cancelling") : (self.driver.isFeedConnected ? "ok" : "feed down")
        let unknown = state.coins.reduce(0) { $0 + $1.unknownOrders }
        var health = JSONWriter()
        health.beginObject()
        health.field("status", status)
        health.field("mode", self.settings.mode.rawValue)
        health.field("feed_connected", self.driver.isFeedConnected)
        if self.driver.hasReferenceFeed { health.field("reference_connected", self.driver.isReferenceConnected) }
        health.field("inputs", UInt64(self.driver.session.inputs))
        health.field("paused", state.paused)
        health.field("killed", engine.isKilled)
        health.field("flat_at_venue", engine.isFlatAtVenue)
        health.field("unknown_orders", Int64(unknown))
        health.field("requests_in_flight", Int64(self.driver.requestsInFlight))
        if let problem = self.driver.checkpointProblem { health.field("checkpoint_problem", problem) }
        if let problem = self.driver.session.journalFailure { health.field("journal_problem", problem) }
        health.endObject()
        self.healthText.set(health.text)
        self.stateText.set(LiveStateReport.json(self.driver))
    }

    /// Bytes of a journal file, or of every file of a segment directory.
    static func size(of path: String) -> UInt64 {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { return 0 }
        let files = isDirectory.boolValue ? ((try? manager.contentsOfDirectory(atPath: path)) ?? []).map { path + "/" + $0 } : [path]
        return files.reduce(0) { $0 + ((try? manager.attributesOfItem(atPath: $1)[.size] as? NSNumber)?.uint64Value ?? 0) }
    }
}

/// A live-side failure with a message for the user.
struct LiveError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
