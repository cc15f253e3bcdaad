import JSON

/// Every input the engine accepts. The engine's behaviour is a function of the sequence
/// of these (with their stamps) and of its config, nothing else.
///
/// The market-data cases (books, trades: nearly every event) are stored inline; the
/// rarer, larger ones are `indirect` (boxed), which keeps an event at a few dozen bytes
/// instead of ~180, so queues and batches of events copy less.
public enum Event: Hashable, Sendable {
    /// A full L2 book snapshot.
    case book(BookSnapshot)
    /// Public trades for one coin.
    case trades(TradeBatch)
    /// One of our fills.
    indirect case fill(Fill)
    /// A status change of one of our orders.
    indirect case orderUpdate(OrderUpdate)
    /// The exchange's answer to one of our requests.
    indirect case orderResponse(OrderResponse)
    /// Account margin state and positions.
    indirect case account(AccountSnapshot)
    /// Funding, liquidation or a cancel we did not ask for.
    indirect case userEvent(UserEvent)
    /// A feed connected, dropped, is reconnecting, or gave up.
    indirect case connection(ConnectionEvent)
    /// API request headroom.
    indirect case rateLimit(RateLimitStatus)
    /// A price from another venue.
    indirect case referencePrice(ReferencePrice)
    /// The best bid and ask of a reference venue (cross-venue signals).
    indirect case referenceQuote(ReferenceQuote)
    /// Public trades of a reference venue (cross-venue flow).
    indirect case referenceTrades(ReferenceTrades)
    /// A timer tick inserted by the driver (live: every N ms; backtest: from the virtual clock).
    case tick
    /// A manual instruction.
    indirect case `operator`(OperatorAction)
    /// The venue's answer to an order lookup (``VenueQuery/orderStatus(coin:clientOrderID:)``).
    indirect case orderLookup(OrderLookup)
}

extension Event {
    /// The event part of the record type registry (``RecordType``, which holds the
    /// tags and names): one case per event type.
    public enum Kind: RecordKind {
        case book, trades, fill, orderUpdate, orderResponse, account, userEvent, connection
        case rateLimit, referencePrice, tick, `operator`, orderLookup, referenceQuote, referenceTrades

        /// The registry entry of this event type.
        @inline(__always)
        public var recordType: RecordType {
            switch self {
            case .book: return .book
            case .trades: return .trades
            case .fill: return .fill
            case .orderUpdate: return .orderUpdate
            case .orderResponse: return .orderResponse
            case .account: return .account
            case .userEvent: return .userEvent
            case .connection: return .connection
            case .rateLimit: return .rateLimit
            case .referencePrice: return .referencePrice
            case .tick: return .tick
            case .operator: return .operator
            case .orderLookup: return .orderLookup
            case .referenceQuote: return .referenceQuote
            case .referenceTrades: return .referenceTrades
            }
        }

        /// The event type of a registry entry, or `nil` when it is not an event.
        @inline(__always)
        public init?(_ type: RecordType) {
            switch type {
            case .book: self = .book
            case .trades: self = .trades
            case .fill: self = .fill
            case .orderUpdate: self = .orderUpdate
            case .orderResponse: self = .orderResponse
            case .account: self = .account
            case .userEvent: self = .userEvent
            case .connection: self = .connection
            case .rateLimit: self = .rateLimit
            case .referencePrice: self = .referencePrice
            case .tick: self = .tick
            case .operator: self = .operator
            case .orderLookup: self = .orderLookup
            case .referenceQuote: self = .referenceQuote
            case .referenceTrades: self = .referenceTrades
            case .place, .cancel, .modify, .cancelAll, .scheduleCancel, .decision, .query, .reconnect, .snapshot, .wireError:
                return nil
            }
        }
    }

    /// This event's type tag.
    public var kind: Kind {
        switch self {
        case .book: return .book
        case .trades: return .trades
        case .fill: return .fill
        case .orderUpdate: return .orderUpdate
        case .orderResponse: return .orderResponse
        case .account: return .account
        case .userEvent: return .userEvent
        case .connection: return .connection
        case .rateLimit: return .rateLimit
        case .referencePrice: return .referencePrice
        case .tick: return .tick
        case .operator: return .operator
        case .orderLookup: return .orderLookup
        case .referenceQuote: return .referenceQuote
        case .referenceTrades: return .referenceTrades
        }
    }
}

extension Event: TaggedPayload {
    /// The payload encoding version this build writes for every event but books (and
    /// the oldest it reads for books).
    public static let encodingVersion: UInt8 = 1
    /// The payload version this build writes for books: 2, the compact level encoding
    /// (``BookSnapshot/encodeCompact(to:)``). Version-1 books (fixed 20-byte levels)
    /// still decode.
    public static let bookEncodingVersion: UInt8 = 2

    public var tag: UInt16 { self.kind.rawValue }

