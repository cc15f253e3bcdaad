import HLSim
import Hyperliquid
import JSON
import NIOCore

/// Owns the venue and the open WebSocket connections; every call into the venue goes
/// through this actor, one at a time.
actor VenueServer {
    /// What a connection's writer does next.
    enum Outgoing: Sendable {
        case text(String)
        /// Close the TCP connection without a close frame (the drop fault).
        case drop
        /// Close with a close frame (idle timeout).
        case close(String)
    }

    private struct Connection {
        var session: WebSocketSession
        var output: AsyncStream<Outgoing>.Continuation
        var peer: String
        var reportedOverflow = false
        /// `post` actions sent and not yet answered.
        var inflightPosts = 0
        /// Closes the TCP connection at once, whatever its writer is waiting for.
        var hangUp: @Sendable () -> Void
        /// When the idle close was queued (`nil`: not closing).
        var closingSince: Int64?
        /// The reference endpoint's form, for a connection to the reference feed (nil:
        /// the Hyperliquid WebSocket).
        var reference: ReferenceForm?
        /// The reference drop fault has hung this connection up.
        var dropped = false
    }

    /// How long a connection closed for idleness may take to read its close frame before
    /// it is hung up on (a client that stops reading never reaches it: the frame waits
    /// behind up to 10,000 queued frames).
    static let closeGraceNanoseconds: Int64 = 5_000_000_000

    /// The most WebSocket connections open at once (the exchange's limit), counted apart
    /// for the Hyperliquid WebSocket and the reference feed.
    static let maxConnections = 100
    /// The most unanswered `post` actions per connection (the exchange's limit).
    static let maxInflightPosts = 100

    private let venue: SimVenue
    private let faults: FaultPlan
    /// Whether the reference endpoints are served at all (not `--no-reference`, a synthetic market).
    nonisolated let servesReferenceAtStart: Bool
    private var connections: [Int: Connection] = [:]
    private var nextConnection = 0
    private var startTime: Int64?
    private var nextDrop: Int64?
    private var reportedEnd = false

    init(configuration: SimConfiguration, market: MarketSource) throws {
        let feed: any MarketFeed = switch market {
        case .synthetic: SyntheticFeed(seed: configuration.seed, coins: configuration.coins.map(\.name),
                                       referenceLeadMilliseconds: configuration.referenceLeadMilliseconds)
        case .journal(let path): try JournalFeed(path: path)
        }
        self.venue = SimVenue(configuration: configuration, feed: feed)
        self.faults = configuration.faults
        self.servesReferenceAtStart = configuration.referenceLeadMilliseconds != nil
    }

    // MARK: HTTP

    func info(request: OrderedJSON) -> HTTPAnswer {
        self.venue.info(request: request, now: WallClock.now())
    }

    func admit(request: OrderedJSON) -> ExchangeAdmission {
        self.venue.admit(request, now: WallClock.now())
    }

    func execute(_ action: PreparedAction) -> HTTPAnswer {
        do {
            let (answer, pushes) = try self.venue.execute(action, now: WallClock.now())
            self.deliver(pushes)
            return answer
        } catch {
            return HTTPAnswer(status: 500, body: "market data failed: \(error)", contentType: "text/plain", summary: "500 \(error)")
        }
    }

    // MARK: WebSocket

    /// Opens a connection (to the reference feed when `reference` is given, following its
    /// streams), or `nil` when ``maxConnections`` of its kind are open.
    func connect(peer: String, reference: ReferenceRoute? = nil, hangUp: @escaping @Sendable () -> Void) -> (Int, AsyncStream<Outgoing>)? {
        guard self.connections.values.count(where: { ($0.reference == nil) == (reference == nil) }) < Self.maxConnections else { return nil }
        let (stream, continuation) = AsyncStream<Outgoing>.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        self.nextConnection += 1
        var connection = Connection(session: WebSocketSession(openedAt: WallClock.now()), output: continuation, peer: peer, hangUp: hangUp)
        if let reference {
            connection.reference = reference.form
            self.venue.openReference(reference, session: &connection.session)
        } else {
            continuation.yield(.text(SimVenue.greeting))
        }
        self.connections[self.nextConnection] = connection
        return (self.nextConnection, stream)
    }

    /// Whether the reference feed takes connections now (served, and not in the drop
    /// fault's window).
    func referenceAvailable() -> Bool { !self.venue.isReferenceDown(at: WallClock.now()) }


    func receive(_ text: String, parsed: OrderedJSON?, from id: Int) -> [WebSocketOutput] {
        guard var connection = self.connections[id] else { return [] }
        if let form = connection.reference {
            let replies = self.venue.handleReference(message: text, parsed: parsed, form: form, session: &connection.session, now: WallClock.now())
            self.connections[id] = connection
            for reply in replies { self.enqueue(.text(reply), to: id) }
            return []
        }
        let outputs = self.venue.handle(message: text, parsed: parsed, session: &connection.session, now: WallClock.now())
        self.connections[id] = connection
        var rest: [WebSocketOutput] = []
        for output in outputs {
            switch output {
            case .reply(let text): self.enqueue(.text(text), to: id)
            case .push(let push): self.deliver([push])
            case .action: rest.append(output)
            }
        }
        return rest
    }

    /// Counts a `post` action on connection `id`; `false` when it already has
    /// ``maxInflightPosts`` unanswered.
    func beginPost(on id: Int) -> Bool {
        guard let count = self.connections[id]?.inflightPosts, count < Self.maxInflightPosts else { return false }
        self.connections[id]!.inflightPosts += 1
        return true
    }

    /// A `post` action on connection `id` was answered.
    func endPost(on id: Int) {
        if let count = self.connections[id]?.inflightPosts, count > 0 { self.connections[id]!.inflightPosts -= 1 }
    }

    func send(_ text: String, to id: Int) {
        self.enqueue(.text(text), to: id)
    }

    func postReply(id: Int64, answer: HTTPAnswer) -> String { self.venue.postReply(id: id, answer: answer) }

    func disconnect(_ id: Int) {
        guard let connection = self.connections.removeValue(forKey: id) else { return }
        self.venue.close(connection.session)
        connection.output.finish()
    }

    // MARK: Clock

    /// Plays market data up to now, fires timers and applies connection faults.
    func tick() {
        let now = WallClock.now()
        if self.startTime == nil {
            self.startTime = now
            self.nextDrop = self.faults.dropConnectionsEveryMilliseconds.map { now &+ $0 * 1_000_000 }
        }
        do {
            self.deliver(try self.venue.advance(to: now))
        } catch {
            RequestLog.line("market data error: \(error)")
        }
        if self.venue.marketEnded && !self.reportedEnd {
            self.reportedEnd = true
            if let failure = self.venue.feedFailure {
                RequestLog.line("market data stopped: \(failure); serving the last books, no more updates")
            } else {
                RequestLog.line("market data: the journal holds no book or trades; the feed is silent")
            }
        }
        if let drop = self.nextDrop, now >= drop, let every = self.faults.dropConnectionsEveryMilliseconds {
            self.nextDrop = drop + every * 1_000_000
            for id in self.connections.keys.sorted() where self.connections[id]!.reference == nil {
                RequestLog.line("WS #\(id) dropped (fault: drop connections every \(every) ms)")
                self.connections[id]!.output.yield(.drop)
            }
        }
        if self.venue.isReferenceDown(at: now) {
            for id in self.connections.keys.sorted() where self.connections[id]!.reference != nil && !self.connections[id]!.dropped {
                RequestLog.line("WS #\(id) dropped (fault: reference feed down)")
                self.connections[id]!.dropped = true
                self.connections[id]!.output.yield(.drop)
            }
        }
        for id in self.connections.keys.sorted() {
            let connection = self.connections[id]!
            // A reference client sends nothing once subscribed, as Binance's: never idle.
            guard connection.reference == nil else { continue }
            if let since = connection.closingSince {
                guard now - since > Self.closeGraceNanoseconds else { continue }
                // It did not take its close frame: it is not reading. Free the slot and its queue.
                RequestLog.line("WS #\(id) hung up: it did not read its close frame within 5 s")
                connection.hangUp()
                self.disconnect(id)
            } else if now - connection.session.lastHeard > SimVenue.idleTimeoutNanoseconds {
                RequestLog.line("WS #\(id) closing: nothing received for 60 s")
                self.connections[id]!.output.yield(.close("idle for 60 s"))
                self.connections[id]!.closingSince = now
            }
        }
    }

    private func deliver(_ pushes: [Push]) {
        guard !pushes.isEmpty, !self.connections.isEmpty else { return }
        for push in pushes {
            for id in self.connections.keys.sorted() where self.connections[id]!.session.follows(push.topic) {
                self.enqueue(.text(push.text), to: id)
            }
        }
    }

    /// Queues a frame for a connection; a client that falls 10,000 frames behind loses
    /// the oldest ones, and the log says so (once per connection).
    private func enqueue(_ item: Outgoing, to id: Int) {
        guard let connection = self.connections[id] else { return }
        if case .dropped = connection.output.yield(item), !connection.reportedOverflow {
            self.connections[id]!.reportedOverflow = true
            RequestLog.line("WS #\(id) \(connection.peer) reads too slowly: its oldest queued frames are being dropped")
        }
    }
}

/// Where hl-sim's market data comes from.
enum MarketSource: Sendable {
    case synthetic
    case journal(String)
}
