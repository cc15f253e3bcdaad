extension Engine {
    /// Every reason this engine, decoded from a snapshot, cannot be trusted: its config
    /// fails validation (exactly as a loaded config would), or its state does not have
    /// the shape that config builds (coins, estimator windows, ring sizes), or holds
    /// times, indices or numbers out of range. Empty when the engine is safe to run.
    ///
    /// Snapshots are outside input like any journal record: a tampered or corrupt one
    /// must be refused with a reason, never divide by zero, index out of range or spin.
    public func restoreProblems() -> [String] {
        let issues = self.config.validate()
        if !issues.isEmpty { return issues.map { "config: \($0)" } }
        guard let fresh = try? Engine(config: self.config) else { return ["config: refused by the engine"] }
        var problems: [String] = []
        if self.time != .min, !Limits.isValidTime(self.time) {
            problems.append("engine time \(self.time) is outside the valid range")
        }
        guard self.coins.count == fresh.coins.count else {
            return problems + ["the state holds \(self.coins.count) coins, the config \(fresh.coins.count)"]
        }
        for (coin, expected) in zip(self.coins, fresh.coins) {
            let name = expected.config.name
            for problem in coin.restoreProblems(against: expected) { problems.append("coin \(name): \(problem)") }
        }
        if let problem = self.cascade.restoreProblem(against: fresh.cascade) { problems.append(problem) }
        if let problem = self.rateLimitErrors.restoreProblem(against: fresh.rateLimitErrors) { problems.append("rate-limit errors: \(problem)") }
        if !self.headroom.isFinite || self.headroom < 0 || self.headroom > 1 { problems.append("rate-limit headroom \(self.headroom) is outside 0...1") }
        if !self.dayStartPnL.isFinite || !self.peakPnL.isFinite { problems.append("day-start or peak PnL is not a finite number") }
        if let day = self.dayIndex, day < 0 || day > Timestamp(Limits.latestTime).day { problems.append("day index \(day) is out of range") }
        let timers = [self.venue.nextReconcile, self.venue.nextVerify, self.venue.nextArm, self.venue.nextFeedCheck]
        let times = [self.venue.lastReconnect, self.killSwitch.triggeredAt, self.lastError?.time]
        for time in timers.compactMap({ $0 }) where !Limits.isValidDeadline(time) {
            problems.append("a timer (\(time)) is outside the valid range")
            break
        }
        for time in times.compactMap({ $0 }) where !Limits.isValidTime(time) {
            problems.append("a trip or reconnect time (\(time)) is outside the valid range")
            break
        }
        return problems
    }
}

extension CoinEngine {
    /// Why this restored coin differs in shape from `fresh` (built from the same
    /// config) or holds values out of range.
    func restoreProblems(against fresh: CoinEngine) -> [String] {
        var problems: [String] = []
        if self.config != fresh.config || self.index != fresh.index || self.rules != fresh.rules {
            problems.append("its config, index or price rules differ from the config's")
        }
        let checks: [String?] = [
            self.volatility.restoreProblem(against: fresh.volatility),
            self.kappa.restoreProblem(against: fresh.kappa),
            self.toxicity.restoreProblem(against: fresh.toxicity),
            self.tape.restoreProblem(against: fresh.tape),
            self.orders.restoreProblem(against: fresh.orders),
            self.positionHistory.restoreProblem(against: fresh.positionHistory).map { "position history: " + $0 },
            self.midHistory.restoreProblem(against: fresh.midHistory).map { "mid history: " + $0 },
            self.fillEdges.restoreProblem(against: fresh.fillEdges).map { "fill edges: " + $0 },
            self.fillTimes.restoreProblem(against: fresh.fillTimes).map { "fill times: " + $0 },
            self.adverseSelection.restoreProblem(against: fresh.adverseSelection).map { "adverse selection: " + $0 },
            self.adverseSelection.valuesLie(in: -Int64(CoinEngine.adverseLimitBps * CoinEngine.adverseUnit)...Int64(CoinEngine.adverseLimitBps * CoinEngine.adverseUnit))
                ? nil : "adverse selection: a value is out of range",
            self.signals.restoreProblem(against: fresh.signals),
            self.edgeMetrics.restoreProblem(),
            self.book.snapshot.coin.isEmpty ? nil : self.book.snapshot.limitProblem.map { "book: " + $0 },
        ]
        problems += checks.compactMap { $0 }
        let times = [self.firstBookTime, self.lastFillTime, self.referenceTime, self.book.receivedAt, self.signals.lastReference,
                     self.pendingMismatch?.since, self.pendingMismatch?.seenAt]
        if self.nextCycle != .min && !Limits.isValidDeadline(self.nextCycle) { problems.append("next cycle time \(self.nextCycle) is out of range") }
        if let until = self.backoffUntil, !Limits.isValidDeadline(until) { problems.append("rejection backoff end \(until) is out of range") }
        for time in times.compactMap({ $0 }) where !Limits.isValidTime(time) {
            problems.append("a time (\(time)) is outside the valid range")
            break
        }
        if self.rejectionStreak < 0 || !self.fundingRate.isFinite { problems.append("rejection streak or funding rate is out of range") }
        if let problem = Limits.signedSizeProblem(Size(rawValue: self.startPosition)) { problems.append("start position: " + problem) }
        return problems
    }
}

extension Limits {
    /// Whether `nanoseconds` is a valid timer deadline (a quote cycle, retry, backoff,
    /// reconciliation or dead man's switch renewal due): a valid time plus at most the
    /// longest valid duration. An engine whose clock reached ``latestTime`` still has
    /// timers due after it, and its snapshot must restore.
    static func isValidDeadline(_ nanoseconds: Int64) -> Bool {
        nanoseconds >= 0 && nanoseconds <= latestTime + longestDuration
    }
}
