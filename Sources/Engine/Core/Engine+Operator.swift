extension Engine {
    /// Config fields an operator may not change while running: they shape state built
    /// when the engine started (estimator windows, ring sizes, the PRNG, the coins).
    static let restartOnlyConfigPrefixes = ["general.", "estimators.", "coins"]
    static let restartOnlyConfigPaths = ["gates.defensive_fills", "risk.cascade_half_life_s", "signals.sample_ms", "signals.window_samples",
                                         "signals.max_lag_samples", "signals.lead_lag_warmup_samples", "signals.flow_half_life_s",
                                         "signals.flow_warmup_trades", "signals.model_window", "signals.model_horizon_s"]

    /// Applies a manual instruction.
    mutating func apply(_ action: OperatorAction) {
        switch action {
        case .pause: self.paused = true
        case .resume: if !self.venue.shuttingDown { self.paused = false }
        case .kill(let reason):
            self.trigger(.manual(reason: reason))
        case .resetKillSwitch, .forceResetKillSwitch:
            guard self.killSwitch.isTriggered else { return }
            let forced = action == .forceResetKillSwitch
            let blocking = self.resetBlockers()
            if !blocking.isEmpty && !forced {
                for i in self.coins.indices {
                    self.record(coin: i, reason: "kill_switch_reset_refused", extra: [
                        DecisionField("why", .text(blocking.joined(separator: "; "))),
                        DecisionField("override", .text("forceResetKillSwitch")),
                    ])
                }
                return
            }
            // The trip being cleared, for the record (the checkpoint file keeps a copy too).
            let cleared = self.killSwitch.checkpoint(at: self.time)
            self.killSwitch.reset()
            for i in self.coins.indices {
                self.record(coin: i, .killSwitchReset(KillSwitchResetDecision(
                    cleared: cleared.reasons.map(\.summary).joined(separator: "; "), trippedAt: cleared.tripTime, forced: forced,
                    despite: forced && !blocking.isEmpty ? blocking.joined(separator: "; ") : nil)))
            }
        case .configChange(let path, let value):
            self.changeConfig(path: path, text: value)
        case .shutdown(let reason):
            self.paused = true
            self.venue.shuttingDown = true
            self.flatten()
            for i in self.coins.indices { self.record(coin: i, reason: "shutdown", extra: [DecisionField("why", .text(reason))]) }
        }
    }

    /// The runbook's "when NOT to reset", each that holds: real drawdown above 2 % of the
    /// account value, a position above max_inventory, a cascade still active (severity
    /// at the pull threshold), data still stale (a book older than the data gate, or
    /// none). ("You don't understand why it triggered" is the operator's to judge.)
    func resetBlockers() -> [String] {
        var blocking: [String] = []
        if let account = self.accountValue?.doubleValue, account > 0 {
            let drawdown = max(0, self.peakPnL - self.totalPnL) / account
            if drawdown > 0.02 { blocking.append("drawdown \(drawdown) > 2% of the account value") }
        }
        for i in self.coins.indices {
            let position = self.coins[i].pnl.position
            if position.rawValue.magnitude > self.coins[i].config.maxInventory.rawValue.magnitude {
                blocking.append("\(self.coins[i].config.name) position \(position) above max_inventory \(self.coins[i].config.maxInventory)")
            }
            let age = self.coins[i].book.age(at: self.time)
            if age.map({ Nanoseconds($0).seconds > self.config.gates.dataStaleGateSeconds }) ?? true {
                blocking.append("\(self.coins[i].config.name) market data stale (\(age.map { "\(Nanoseconds($0).seconds) s old" } ?? "none"))")
            }
        }
        let severity = self.cascade.severity(at: self.time)
        if severity >= self.config.risk.cascadePull { blocking.append("cascade severity \(severity) still at or above \(self.config.risk.cascadePull)") }
        return blocking
    }

    /// Changes one field through the config table, validated like a loaded file; a
    /// refusal (unknown field, restart-only field, bad value) changes nothing. Either way
    /// a decision record says what happened.
    mutating func changeConfig(path: String, text: String) {
        var refusal: String?
        var changed = self.config
        if let parameter = EngineConfig.parameters.first(where: { $0.path == path }) {
            if Self.restartOnlyConfigPrefixes.contains(where: { path.hasPrefix($0) }) || Self.restartOnlyConfigPaths.contains(path) {
                refusal = "\(path) shapes state built at start; change it in the config file and restart"
            } else if let value = Self.configValue(parsing: text) {
                if let issue = parameter.set(value, in: &changed) {
                    refusal = issue.description
                } else if let issue = changed.validate().first {
                    refusal = issue.description
                }
            } else {
                refusal = "'\(text)' is not a TOML number, boolean or string"
            }
        } else {
            refusal = "no config field \(path)"
        }
        if refusal == nil { self.config = changed }
        for i in self.coins.indices {
            self.record(coin: i, reason: refusal == nil ? "config_change" : "config_change_refused", extra: [
                DecisionField("path", .text(path)),
                DecisionField("value", .text(text)),
            ] + (refusal.map { [DecisionField("why", .text($0))] } ?? []))
        }
    }

    /// A TOML scalar: an integer, a float (`1e3`, `0.5`), `true`/`false`, or a
    /// double-quoted string without escapes.
    static func configValue(parsing text: String) -> ConfigValue? {
        let trimmed = String(text.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
        if trimmed == "true" { return .flag(true) }
        if trimmed == "false" { return .flag(false) }
        let digits = trimmed.replacingUnderscores
        if let integer = Int64(digits) { return .integer(integer) }
        if let real = Double(digits), real.isFinite, digits.allSatisfy({ "0123456789+-.eE".contains($0) }) { return .real(real) }
        if trimmed.count >= 2, trimmed.hasPrefix("\""), trimmed.hasSuffix("\""), !trimmed.dropFirst().dropLast().contains("\"") {
            return .text(String(trimmed.dropFirst().dropLast()))
        }
        return nil
    }
}

extension String {
    /// The text without `_` digit separators (TOML allows `10_000`).
    fileprivate var replacingUnderscores: String { String(self.filter { $0 != "_" }) }
}
