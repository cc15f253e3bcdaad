/// One WebSocket connection's subscriptions. Topics name what a subscription follows:
/// `l2Book:COIN`, `trades:COIN`, `bbo:COIN`, `allMids`, and per (lowercased) user
/// `orderUpdates:`, `user:` (userEvents), `userFills:`, `userFundings:`,
/// `clearinghouseState:`, `openOrders:`.
public struct WebSocketSession: Sendable {
    /// Followed topics, in subscription order.
    public private(set) var topics: [String] = []
    private var followed: Set<String> = []

    /// The most subscriptions one connection may hold (the exchange's limit).
    public static let maxSubscriptions = 1_000
    /// The most distinct users one connection's user subscriptions may name (the
    /// exchange's limit).
    public static let maxUsers = 10
    /// Unix nanoseconds of the last message from the client (for the 60 s idle close).
    public var lastHeard: Int64

    public init(openedAt time: Int64) { self.lastHeard = time }

    /// Whether this session follows `topic`.
    public func follows(_ topic: String) -> Bool { self.followed.contains(topic) }

    /// Why following `topic` would break a limit, or `nil` when it may be added.
    func limitProblem(adding topic: String) -> String? {
        if self.topics.count >= Self.maxSubscriptions {
            return "Cannot track more than \(Self.maxSubscriptions) total websocket subscriptions"
        }
        if let user = Self.user(of: topic) {
            var users = Set(self.topics.compactMap(Self.user(of:)))
            users.insert(user)
            if users.count > Self.maxUsers { return "Cannot track more than \(Self.maxUsers) total users" }
        }
        return nil
    }

    mutating func add(_ topic: String) {
        if self.followed.insert(topic).inserted { self.topics.append(topic) }
    }

    mutating func remove(_ topic: String) {
        if self.followed.remove(topic) != nil { self.topics.removeAll { $0 == topic } }
    }

    /// The user a per-user topic names (`orderUpdates:0xabc…`), or `nil`.
    static func user(of topic: String) -> Substring? {
        guard let colon = topic.firstIndex(of: ":") else { return nil }
        let rest = topic[topic.index(after: colon)...]
        return rest.hasPrefix("0x") ? rest : nil
    }
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
