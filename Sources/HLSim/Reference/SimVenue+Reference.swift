import Engine
import JSON
import SimulatedExchange

/// The reference feed's own state: `bookTicker` update ids and the PRNG that picks
/// malformed frames (apart from the venue's, so the other faults' picks do not move).
struct ReferenceFeedState {
    var random: Xoshiro256StarStar
    var nextUpdateID: UInt64 = 400_000_000

    init(seed: UInt64) { self.random = Xoshiro256StarStar(seed: seed ^ 0x0B1A_7CE0_F00D) }
}

/// The Binance-compatible reference feed: the feed's `referenceQuote` and
/// `referenceTrades` events served as `bookTicker` and `aggTrade` frames on
/// `/binance/stream` (combined) and `/binance/ws` (raw), with the reference faults.
extension SimVenue {
    /// Whether the reference endpoints are served (``SimConfiguration/referenceLeadMilliseconds`` set).
    public var servesReference: Bool { self.configuration.referenceLeadMilliseconds != nil }

    /// Milliseconds since the venue's first `advance` (0 before it).
    func elapsedMilliseconds(at now: Int64) -> Int64 {
        guard let start = self.startTime else { return 0 }
        return (now - start) / 1_000_000
    }

    /// Whether reference connections are to be dropped and refused at `now` (not served,
    /// or the drop fault's window).
    public func isReferenceDown(at now: Int64) -> Bool {
        !self.servesReference || self.configuration.faults.isReferenceDropped(elapsedMilliseconds: self.elapsedMilliseconds(at: now))
    }

    /// The topic a reference connection of `form` follows for `stream`.
    static func referenceTopic(_ form: ReferenceForm, _ stream: String) -> String { "binance:\(form.rawValue):\(stream)" }

    /// Follows the streams a new reference connection names in its URL.
    public func openReference(_ route: ReferenceRoute, session: inout WebSocketSession) {
        for stream in route.streams { self.followReference(Self.referenceTopic(route.form, stream), session: &session) }
    }

    private func followReference(_ topic: String, session: inout WebSocketSession) {
        guard !session.follows(topic), session.limitProblem(adding: topic) == nil else { return }
        session.add(topic)
        self.followers[topic, default: 0] += 1
    }

    /// Answers one text message on a reference connection (Binance's live requests:
    /// `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`). Reference connections are never
    /// closed for idleness (a Binance client sends nothing once subscribed).
    public func handleReference(message text: String, parsed: OrderedJSON?, form: ReferenceForm, session: inout WebSocketSession,
                                now: Int64) -> [String] {
        session.lastHeard = now
        guard let request = parsed, case .object = request else {
            return [BinanceWire.error(code: 3, "Invalid JSON: \(text.prefix(200))", id: nil)]
        }
        guard let id = request["id"], id.isRequestID else {
            return [BinanceWire.error(code: 2, "Invalid request: request ID must be an unsigned integer", id: nil)]
        }
        guard case .string(let method)? = request["method"] else {
            return [BinanceWire.error(code: 2, "Invalid request: missing field `method`", id: id)]
        }
        switch method {
        case "SUBSCRIBE", "UNSUBSCRIBE":
            guard case .array(let params)? = request["params"] else {
                return [BinanceWire.error(code: 2, "Invalid request: missing field `params`", id: id)]
            }
            var streams: [String] = []
            for param in params {
                guard case .string(let name) = param else { return [BinanceWire.error(code: 1, "Invalid value type: expected String", id: id)] }
                streams.append(ReferenceRoute.canonicalStream(name))
            }
            for stream in streams {
                let topic = Self.referenceTopic(form, stream)
                if method == "SUBSCRIBE" {
                    if let problem = session.limitProblem(adding: topic), !session.follows(topic) {
                        return [BinanceWire.error(code: 2, "Invalid request: \(problem)", id: id)]
                    }
                    self.followReference(topic, session: &session)
                } else if session.follows(topic) {
                    session.remove(topic)
                    self.unfollow(topic)
                }
            }
            return [BinanceWire.result(.null, id: id)]
        case "LIST_SUBSCRIPTIONS":
            let prefix = Self.referenceTopic(form, "")
            let streams = session.topics.filter { $0.hasPrefix(prefix) }.map { OrderedJSON.string(String($0.dropFirst(prefix.count))) }
            return [BinanceWire.result(.array(streams), id: id)]
        case "GET_PROPERTY":
            return [BinanceWire.result(.bool(form == .combined), id: id)]
        default:
            return [BinanceWire.error(code: 2, "Invalid request: unknown variant `\(method.prefix(64))`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, "
                                     + "`LIST_SUBSCRIPTIONS`, `GET_PROPERTY` (hl-sim does not support `SET_PROPERTY`)", id: id)]
        }
    }

    /// One reference event as frames to the connections that follow its streams, unless
    /// the reference feed is stalled or down at `time`.
    func publishReference(_ event: Event, at time: Int64, into pushes: inout [Push]) {
        let elapsed = self.elapsedMilliseconds(at: time)
        let faults = self.configuration.faults
        guard self.servesReference, !faults.isReferenceDropped(elapsedMilliseconds: elapsed),
              !faults.isReferenceStalled(elapsedMilliseconds: elapsed) else { return }
        switch event {
        case .referenceQuote(let quote):
            guard self.assets[quote.coin] != nil else { return }
            self.reference.nextUpdateID += 1
            let malformed = self.pickMalformed()
            self.pushReference(BinanceWire.bookTicker(quote, updateID: self.reference.nextUpdateID, time: time),
                               stream: BinanceWire.streamPrefix(of: quote.coin) + "@bookTicker", malformed: malformed, into: &pushes)
        case .referenceTrades(let batch):
            guard self.assets[batch.coin] != nil else { return }
            for trade in batch.trades {
                let malformed = self.pickMalformed()
                self.pushReference(BinanceWire.aggTrade(trade, coin: batch.coin, time: time),
                                   stream: BinanceWire.streamPrefix(of: batch.coin) + "@aggTrade", malformed: malformed, into: &pushes)
            }
        default:
            return
        }
    }

    /// Whether the next reference frame is sent malformed (one draw per frame whenever
    /// the fault is on, followed or not, so the picks do not depend on subscribers).
    private func pickMalformed() -> Bool {
        let share = self.configuration.faults.malformedReferenceShare
        guard share > 0 else { return false }
        return self.reference.random.nextUnit() < share
    }

    private func pushReference(_ data: OrderedJSON, stream: String, malformed: Bool, into pushes: inout [Push]) {
        for form in [ReferenceForm.combined, .raw] {
            let topic = Self.referenceTopic(form, stream)
            guard self.isFollowed(topic) else { continue }
            var text = form == .combined ? BinanceWire.combined(stream, data).text : data.text
            // Cut short: not JSON, as a frame damaged on the way.
            if malformed { text = String(text.prefix(text.count / 2)) }
            pushes.append(Push(topic: topic, text: text))
        }
    }
}

extension OrderedJSON {
    /// Whether this is a request id Binance takes (an integer or a string).
    var isRequestID: Bool {
        switch self {
        case .integer(let value): return value >= 0
        case .unsigned, .string: return true
        default: return false
        }
    }
}
