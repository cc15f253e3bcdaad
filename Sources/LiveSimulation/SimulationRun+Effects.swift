import Engine
import Foundation
import HLSim
import Hyperliquid
import Journal
import Live

extension SimulationRun {
    /// Starts a new life of the process: the checkpoint is read from the state
    /// directory, a new journal is created, the session discriminator comes from the
    /// clock, orphans are cancelled or adopted (by the seed).
    func restart() {
        self.incarnations += 1
        let number = self.incarnations
        let store = CheckpointStore(path: self.checkpointPath)
        let checkpoint: KillSwitchCheckpoint?
        do { checkpoint = try store.load() } catch {
            self.checker.violate(.checkpointReadable, at: self.now, "\(error)")
            return
        }
        var config = self.baseConfig
        config.general.session = (self.now / 1_000_000) & 0xFFFF_FFFF
        config.safety.adoptOrphans = self.chance(0.5)
        let journal = self.directory + "/session-\(number).mmj"
        do {
            let metadata = try LiveJournal.metadata(mode: .run, config: config, engineVersion: "simulate", checkpoint: checkpoint,
                                                    network: "hl-sim (simulated)")
            // Frames close by size only, so a crash loses the same records every run; when
            // measuring, the live options (a background committer) as `mm-live run` has.
            let writerOptions = self.options.measureTickToOrder ? LiveJournal.writerOptions(rotating: false)
                : JournalWriterOptions(flushInterval: nil, fsync: .never)
            let writer = self.options.journal ? try JournalWriter(creating: journal, metadata: metadata, options: writerOptions) : nil
            let driver = try LiveDriver(settings: LiveDriverSettings(mode: .run, address: self.address), config: config, checkpoint: checkpoint,
                                        assets: self.assets, journal: writer)
            let incarnation = Incarnation(number: number, driver: driver, journal: journal, mustStartKilled: self.killedAtCrash)
            self.incarnation = incarnation
            if self.options.journal { self.report.journals.append(journal) }
            self.perform(driver.handle(.start, at: self.now), of: incarnation)
            if self.ending {
                self.finalIncarnation = incarnation
                self.queue.push(.input(incarnation: number, .shutdown(reason: "simulation ended")), at: self.now + 2_000_000)
            }
        } catch {
            self.checker.violate(.cleanShutdown, at: self.now, "could not start session \(number): \(error)")
        }
    }

    /// The process dies between two steps: its state (engine, journal buffer, sockets) is
    /// lost; the venue keeps its orders and positions. A restart follows.
    func crash() {
        guard self.faultsActive, let incarnation = self.incarnation else { return }
        self.report.crashes += 1
        self.collect(incarnation)
        self.killedAtCrash = incarnation.driver.engine.isKilled
        if let id = incarnation.connection { self.closeConnection(id) }
        self.incarnation = nil
        self.queue.push(.restart, at: self.now + self.latency(1_000...10_000))
    }

    /// Adds an incarnation's counters to the report.
    func collect(_ incarnation: Incarnation) {
        let counters = incarnation.driver.engine.safetyCounters
        self.report.unknownOutcomes += Int(incarnation.driver.counters.unknownOutcomes)
        self.report.reconciliationFixes += Int(counters.reconciliationFixes)
        self.report.kills += Int(counters.killTrips)
        self.report.logTail = Array((self.report.logTail + incarnation.logs).suffix(60))
    }

    /// Carries out what a driver asked for.
    func perform(_ effects: [LiveEffect], of incarnation: Incarnation) {
        for effect in effects {
            switch effect {
            case .connectFeed:
                self.queue.push(.connect(incarnation: incarnation.number), at: self.now + self.latency(5...40))
            case .closeFeed:
                if let id = incarnation.connection { self.closeConnection(id) }
                self.queue.push(.input(incarnation: incarnation.number, .feedClosed(reason: "closed by the client")), at: self.now + 1_000_000)
            case .sendOnFeed(let text):
                guard let id = incarnation.connection, let connection = self.connections[id], !connection.blackHole else { continue }
                self.queue.push(.feedMessage(connection: id, text), at: self.now + self.latency(1...4))
            case .connectReference, .closeReference:
                continue  // the simulation's sessions read no reference feed
            case .postExchange(let request):
                self.post(request, from: incarnation)
            case .postInfo(let request):
                self.ask(request, from: incarnation)
            case .writeCheckpoint(let checkpoint):
                do { try CheckpointStore(path: self.checkpointPath).save(checkpoint) } catch {
                    self.queue.push(.input(incarnation: incarnation.number, .checkpointFailed(reason: "\(error)")), at: self.now)
                }
            case .log(let level, let message):
                incarnation.logs.append("\(self.clock) [\(incarnation.number)] \(level == .info ? "" : level.rawValue + ": ")\(message)")
                if incarnation.logs.count > 80 { incarnation.logs.removeFirst(incarnation.logs.count - 80) }
            case .finished(let code):
                incarnation.exitCode = code
                self.collect(incarnation)
            }
        }
        // A restarted session must be killed from its first input when the one before
        // died killed (its checkpoint says so).
        if incarnation.mustStartKilled && !incarnation.killCheckDone && incarnation.driver.session.inputs > 0 {
            incarnation.killCheckDone = true
            if !incarnation.driver.engine.isKilled {
                self.checker.violate(.killSurvivesRestart, at: self.now, "session \(incarnation.number) started unkilled after session \(incarnation.number - 1) died killed")
            }
        }
    }

