import JSON

/// The state of one data or order feed, as the live driver saw it.
public enum ConnectionState: Hashable, Sendable {
    case connected
    case disconnected(reason: String)
    /// Reconnecting; `attempt` counts from 1.
    case reconnecting(attempt: UInt32)
    /// Gave up reconnecting.
    case failed(reason: String)
}

/// A change of a feed's connection state.
public struct ConnectionEvent: Hashable, Sendable {
    /// Which feed ("ws", "l2Book:BTC", "exchange").
    public var feed: String
    public var state: ConnectionState

    public init(feed: String, state: ConnectionState) {
        self.feed = feed
        self.state = state
    }
}

extension ConnectionEvent: BinaryCodable, JSONRenderable {
    public func encode(to writer: inout BinaryWriter) {
        writer.write(self.feed)
        switch self.state {
        case .connected: writer.write(UInt8(0))
        case .disconnected(let reason): writer.write(UInt8(1)); writer.write(reason)
        case .reconnecting(let attempt): writer.write(UInt8(2)); writer.write(attempt)
        case .failed(let reason): writer.write(UInt8(3)); writer.write(reason)
        }
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        let feed = try reader.readString()
        switch try reader.read(UInt8.self) {
        case 0: self.init(feed: feed, state: .connected)
        case 1: self.init(feed: feed, state: .disconnected(reason: try reader.readString()))
        case 2: self.init(feed: feed, state: .reconnecting(attempt: try reader.read()))
        case 3: self.init(feed: feed, state: .failed(reason: try reader.readString()))
        case let tag: throw .unknownTag(what: "\(reader.context).state", tag: UInt64(tag))
        }
    }
    public func renderFields(to json: inout JSONWriter) {
        json.field("feed", self.feed)
        switch self.state {
        case .connected: json.field("state", "connected")
        case .disconnected(let reason): json.field("state", "disconnected"); json.field("reason", reason)
        case .reconnecting(let attempt): json.field("state", "reconnecting"); json.field("attempt", attempt)
        case .failed(let reason): json.field("state", "failed"); json.field("reason", reason)
        }
    }
}
