import Engine


extension InboundFrame {
    /// The engine events a frame carries, in order (none for acks, pongs, the greeting
    /// and channels the engine does not use).
    public var events: [Event] {
        switch self {
        case .book(let book): return [.book(book)]
        case .trades(let batches): return batches.map { .trades($0) }
        case .fills(let fills): return fills.map { .fill($0) }
        case .orderUpdates(let updates): return updates.map { .orderUpdate($0) }
        case .userEvents(let events): return events.map { .userEvent($0) }
        case .account(let snapshot): return [.account(snapshot)]
        case .openOrders, .subscriptionAcknowledged, .pong, .greeting, .serverError, .notTranslated: return []
        }
    }
}
