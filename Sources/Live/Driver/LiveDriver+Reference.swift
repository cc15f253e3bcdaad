import Binance
import Engine

/// The reference feed's connection as the driver sees it (its own health, apart from the
/// Hyperliquid feed's).
struct ReferenceFeedState: Sendable {
    var phase = FeedState.Phase.down
    var schedule = ReconnectSchedule()
    var reconnectAt: Int64?
    /// When a connected feed without reference data since is closed as silent.
    var silentDeadline: Int64?
    /// Whether reference data arrived on the current connection (the backoff restarts
    /// from 1 s only then: a server that accepts and stays silent backs off like a drop).
    var dataSinceConnect = false
    /// The reconnect attempts ran out once (then retries go on every 60 s, quietly).
    var failed = false
}

extension LiveDriver {
    /// Whether the reference feed is connected.
    public var isReferenceConnected: Bool { self.reference.phase == .up }

    /// Whether this session reads a reference feed (it is configured and at least one
    /// traded coin has a listing).
    public var hasReferenceFeed: Bool {
        guard let settings = self.settings.reference else { return false }
        return !settings.streams.isEmpty
    }

    /// Says once, at start, which coins have reference signals and which not (a coin
    /// without a listing is never subscribed: its signals are off, not stale).
    func announceReference() {
        guard let settings = self.settings.reference else {
            self.log(.info, "reference feed: none (--reference none); cross-venue signals off")
            return
        }
        for coin in settings.symbols.unlisted {
            self.log(.info, "reference feed: \(coin.coin) has no Binance listing (\(coin.reason)); its cross-venue signals are off")
        }
        if settings.streams.isEmpty {
            self.log(.info, "reference feed: no traded coin has a Binance listing; not connecting")
        } else {
            self.log(.info, "reference feed: " + settings.symbols.listings.map { "\($0.coin)=\($0.symbol)" }.joined(separator: ", "))
        }
    }

    /// Opens the reference connection; one that does not open within `staleAfter` (a
    /// socket stuck in TCP or TLS set-up) is closed and retried like a silent one. Never
    /// while shutting down.
    func connectReference() {
        guard let settings = self.settings.reference, !settings.streams.isEmpty, self.reference.phase == .down,
              !self.shutdownRequested else { return }
        self.reference.phase = .connecting
        self.reference.silentDeadline = self.now &+ settings.staleAfter
        self.effects.append(.connectReference(urls: settings.urls))
    }

    func referenceConnected() {
        guard self.reference.phase == .connecting, let settings = self.settings.reference else { return }
        self.reference.phase = .up
        self.reference.dataSinceConnect = false
        self.reference.silentDeadline = self.now &+ settings.staleAfter
        self.log(.info, "reference feed connected")
        self.ingest(.connection(ConnectionEvent(feed: ReferenceFeedSettings.feedName, state: .connected)))
    }

    /// The reference connection closed (or could not open): journaled, then a reconnect
    /// after the runbook's backoff (1 s doubling to 60 s, 10 attempts). Past that the
    /// engine hears it failed and quoting goes on without it; retries continue every 60 s.
    func referenceClosed(reason: String) {
        let wasOpen = self.reference.phase == .up || self.reference.phase == .closing
        guard self.reference.phase != .down else { return }
        self.reference.phase = .down
        self.reference.silentDeadline = nil
        let feed = ReferenceFeedSettings.feedName
        if wasOpen {
            self.log(.warning, "reference feed disconnected: \(reason)")
            self.ingest(.connection(ConnectionEvent(feed: feed, state: .disconnected(reason: reason))))
        } else {
            self.log(.warning, "reference feed connection failed: \(reason)")
        }
        guard !self.shutdownRequested else { return }
        self.counters.referenceReconnects += 1
        guard let delay = self.reference.schedule.nextDelayMilliseconds() else {
            if !self.reference.failed {
                self.reference.failed = true
                let why = "\(ReconnectSchedule.maxAttempts) reconnect attempts failed"
                self.log(.error, "reference feed: \(why); quoting goes on without it, retrying every \(ReconnectSchedule.maxDelayMilliseconds / 1_000) s")
                self.ingest(.connection(ConnectionEvent(feed: feed, state: .failed(reason: why))))
            }
            self.reference.reconnectAt = self.now &+ ReconnectSchedule.maxDelayMilliseconds &* Nanoseconds.perMillisecond
            return
        }
        self.log(.info, "reference feed: reconnect attempt \(self.reference.schedule.attempts) in \(delay) ms")
        self.ingest(.connection(ConnectionEvent(feed: feed, state: .reconnecting(attempt: self.reference.schedule.attempts))))
        self.reference.reconnectAt = self.now &+ delay &* Nanoseconds.perMillisecond
    }

    /// Closes an open reference connection so it reconnects (silent, or the engine asked).
    func reconnectReference(because reason: String) {
        guard self.reference.phase == .up || self.reference.phase == .connecting else { return }
        self.reference.phase = .closing
        self.reference.silentDeadline = nil
        self.log(.warning, "reference feed: \(reason); reconnecting")
        self.effects.append(.closeReference(reason: reason))
    }

    /// Silence checks and due reconnects.
    func referenceTimers() {
        if self.reference.phase == .up || self.reference.phase == .connecting, let deadline = self.reference.silentDeadline, self.now >= deadline,
           let settings = self.settings.reference {
            let connecting = self.reference.phase == .connecting
            self.reconnectReference(because: connecting ? "not connected within \(Nanoseconds(settings.staleAfter))"
                                                        : "no reference data for \(Nanoseconds(settings.staleAfter))")
        }
        if self.reference.phase == .down, let at = self.reference.reconnectAt, self.now >= at {
            self.reference.reconnectAt = nil
            self.connectReference()
        }
    }

    /// A reference frame: decoded, journaled and given to the engine (through
    /// ``ingest(_:)``, like the Hyperliquid feed's). An undecodable frame is kept in the
    /// journal as a wire-error record with its reason.
    func receive(referenceFrame text: String) {
        guard let settings = self.settings.reference else { return }
        self.counters.referenceFrames += 1
        let frame: BinanceFrame
        do {
            frame = try BinanceFrame(decoding: text, symbols: settings.symbols)
        } catch {
            self.counters.referenceDecodeErrors += 1
            self.log(.warning, "undecodable reference frame kept in the journal: \(error) (\(text.prefix(120)))")
            do { try self.session.recordWireError(frame: text, reason: "\(error)", at: self.now) } catch { self.journalFailed(error) }
            return
        }
        guard let event = frame.event else {
            self.counters.referenceIgnored += 1
            if case .ignored(let reason) = frame, case .serverError = reason { self.log(.warning, "reference feed: \(reason)") }
            return
        }
        if self.reference.phase == .up {
            self.reference.silentDeadline = self.now &+ settings.staleAfter
            if !self.reference.dataSinceConnect {
                self.reference.dataSinceConnect = true
                self.reference.schedule.reset()
                self.reference.failed = false
            }
        }
        self.ingest(event)
    }
}
