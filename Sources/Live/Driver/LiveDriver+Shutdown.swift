import Engine

extension LiveDriver {
    /// Starts the orderly end: the engine gets a (journaled) `shutdown`, which stops
    /// quoting, cancels every order and asks the venue until nothing of ours is open.
    /// The session ends when the venue confirms it, or after `shutdownTimeout`.
    func beginShutdown(reason: String) {
        guard !self.shutdownRequested else { return }
        self.shutdownRequested = true
        self.shutdownAt = nil
        self.shutdownDeadline = self.now &+ self.settings.shutdownTimeout
        // A recorder sends no order, so it has none to cancel.
        self.log(.info, "shutting down: \(reason)" + (self.settings.mode == .record ? "" : "; cancelling every order"))
        if self.nextTick == nil { self.nextTick = self.now - self.now % self.tickInterval + self.tickInterval }
        // Before the start-up read is in, the engine knows nothing to cancel yet: the
        // shutdown goes to it as soon as the account (and what an earlier session left
        // open) is known.
        if self.running || !self.accountReads.values.contains(where: \.startup) {
            self.ingest(.operator(.shutdown(reason: reason)))
        }
    }

    /// Whether the session may end: a shutdown was asked for and the venue confirmed
    /// nothing of ours is open (record mode sends nothing; before the start-up read
    /// completed there was nothing to cancel), or the wait ran out.
    func checkFinished() {
        guard self.shutdownRequested, !self.isFinished else { return }
        let awaitingStartup = self.accountReads.values.contains(where: \.startup) || self.startupRetryAt != nil
        let confirmed = self.settings.mode == .record
            || (!awaitingStartup && (self.engine.isShuttingDown ? self.engine.isFlatAtVenue : self.session.inputs == 0))
        if confirmed {
            self.finish(confirmed: true)
        } else if let deadline = self.shutdownDeadline, self.now >= deadline {
            self.finish(confirmed: false)
        }
    }

    /// Ends the session: the journal is closed, the checkpoint written, a summary
    /// logged, and the exit code given.
    func finish(confirmed: Bool) {
        guard !self.isFinished else { return }
        self.isFinished = true
        if !confirmed {
            let open = self.trackedOrderCount
            self.log(.error, "shutdown: the venue did not confirm that every order is cancelled within \(Nanoseconds(self.settings.shutdownTimeout))"
                     + " (\(open) still tracked); the dead man's switch cancels what is left at its deadline")
            self.exitCode = 1
        }
        do { try self.session.close() } catch {
            self.log(.error, "journal close failed: \(error)")
            self.exitCode = 1
        }
        let checkpoint = self.engine.killSwitchCheckpoint
        if self.settings.mode != .record && (self.session.inputs > 0 || self.savedCheckpoint != nil) {
            self.savedCheckpoint = checkpoint
            self.effects.insert(.writeCheckpoint(checkpoint), at: 0)
        }
        let counts = self.counters.commands.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let positions = self.engine.config.coins.indices.map { "\(self.engine.config.coins[$0].name) \(self.engine.position(coinIndex: $0))" }
            .joined(separator: ", ")
        self.log(.info, "journal closed: \(self.session.inputs) inputs, commands: \(counts.isEmpty ? "none" : counts); positions \(positions);"
                 + " PnL \(self.engine.totalPnL); open orders \(self.trackedOrderCount); kill switch \(self.killSwitchSummary)"
                 + (self.settings.mode == .record ? "" : "; checkpoint \(self.savedCheckpoint == nil ? "not written (nothing to record)" : "written")"))
        self.effects.append(.finished(exitCode: self.exitCode))
    }
}
