import Engine

/// One of our orders from placement until it was gone: the prices it rested at.
public struct RestingOrder: Sendable, Equatable {
    /// What ended it.
    public enum Ending: String, Sendable {
        case cancelled, filled, rejected, replaced
        /// An order update with a terminal status (a dead man's switch, margin...).
        case ended
        /// Nothing confirmed it gone: drawn to the cancel request (or the journal's end).
        case open
    }

    /// The coin.
    public var coin: String
    /// Bid or ask.
    public var side: Side
    /// The client order id (`0x…`), or `oid N` for an order named by the exchange.
    public var id: String
    /// The exchange's order id, once an answer named it.
    public var orderID: UInt64?
    /// The size still resting.
    public var size: Size
    /// (time, price) from placement; one more per modify.
    public var steps: [(time: Int64, price: Price)]
    /// When the engine asked to cancel it, if it did.
    public var cancelRequested: Int64?
    /// When it was gone, `nil` while it rests.
    public var end: Int64?
    /// What ended it.
    public var ending = Ending.open

    /// Equal ids, steps and endings.
    public static func == (a: RestingOrder, b: RestingOrder) -> Bool {
        a.id == b.id && a.coin == b.coin && a.end == b.end && a.ending == b.ending && a.cancelRequested == b.cancelRequested
            && a.steps.map(\.time) == b.steps.map(\.time) && a.steps.map(\.price) == b.steps.map(\.price)
    }
}

/// Follows each of our orders through the engine's commands (place, modify, cancel,
/// cancel-all) and the venue's answers (responses, order updates, fills) so the report
/// can draw it for as long as it rests. Orders are kept in placement order.
public struct RestingOrderTracker: Sendable {
    /// Every order seen, in placement order.
    public private(set) var orders: [RestingOrder] = []
    private var open: [String: Int] = [:]
    private var byOrderID: [UInt64: String] = [:]
    private var pendingModify: [String: (time: Int64, price: Price)] = [:]

    /// An empty tracker.
    public init() {}

    /// Looks at a command the engine emitted at `time`.
    public mutating func observe(_ command: Command, at time: Int64) {
        switch command {
        case .place(let order):
            let id = order.clientOrderID.description
            if let index = self.open[id] { self.close(index, at: time, .replaced) }
            self.open[id] = self.orders.count
            self.orders.append(RestingOrder(coin: order.coin, side: order.side, id: id, size: order.size, steps: [(time, order.price)]))
        case .modify(let reference, let replacement):
            guard let id = self.id(of: reference), let index = self.open[id] else { return }
            self.pendingModify[id] = (time, replacement.price)
            // The engine's intent, drawn now: the venue's answer is milliseconds away.
            if self.orders[index].steps.last?.price != replacement.price { self.orders[index].steps.append((time, replacement.price)) }
            self.orders[index].size = replacement.size
        case .cancel(_, let reference):
            guard let id = self.id(of: reference), let index = self.open[id] else { return }
            if self.orders[index].cancelRequested == nil { self.orders[index].cancelRequested = time }
        case .cancelAll(let coin):
            for index in self.open.values.sorted() where coin == nil || self.orders[index].coin == coin {
                if self.orders[index].cancelRequested == nil { self.orders[index].cancelRequested = time }
            }
        default: break
        }
    }

    /// Looks at an input event stamped `time`.
    public mutating func observe(_ event: Event, at time: Int64) {
        switch event {
        case .orderResponse(let response):
            guard let id = response.clientOrderID?.description ?? response.orderID.flatMap({ self.byOrderID[$0] }), let index = self.open[id] else { return }
            if let oid = response.orderID {
                self.byOrderID[oid] = id
                self.orders[index].orderID = oid
            }
            switch response.outcome {
            case .cancelled: self.close(index, at: time, .cancelled)
            case .filled: self.close(index, at: time, .filled)
            case .rejected, .rateLimited:
                if let modify = self.pendingModify.removeValue(forKey: id) {
                    // The modify did not happen: the order still rests at its old price.
                    if let last = self.orders[index].steps.last, last.time == modify.time, self.orders[index].steps.count > 1 {
                        self.orders[index].steps.removeLast()
                    }
                } else if self.orders[index].cancelRequested == nil {
                    self.close(index, at: time, .rejected)
                }
            case .modified: self.pendingModify[id] = nil
            default: break
            }
        case .orderUpdate(let update):
            guard let id = update.clientOrderID?.description ?? self.byOrderID[update.orderID], let index = self.open[id] else { return }
            self.byOrderID[update.orderID] = id
            if update.status.isTerminal {
                self.close(index, at: time, update.status == .filled ? .filled : update.status == .canceled ? .cancelled : .ended)
            }
        case .fill(let fill):
            guard let id = fill.clientOrderID?.description ?? self.byOrderID[fill.orderID], let index = self.open[id] else { return }
            if fill.size >= self.orders[index].size {
                self.close(index, at: time, .filled)
            } else {
                self.orders[index].size = Size(rawValue: self.orders[index].size.rawValue - fill.size.rawValue)
            }
        default: break
        }
    }

    /// The order with this client id or exchange id, open or not (the latest).
    public func order(clientOrderID: ClientOrderID?, orderID: UInt64) -> RestingOrder? {
        let id = clientOrderID?.description ?? self.byOrderID[orderID]
        return self.orders.last { $0.id == id || (id == nil && $0.orderID == orderID) }
    }

    private func id(of reference: OrderReference) -> String? {
        switch reference {
        case .client(let id): return id.description
        case .exchange(let oid): return self.byOrderID[oid]
        }
    }

    private mutating func close(_ index: Int, at time: Int64, _ ending: RestingOrder.Ending) {
        self.orders[index].end = time
        self.orders[index].ending = ending
        self.open[self.orders[index].id] = nil
        self.pendingModify[self.orders[index].id] = nil
    }
}