    /// Virtual time since the start, for log lines.
    var clock: String {
        let ms = (self.now - self.start) / 1_000_000
        return "\(ms / 1_000).\(String(format: "%03d", Int(ms % 1_000)))s"
    }

    /// An `/exchange` request on its way, with its fate drawn from the seed.
    func post(_ request: ExchangeRequest, from incarnation: Incarnation) {
        let engine = incarnation.driver.engine
        if request.addsExposure && (engine.isKilled || engine.isShuttingDown) {
            self.checker.violate(.noExposureAfterKill, at: self.now,
                                 "session \(incarnation.number) sent \(request.label) while \(engine.isKilled ? "killed" : "shutting down")")
        }
        let signed: SignedRequest
        do {
            signed = try SignedRequest(action: request.action, nonce: request.nonce, expiresAfter: request.expiresAfter, isMainnet: false, key: self.key)
        } catch {
            self.queue.push(.input(incarnation: incarnation.number, .exchangeFailed(id: request.id, reason: "signing failed: \(error)")), at: self.now)
            return
        }
        var fate = Fate.normal(extraAnswerDelay: 0)
        if self.faultsActive {
            let settings = self.options.faults
            var draw = self.random.nextUnit()
            if draw < settings.lostBeforeShare { fate = .lostBefore } else {
                draw -= settings.lostBeforeShare
                if draw < settings.lostAfterShare { fate = .lostAfter } else {
                    draw -= settings.lostAfterShare
                    if draw < settings.gatewayErrorShare { fate = .gatewayError(executes: self.chance(0.5)) } else {
                        draw -= settings.gatewayErrorShare
                        if draw < settings.tooManyRequestsShare { fate = .tooManyRequests } else if self.chance(settings.reorderShare) {
                            fate = .normal(extraAnswerDelay: self.latency(100...2_000))
                        }
                    }
                }
            }
        }
        let number = incarnation.number
        switch fate {
        case .lostBefore:
            self.queue.push(.input(incarnation: number, .exchangeFailed(id: request.id, reason: "connection reset by peer")),
                            at: self.now + self.latency(50...3_000))
        case .tooManyRequests:
            self.queue.push(.input(incarnation: number, .exchangeAnswered(id: request.id, status: 429, body: "Too Many Requests")),
                            at: self.now + self.latency(5...50))
        case .gatewayError(executes: false):
            self.queue.push(.input(incarnation: number, .exchangeAnswered(id: request.id, status: 502, body: "Bad Gateway")),
                            at: self.now + self.latency(5...500))
        default:
            self.queue.push(.exchangeArrives(incarnation: number, request: request, body: Array(signed.body.text.utf8), fate: fate),
                            at: self.now + self.latency(3...30))
        }
    }

    func arrive(_ number: Int, _ request: ExchangeRequest, _ body: [UInt8], _ fate: Fate) {
        let sentAt = self.now
        switch self.venue.admit(body: body, now: self.now) {
        case .refused(let answer):
            self.answer(number, request, answer, fate, sentAt: sentAt)
        case .accepted(let prepared):
            self.queue.push(.exchangeExecute(incarnation: number, request: request, action: prepared, fate: fate, sentAt: sentAt),
                            at: self.now + prepared.delayMilliseconds * 1_000_000)
        }
    }

    func execute(_ number: Int, _ request: ExchangeRequest, _ prepared: PreparedAction, _ fate: Fate, sentAt: Int64) {
        guard let (answer, pushes) = try? self.venue.execute(prepared, now: self.now) else { return }
        if prepared.type == "order", case .array(let orders)? = prepared.action["orders"] { self.report.orders += orders.count }
        self.deliver(pushes)
        self.answer(number, request, answer, fate, sentAt: sentAt)
    }

    /// The venue's answer travels back, unless the fate loses it.
    func answer(_ number: Int, _ request: ExchangeRequest, _ answer: HTTPAnswer, _ fate: Fate, sentAt: Int64) {
        switch fate {
        case .lostAfter:
            self.queue.push(.input(incarnation: number, .exchangeFailed(id: request.id, reason: "timed out after 10 s")), at: max(self.now, sentAt + 10_000_000_000))
        case .gatewayError:
            self.queue.push(.input(incarnation: number, .exchangeAnswered(id: request.id, status: 502, body: "Bad Gateway")), at: self.now + self.latency(2...30))
        case .normal(let extra):
            self.queue.push(.input(incarnation: number, .exchangeAnswered(id: request.id, status: answer.status, body: answer.body)),
                            at: self.now + self.latency(2...25) + extra)
        case .lostBefore, .tooManyRequests:
            break
        }
    }

    /// An `/info` request on its way.
    func ask(_ request: InfoRequest, from incarnation: Incarnation) {
        if self.faultsActive {
            if self.chance(self.options.faults.infoFailureShare) {
                self.queue.push(.input(incarnation: incarnation.number, .infoFailed(id: request.id, reason: "connection reset by peer")),
                                at: self.now + self.latency(50...2_000))
                return
            }
            if self.chance(self.options.faults.infoTooManyRequestsShare) {
                self.queue.push(.input(incarnation: incarnation.number, .infoAnswered(id: request.id, status: 429, body: "Too Many Requests")),
                                at: self.now + self.latency(5...50))
                return
            }
        }
        self.queue.push(.infoArrives(incarnation: incarnation.number, request: request), at: self.now + self.latency(3...30))
    }
}