    public func encodePayload(to writer: inout BinaryWriter) {
        if case .book(let value) = self {
            writer.write(Self.bookEncodingVersion)
            value.encodeCompact(to: &writer)
            return
        }
        writer.write(Self.encodingVersion)
        switch self {
        case .book(let value): value.encode(to: &writer)
        case .trades(let value): value.encode(to: &writer)
        case .fill(let value): value.encode(to: &writer)
        case .orderUpdate(let value): value.encode(to: &writer)
        case .orderResponse(let value): value.encode(to: &writer)
        case .account(let value): value.encode(to: &writer)
        case .userEvent(let value): value.encode(to: &writer)
        case .connection(let value): value.encode(to: &writer)
        case .rateLimit(let value): value.encode(to: &writer)
        case .referencePrice(let value): value.encode(to: &writer)
        case .tick: break
        case .operator(let value): value.encode(to: &writer)
        case .orderLookup(let value): value.encode(to: &writer)
        case .referenceQuote(let value): value.encode(to: &writer)
        case .referenceTrades(let value): value.encode(to: &writer)
        }
    }

    public init(tag: UInt16, payload: UnsafeRawBufferPointer) throws(BinaryDecodingError) {
        guard let kind = Kind(rawValue: tag) else { throw .unknownTag(what: "event", tag: UInt64(tag)) }
        if kind == .book {
            var bids: [BookLevel] = []
            var asks: [BookLevel] = []
            try self.init(bookPayload: payload, reusingBids: &bids, asks: &asks)
            return
        }
        var reader = BinaryReader(payload, context: kind.name)
        try reader.readVersion(supported: Self.encodingVersion)
        switch kind {
        case .book: self = .book(try BookSnapshot(from: &reader))
        case .trades: self = .trades(try TradeBatch(from: &reader))
        case .fill: self = .fill(try Fill(from: &reader))
        case .orderUpdate: self = .orderUpdate(try OrderUpdate(from: &reader))
        case .orderResponse: self = .orderResponse(try OrderResponse(from: &reader))
        case .account: self = .account(try AccountSnapshot(from: &reader))
        case .userEvent: self = .userEvent(try UserEvent(from: &reader))
        case .connection: self = .connection(try ConnectionEvent(from: &reader))
        case .rateLimit: self = .rateLimit(try RateLimitStatus(from: &reader))
        case .referencePrice: self = .referencePrice(try ReferencePrice(from: &reader))
        case .tick: self = .tick
        case .operator: self = .operator(try OperatorAction(from: &reader))
        case .orderLookup: self = .orderLookup(try OrderLookup(from: &reader))
        case .referenceQuote: self = .referenceQuote(try ReferenceQuote(from: &reader))
        case .referenceTrades: self = .referenceTrades(try ReferenceTrades(from: &reader))
        }
        try reader.expectEnd()
        try self.checkLimits()
    }

    /// Decodes the payload of a `book` record, taking the storage of `bids` and `asks`
    /// for the compact encoding's levels when they are unique and large enough (see
    /// ``BookSnapshot/init(compactFrom:reusingBids:asks:)``). Same checks and errors as
    /// ``init(tag:payload:)``.
    package init(bookPayload payload: UnsafeRawBufferPointer, reusingBids bids: inout [BookLevel], asks: inout [BookLevel]) throws(BinaryDecodingError) {
        var reader = BinaryReader(payload, context: Kind.book.name)
        switch try reader.readVersion(supported: Self.encodingVersion...Self.bookEncodingVersion) {
        case Self.encodingVersion: self = .book(try BookSnapshot(from: &reader))
        default: self = .book(try BookSnapshot(compactFrom: &reader, reusingBids: &bids, asks: &asks))
        }
        try reader.expectEnd()
        try self.checkLimits()
    }

    /// Throws when a decoded event breaks ``Limits``: a journal that holds such a value
    /// is refused like a corrupt one, never fed to the engine.
    @inline(__always)
    private func checkLimits() throws(BinaryDecodingError) {
        if let problem = self.limitProblem {
            throw .outsideLimits(what: self.kind.name, reason: problem)
        }
    }

    public var typeName: String { self.kind.name }

    public func renderFields(to json: inout JSONWriter) {
        switch self {
        case .book(let value): value.renderFields(to: &json)
        case .trades(let value): value.renderFields(to: &json)
        case .fill(let value): value.renderFields(to: &json)
        case .orderUpdate(let value): value.renderFields(to: &json)
        case .orderResponse(let value): value.renderFields(to: &json)
        case .account(let value): value.renderFields(to: &json)
        case .userEvent(let value): value.renderFields(to: &json)
        case .connection(let value): value.renderFields(to: &json)
        case .rateLimit(let value): value.renderFields(to: &json)
        case .referencePrice(let value): value.renderFields(to: &json)
        case .tick: break
        case .operator(let value): value.renderFields(to: &json)
        case .orderLookup(let value): value.renderFields(to: &json)
        case .referenceQuote(let value): value.renderFields(to: &json)
        case .referenceTrades(let value): value.renderFields(to: &json)
        }
    }
}
