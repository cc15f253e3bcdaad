import JSON

/// Every output of the engine. Effects are data: the live driver sends them to the
/// exchange, the backtester to its simulated exchange, and both journal them.
public enum Command: Hashable, Sendable {
    /// Place a new limit order.
    case place(OrderRequest)
    /// Cancel one order.
    case cancel(coin: String, order: OrderReference)
    /// Replace an order's price and size in place.
    case modify(order: OrderReference, replacement: OrderRequest)
    /// Cancel every open order (of one coin, or all coins when `nil`).
    case cancelAll(coin: String?)
    /// Arm the exchange's dead man's switch to cancel everything at a virtual time (ns);
    /// `nil` disarms it.
    case scheduleCancel(deadline: Int64?)
    /// A record of why the engine acted as it did.
    case decision(DecisionRecord)
    /// Ask the venue something (see ``VenueQuery``); the answer comes back as an input.
    case query(VenueQuery)
    /// Drop and reopen a feed's connection: its data went stale while it claims to be up
    /// (the runbook's connection supervisor: two stale readings in a row).
    case reconnect(feed: String)
}

extension Command {
    /// The command part of the record type registry (``RecordType``, which holds the
    /// tags and names): one case per command type.
    public enum Kind: RecordKind {
        case place, cancel, modify, cancelAll, scheduleCancel, decision, query, reconnect

        /// The registry entry of this command type.
        @inline(__always)
        public var recordType: RecordType {
            switch self {
            case .place: return .place
            case .cancel: return .cancel
            case .modify: return .modify
            case .cancelAll: return .cancelAll
            case .scheduleCancel: return .scheduleCancel
            case .decision: return .decision
            case .query: return .query
            case .reconnect: return .reconnect
            }
        }

        /// The command type of a registry entry, or `nil` when it is not a command.
        @inline(__always)
        public init?(_ type: RecordType) {
            switch type {
            case .place: self = .place
            case .cancel: self = .cancel
            case .modify: self = .modify
            case .cancelAll: self = .cancelAll
            case .scheduleCancel: self = .scheduleCancel
            case .decision: self = .decision
            case .query: self = .query
            case .reconnect: self = .reconnect
            case .book, .trades, .fill, .orderUpdate, .orderResponse, .account, .userEvent, .connection, .rateLimit,
                 .referencePrice, .tick, .operator, .orderLookup, .referenceQuote, .referenceTrades, .snapshot, .wireError:
                return nil
            }
        }
    }

    /// This command's type tag.
    public var kind: Kind {
        switch self {
        case .place: return .place
        case .cancel: return .cancel
        case .modify: return .modify
        case .cancelAll: return .cancelAll
        case .scheduleCancel: return .scheduleCancel
        case .decision: return .decision
        case .query: return .query
        case .reconnect: return .reconnect
        }
    }
}

extension Command: TaggedPayload {
    /// The payload encoding version this build writes and reads.
    public static let encodingVersion: UInt8 = 1

    public var tag: UInt16 { self.kind.rawValue }
    public var typeName: String { self.kind.name }

    public func encodePayload(to writer: inout BinaryWriter) {
        writer.write(Self.encodingVersion)
        switch self {
        case .place(let order): order.encode(to: &writer)
        case .cancel(let coin, let order): writer.write(coin); order.encode(to: &writer)
        case .modify(let order, let replacement): order.encode(to: &writer); replacement.encode(to: &writer)
        case .cancelAll(let coin): writer.writeOptional(coin) { $0.write($1) }
        case .scheduleCancel(let deadline): writer.writeOptional(deadline) { $0.write($1) }
        case .decision(let record): record.encode(to: &writer)
        case .query(let query): query.encode(to: &writer)
        case .reconnect(let feed): writer.write(feed)
        }
    }

    public init(tag: UInt16, payload: UnsafeRawBufferPointer) throws(BinaryDecodingError) {
        guard let kind = Kind(rawValue: tag) else { throw .unknownTag(what: "command", tag: UInt64(tag)) }
        var reader = BinaryReader(payload, context: kind.name)
        try reader.readVersion(supported: Self.encodingVersion)
        switch kind {
        case .place: self = .place(try OrderRequest(from: &reader))
        case .cancel: self = .cancel(coin: try reader.readString(), order: try OrderReference(from: &reader))
        case .modify: self = .modify(order: try OrderReference(from: &reader), replacement: try OrderRequest(from: &reader))
        case .cancelAll: self = .cancelAll(coin: try reader.readOptional { (r) throws(BinaryDecodingError) in try r.readString() })
        case .scheduleCancel: self = .scheduleCancel(deadline: try reader.readOptional { (r) throws(BinaryDecodingError) in try r.read(Int64.self) })
        case .decision: self = .decision(try DecisionRecord(from: &reader))
        case .query: self = .query(try VenueQuery(from: &reader))
        case .reconnect: self = .reconnect(feed: try reader.readString())
        }
        try reader.expectEnd()
    }

    public func renderFields(to json: inout JSONWriter) {
        switch self {
        case .place(let order): order.renderFields(to: &json)
        case .cancel(let coin, let order): json.field("coin", coin); order.renderFields(to: &json)
        case .modify(let order, let replacement):
            json.field("target", object: order)
            json.field("order", object: replacement)
        case .cancelAll(let coin): json.field("coin", coin)
        case .scheduleCancel(let deadline): json.field("deadline", deadline)
        case .decision(let record): record.renderFields(to: &json)
        case .query(let query): query.renderFields(to: &json)
        case .reconnect(let feed): json.field("feed", feed)
        }
    }
}
