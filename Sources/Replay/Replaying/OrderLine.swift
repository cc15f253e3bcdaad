import Engine

/// A command as one short line of what it does to orders (`place BTC B 104969 0.001`),
/// for divergence reports.
enum OrderLine {
    /// The line, or `nil` for commands that do not touch orders (decisions, queries,
    /// reconnects).
    static func describe(_ command: Command) -> String? {
        switch command {
        case .place(let order):
            return "place \(order.coin) \(self.side(order.side)) \(order.price) \(order.size) (\(order.clientOrderID))"
        case .cancel(let coin, let reference):
            return "cancel \(coin) \(self.reference(reference))"
        case .modify(let reference, let replacement):
            return "modify \(replacement.coin) \(self.reference(reference)) to \(self.side(replacement.side)) \(replacement.price) \(replacement.size)"
        case .cancelAll(let coin):
            return "cancelAll \(coin ?? "every coin")"
        case .scheduleCancel(let deadline):
            return "scheduleCancel " + (deadline.map { "at \($0)" } ?? "cleared")
        case .decision, .query, .reconnect:
            return nil
        }
    }

    static func side(_ side: Side) -> String { side == .bid ? "B" : "A" }

    static func reference(_ reference: OrderReference) -> String {
        switch reference {
        case .client(let id): return "cloid \(id)"
        case .exchange(let oid): return "oid \(oid)"
        }
    }
}
