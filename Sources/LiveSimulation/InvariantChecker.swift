import ConfigFile
import Engine
import Foundation
import HLSim
import Hyperliquid
import JSON
import Journal
import Live
import Replay

/// Keeps the violations of one run and the clocks of differences that must not last.
struct InvariantChecker {
    let seed: UInt64
    let start: Int64
    let window: Int64
    let killWindow: Int64
    var violations: [Violation] = []
    var untrackedSince: [UInt64: Int64] = [:]
    var missingSince: [ClientOrderID: Int64] = [:]
    var positionMismatchSince: Int64?
    var reported: Set<String> = []

    init(seed: UInt64, start: Int64, window: Int64, killWindow: Int64) {
        self.seed = seed
        self.start = start
        self.window = window
        self.killWindow = killWindow
    }

    mutating func violate(_ invariant: Invariant, at time: Int64, _ detail: String, once key: String? = nil) {
        if let key { guard self.reported.insert(invariant.rawValue + key).inserted else { return } }
        self.violations.append(Violation(seed: self.seed, invariant: invariant.rawValue, time: (Timestamp(time) - Timestamp(self.start)).seconds, detail: detail))
    }

    /// A new life of the process: differences are measured afresh.
    mutating func reset() {
        self.untrackedSince = [:]
        self.missingSince = [:]
        self.positionMismatchSince = nil
    }
}

/// The venue's view of the account.
struct VenueView {
    var orders: [OpenOrderSnapshot]
    var position: Size
}

/// One fill as the venue's `userFills` lists it.
struct VenueFill {
    var coin: String
    var tradeID: UInt64
    var orderID: UInt64
    var time: Int64
    var signedSize: Int64
    var startPosition: Size
}

extension SimulationRun {
    func venueView() -> VenueView? {
        let orders = self.venue.info(body: Array(RequestBody.info(["type": "openOrders", "user": self.address]).utf8), now: self.now)
        let state = self.venue.info(body: Array(RequestBody.info(["type": "clearinghouseState", "user": self.address]).utf8), now: self.now)
        guard let snapshot = try? InfoResponse.accountSnapshot(clearinghouseState: state.body, openOrders: orders.body) else { return nil }
        return VenueView(orders: snapshot.openOrders ?? [], position: snapshot.positions.first { $0.coin == "BTC" }?.size ?? .zero)
    }

    func venueFills() -> [VenueFill] {
        let answer = self.venue.info(body: Array(RequestBody.info(["type": "userFills", "user": self.address]).utf8), now: self.now)
        guard case .array(let rows)? = try? OrderedJSON(parsing: answer.body) else { return [] }
        var fills: [VenueFill] = []
        for row in rows {
            guard case .string(let coin)? = row["coin"], case .string(let side)? = row["side"], case .string(let size)? = row["sz"],
                  case .string(let start)? = row["startPosition"], let size = try? Size(parsing: size), let startPosition = try? Size(parsing: start) else { continue }
            func integer(_ key: String) -> Int64? {
                switch row[key] {
                case .integer(let v)?: return v
                case .unsigned(let v)?: return Int64(clamping: v)
                default: return nil
                }
            }
            guard let tid = integer("tid"), let oid = integer("oid"), let time = integer("time") else { continue }
            fills.append(VenueFill(coin: coin, tradeID: UInt64(tid), orderID: UInt64(oid), time: time,
                                   signedSize: side == "B" ? size.rawValue : -size.rawValue, startPosition: startPosition))
        }
        return fills.reversed()
    }

    /// The continuous checks, once a virtual second, while a session runs.
    func check() {
        guard let incarnation = self.incarnation else {
            self.checker.reset()
            return
        }
        let engine = incarnation.driver.engine
        guard incarnation.driver.session.inputs > 0, let view = self.venueView() else { return }
        let tracked = engine.trackedOrders(coinIndex: 0)
        var stillUntracked: [UInt64: Int64] = [:]
        for order in view.orders {
            let known = tracked.contains { (!$0.namedByOrderID && $0.clientOrderID == order.clientOrderID) || ($0.orderID != nil && $0.orderID == order.orderID) }
            guard !known else { continue }
            let since = self.checker.untrackedSince[order.orderID] ?? self.now
            stillUntracked[order.orderID] = since
            if self.now - since > self.checker.window {
                self.checker.violate(.ordersTracked, at: self.now, "venue order oid \(order.orderID) (cloid \(order.clientOrderID?.description ?? "none")) untracked by session \(incarnation.number) for \(Nanoseconds(self.now - since))",
                                     once: "venue\(order.orderID)")
            }
        }
        self.checker.untrackedSince = stillUntracked
        var stillMissing: [ClientOrderID: Int64] = [:]
        for order in tracked where order.state == .resting {
            let present = view.orders.contains { ($0.clientOrderID == order.clientOrderID && !order.namedByOrderID) || (order.orderID != nil && $0.orderID == order.orderID) }
            guard !present else { continue }
            let since = self.checker.missingSince[order.clientOrderID] ?? self.now
            stillMissing[order.clientOrderID] = since
            if self.now - since > self.checker.window {
                self.checker.violate(.ordersTracked, at: self.now, "session \(incarnation.number) holds \(order.clientOrderID) as resting; the venue has not listed it for \(Nanoseconds(self.now - since))",
                                     once: "engine\(order.clientOrderID)")
            }
        }
        self.checker.missingSince = stillMissing
        let position = engine.position(coinIndex: 0)
        if position != view.position {
            let since = self.checker.positionMismatchSince ?? self.now
            self.checker.positionMismatchSince = since
            if self.now - since > self.checker.window {
                self.checker.violate(.positionMatches, at: self.now, "session \(incarnation.number): engine position \(position), venue \(view.position) for \(Nanoseconds(self.now - since))",
                                     once: "since\(since)")
            }
        } else {
            self.checker.positionMismatchSince = nil
        }
        if engine.isKilled {
            let since = incarnation.killedSince ?? self.now
            incarnation.killedSince = since
            if self.now - since > self.checker.killWindow && !view.orders.isEmpty && !incarnation.flatViolationReported {
                incarnation.flatViolationReported = true
                self.checker.violate(.flatAfterKill, at: self.now, "session \(incarnation.number): \(view.orders.count) orders still open \(Nanoseconds(self.now - since)) after the kill")
            }
            // A careful operator resets once the venue is flat and a while has passed.
            if !self.ending, self.now - since > 30_000_000_000, engine.isFlatAtVenue, view.orders.isEmpty {
                incarnation.killedSince = nil
                incarnation.flatViolationReported = false
                self.perform(incarnation.driver.handle(.operatorAction(.resetKillSwitch), at: self.now), of: incarnation)
            }
        } else {
            incarnation.killedSince = nil
            incarnation.flatViolationReported = false
        }
    }

