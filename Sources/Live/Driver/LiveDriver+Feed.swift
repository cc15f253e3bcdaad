import Engine
import Hyperliquid

/// The feed connection as the driver sees it.
struct FeedState: Sendable {
    enum Phase: Sendable, Equatable {
        /// Not connected (and not trying right now).
        case down
        /// A connect was asked for.
        case connecting
        /// Open: frames flow, pings go out.
        case up
        /// A close was asked for (ping timeout, shutdown).
        case closing
    }

    var phase = Phase.down
    var schedule = ReconnectSchedule()
    var reconnectAt: Int64?
    var nextPing: Int64?
    var pongDeadline: Int64?
    /// The feed gave up (the reconnect attempts ran out).
    var failed = false
}

extension LiveDriver {
    /// Whether the feed is connected.
    public var isFeedConnected: Bool { self.feed.phase == .up }

    /// The subscriptions of this session: books and trades per coin; the account's
    /// order updates, fills and events when it has an account and is not paper.
    var subscriptions: [String] {
        var list: [String] = []
        for coin in self.engine.config.coins.map(\.name) {
            list.append(RequestBody.subscribe(["type": "l2Book", "coin": coin]))
            list.append(RequestBody.subscribe(["type": "trades", "coin": coin]))
        }
        if self.settings.mode != .paper, let address = self.settings.address {
            for type in ["orderUpdates", "userFills", "userEvents"] {
                list.append(RequestBody.subscribe(["type": type, "user": address]))
            }
        }
        return list
    }

    func connectFeed() {
        guard self.feed.phase == .down, !self.feed.failed else { return }
        self.feed.phase = .connecting
        self.effects.append(.connectFeed)
    }

    func feedConnected() {
        guard self.feed.phase == .connecting else { return }
        self.feed.phase = .up
        self.feed.schedule.reset()
        self.feed.nextPing = self.now &+ self.settings.pingInterval
        self.feed.pongDeadline = nil
        self.log(.info, "feed connected")
        self.ingest(.connection(ConnectionEvent(feed: "ws", state: .connected)))
        for subscription in self.subscriptions { self.effects.append(.sendOnFeed(subscription)) }
    }

    /// The connection closed (or could not open): journaled, then a reconnect after the
    /// runbook's backoff (1 s doubling to 60 s, 10 attempts); past that the feed failed
    /// and the session shuts down.
    func feedClosed(reason: String) {
        let wasOpen = self.feed.phase == .up || self.feed.phase == .closing
        guard self.feed.phase != .down else { return }
        self.feed.phase = .down
        self.feed.nextPing = nil
        self.feed.pongDeadline = nil
        if wasOpen {
            self.log(.warning, "feed disconnected: \(reason)")
            self.ingest(.connection(ConnectionEvent(feed: "ws", state: .disconnected(reason: reason))))
        } else {
            self.log(.warning, "feed connection failed: \(reason)")
        }
        guard !self.shutdownRequested || !self.isFinished else { return }
        guard let delay = self.feed.schedule.nextDelayMilliseconds() else {
            self.feed.failed = true
            let why = "\(ReconnectSchedule.maxAttempts) reconnect attempts failed"
            self.log(.error, "feed: \(why); giving up")
            self.ingest(.connection(ConnectionEvent(feed: "ws", state: .failed(reason: why))))
            self.beginShutdown(reason: "the feed gave up reconnecting")
            return
        }
        self.counters.reconnects += 1
        self.log(.info, "feed: reconnect attempt \(self.feed.schedule.attempts) in \(delay) ms")
        self.ingest(.connection(ConnectionEvent(feed: "ws", state: .reconnecting(attempt: self.feed.schedule.attempts))))
        self.feed.reconnectAt = self.now &+ delay &* Nanoseconds.perMillisecond
    }

    /// Closes an open feed so it reconnects (the engine's supervisor found its data
    /// stale); the reconnect follows the backoff as for any drop.
    func reconnectFeed(because reason: String) {
        guard self.feed.phase == .up else { return }
        self.feed.phase = .closing
        self.feed.pongDeadline = nil
        self.feed.nextPing = nil
        self.log(.warning, "feed: \(reason); reconnecting")
        self.effects.append(.closeFeed(reason: reason))
    }

    /// Pings, ping timeouts and due reconnects.
    func feedTimers() {
        if self.feed.phase == .up {
            if let deadline = self.feed.pongDeadline, self.now >= deadline {
                self.feed.phase = .closing
                self.feed.pongDeadline = nil
                self.feed.nextPing = nil
                self.log(.warning, "feed: no pong within \(Nanoseconds(self.settings.pongTimeout)); reconnecting")
                self.effects.append(.closeFeed(reason: "ping timeout"))
            } else if let ping = self.feed.nextPing, self.now >= ping {
                self.effects.append(.sendOnFeed(#"{"method":"ping"}"#))
                self.feed.pongDeadline = self.now &+ self.settings.pongTimeout
                self.feed.nextPing = self.now &+ self.settings.pingInterval
            }
        }
        if self.feed.phase == .down, let at = self.feed.reconnectAt, self.now >= at {
            self.feed.reconnectAt = nil
            self.connectFeed()
        }
    }

    /// A feed frame: decoded, normalized (resent trades and books dropped), journaled and
    /// given to the engine. An undecodable frame is kept in the journal as a non-engine
    /// record with its error.
    func receive(frame text: String) {
        self.counters.frames += 1
        let frame: InboundFrame
        do {
            frame = try InboundFrame(decoding: text)
        } catch {
            self.counters.wireErrors += 1
            self.log(.warning, "undecodable frame kept in the journal: \(error) (\(text.prefix(120)))")
            do { try self.session.recordWireError(frame: text, reason: "\(error)", at: self.now) } catch { self.journalFailed(error) }
            return
        }
        switch frame {
        case .pong: self.feed.pongDeadline = nil
        case .serverError(let message): self.log(.warning, "feed error frame: \(message)")
        default: break
        }
        for event in self.normalizer.events(of: frame, receivedAt: self.now) { self.ingest(event) }
    }
}
