/// One WebSocket connection's subscriptions. Topics name what a subscription follows:
/// `l2Book:COIN`, `trades:COIN`, `bbo:COIN`, `allMids`, and per (lowercased) user
/// `orderUpdates:`, `user:` (userEvents), `userFills:`, `userFundings:`,
/// `clearinghouseState:`, `openOrders:`.
public struct WebSocketSession: Sendable {
    /// Followed topics, in subscription order.
    public private(set) var topics: [String] = []
    /// Unix nanoseconds of the last message from the client (for the 60 s idle close).
    public var lastHeard: Int64

    public init(openedAt time: Int64) { self.lastHeard = time }

    /// Whether this session follows `topic`.
    public func follows(_ topic: String) -> Bool { self.topics.contains(topic) }

    mutating func add(_ topic: String) { self.topics.append(topic) }

    mutating func remove(_ topic: String) { self.topics.removeAll { $0 == topic } }
}

/// What the server does after a WebSocket message.
public enum WebSocketOutput: Sendable {
    /// Send this text to the client that sent the message.
    case reply(String)
    /// Send this to every session following the push's topic.
    case push(Push)
    /// Carry out an action (a `post` of type `action`) after its delay, then reply with
    /// ``SimVenue/postReply(id:answer:)``.
    case action(id: Int64, PreparedAction)
}