    /// The checks at the end: the shutdown, the final position, every fill accounted
    /// once, every journal verified; then the counters.
    func finishChecks() {
        let final = self.finalIncarnation ?? self.incarnation
        if let final {
            if !final.driver.isFinished {
                self.collect(final)
                self.checker.violate(.cleanShutdown, at: self.now, "session \(final.number) did not finish its shutdown")
            } else if let exit = final.exitCode, exit != 0 {
                self.checker.violate(.cleanShutdown, at: self.now, "session \(final.number) ended with exit code \(exit)")
            }
        } else {
            self.checker.violate(.cleanShutdown, at: self.now, "no session was running at the end")
        }
        if let view = self.venueView() {
            if !view.orders.isEmpty {
                self.checker.violate(.cleanShutdown, at: self.now, "\(view.orders.count) orders of ours still open at the venue after the shutdown")
            }
            if let final, final.driver.engine.position(coinIndex: 0) != view.position {
                self.checker.violate(.positionMatches, at: self.now, "at the end: engine position \(final.driver.engine.position(coinIndex: 0)), venue \(view.position)")
            }
        }
        let fills = self.venueFills()
        self.report.fills = fills.count
        var perOrder: [UInt64: Int] = [:]
        for fill in fills { perOrder[fill.orderID, default: 0] += 1 }
        self.report.partialFills = perOrder.values.filter { $0 > 1 }.reduce(0, +)
        if let final { self.checkFills(fills, journal: final.journal) }
        for journal in self.report.journals { self.verify(journal) }
        self.report.violations = self.checker.violations
    }

    /// Every venue fill after the final session's last adopted baseline is booked by it
    /// exactly once; none before it is.
    func checkFills(_ fills: [VenueFill], journal: String) {
        guard let reader = try? JournalReader(path: journal) else { return }
        var baseline: (position: Size, time: Int64)?
        var booked: [UInt64] = []
        while let record = try? reader.next() {
            guard record.type == Command.Kind.decision.rawValue, case .output(.decision(let decision))? = try? record.decode(),
                  decision.coin == "BTC" else { continue }
            switch decision.decision {
            case .positionBaseline(let adopted):
                baseline = (adopted.position, adopted.exchangeTime)
                booked = []
            case .positionMismatch(let adopted):
                baseline = (adopted.exchange, adopted.exchangeTime)
                booked = []
            case .fill(let fill):
                if fill.booked, fill.kind != .inBaseline { booked.append(fill.tradeID) }
            default:
                break
            }
        }
        guard let baseline else {
            self.checker.violate(.fillsBookedOnce, at: self.now, "the final session's journal has no position baseline")
            return
        }
        let expected = fills.filter { $0.coin == "BTC" && ($0.time > baseline.time || ($0.time == baseline.time && baseline.position == $0.startPosition)) }
        let expectedIDs = Set(expected.map(\.tradeID))
        let bookedIDs = Set(booked)
        if bookedIDs.count != booked.count {
            self.checker.violate(.fillsBookedOnce, at: self.now, "a fill was booked twice (\(booked.count - bookedIDs.count) duplicates)")
        }
        let missing = expectedIDs.subtracting(bookedIDs).sorted()
        let extra = bookedIDs.subtracting(expectedIDs).sorted()
        if !missing.isEmpty || !extra.isEmpty {
            self.checker.violate(.fillsBookedOnce, at: self.now,
                                 "after the baseline at \(baseline.time) ms: \(missing.count) venue fills not booked (first tid \(missing.first.map { "\($0)" } ?? "-")), \(extra.count) booked that the baseline already held (first tid \(extra.first.map { "\($0)" } ?? "-"))")
        }
    }

    /// `mm-replay verify` of one journal: identical, or nothing recorded (a session that
    /// died before it commanded anything).
    func verify(_ journal: String) {
        do {
            guard let config = try ConfigFile.recordedConfig(of: journal) else {
                self.checker.violate(.journalsVerify, at: self.now, "\(journal): no config in the header")
                return
            }
            switch try VerifyRunner(config: config).run(path: journal) {
            case .identical, .nothingRecorded: break
            case .diverged(let divergence):
                self.checker.violate(.journalsVerify, at: self.now,
                                     "\((journal as NSString).lastPathComponent) diverges at seq \(divergence.seq): expected \(divergence.expected.map { "\($0.kind.name)" } ?? "nothing"), got \(divergence.actual.map { "\($0.kind.name)" } ?? "nothing")")
            }
        } catch {
            self.checker.violate(.journalsVerify, at: self.now, "\((journal as NSString).lastPathComponent): \(error)")
        }
    }
}
