import Engine
import Hyperliquid
import JSON

/// Turns engine commands into `/exchange` requests and keeps requests for one order in
/// order: a cancel or modify never overtakes the place (or earlier modify or cancel) of
/// the same order. It waits, held here, until that request's outcome is known.
///
/// Commands are batched per kind (places, modifies, cancels by cloid, cancels by oid);
/// an order that cannot be expressed on the wire (off the tick grid, unknown coin) is
/// answered at once as rejected, never rounded. It also keeps the set of our orders that
/// may be open as far as the venue told us, for `cancelAll`.
public struct OrderGateway: Sendable {
    public let assets: AssetDirectory
    /// How long after signing an order or modify action expires (ms).
    public let expiresAfterMilliseconds: Int64
    /// Our orders that may be open: cloid → (coin, oid once known).
    public private(set) var open: [ClientOrderID: (coin: String, orderID: UInt64?)] = [:]
    /// Requests sent and not answered yet, by id.
    public private(set) var inFlight: [UInt64: ExchangeRequest] = [:]
    /// The request in flight for each order.
    private var busy: [ClientOrderID: UInt64] = [:]
    /// Operations waiting for an earlier request of their order, oldest first.
    private var held: [ClientOrderID: [Operation]] = [:]
    private var nextID: UInt64 = 1
    private var nonces = NonceClock()

    /// One order operation.
    enum Operation: Sendable {
        case place(OrderRequest)
        case modify(OrderReference, OrderRequest)
        case cancel(coin: String, OrderReference)
        case scheduleCancel(deadline: Int64?)
    }

    public init(assets: AssetDirectory, expiresAfterMilliseconds: Int64) {
        self.assets = assets
        self.expiresAfterMilliseconds = expiresAfterMilliseconds
    }

    /// Operations held behind an earlier request of their order.
    public var heldCount: Int { self.held.values.reduce(0) { $0 + $1.count } }

    /// The requests to send now for `commands` (queries and decisions are not the
    /// gateway's), and immediate refusals for orders that cannot be expressed on the wire:
    /// those are fed back to the engine as rejected responses so it never waits for them.
    public mutating func submit(_ commands: [Command], at time: Int64) -> (requests: [ExchangeRequest], refused: [OrderResponse]) {
        var ready: [Operation] = []
        var refused: [OrderResponse] = []
        var cancelling: Set<ClientOrderID> = []
        for command in commands {
            switch command {
            case .place(let order):
                do {
                    try ExchangeAction.validate(order, assets: self.assets)
                    ready.append(.place(order))
                } catch {
                    refused.append(OrderResponse(coin: order.coin, clientOrderID: order.clientOrderID, orderID: nil,
                                                 outcome: .rejected(message: "not sent: \(error)")))
                }
            case .modify(let reference, let replacement):
                do {
                    try ExchangeAction.validate(replacement, assets: self.assets)
                    ready.append(.modify(reference, replacement))
                } catch {
                    refused.append(OrderResponse(coin: replacement.coin, clientOrderID: replacement.clientOrderID, orderID: nil,
                                                 outcome: .rejected(message: "not sent: \(error)")))
                }
            case .cancel(let coin, let reference):
                if case .client(let id) = reference { cancelling.insert(id) }
                ready.append(.cancel(coin: coin, reference))
            case .cancelAll(let coin):
                for (id, order) in self.open.sorted(by: { $0.key < $1.key }) where coin == nil || order.coin == coin {
                    if cancelling.insert(id).inserted { ready.append(.cancel(coin: order.coin, .client(id))) }
                }
            case .scheduleCancel(let deadline):
                ready.append(.scheduleCancel(deadline: deadline))
            case .decision, .query, .reconnect:
                break
            }
        }
        var now: [Operation] = []
        for operation in ready {
            if let id = self.orderID(of: operation), self.busy[id] != nil || self.held[id] != nil {
                self.held[id, default: []].append(operation)
            } else {
                now.append(operation)
            }
        }
        return (self.requests(for: now, at: time), refused)
    }

    /// The request `id` has its outcome: forgets it, and returns the held requests of
    /// its orders that may go now.
    public mutating func complete(_ id: UInt64, at time: Int64) -> [ExchangeRequest] {
        guard let request = self.inFlight.removeValue(forKey: id) else { return [] }
        var released: [Operation] = []
        for order in request.orders where self.busy[order] == id {
            self.busy[order] = nil
            if var queue = self.held[order], !queue.isEmpty {
                released.append(queue.removeFirst())
                self.held[order] = queue.isEmpty ? nil : queue
            }
        }
        return self.requests(for: released, at: time)
    }

    /// The client id an operation concerns, if any.
    private func orderID(of operation: Operation) -> ClientOrderID? {
        switch operation {
        case .place(let order): return order.clientOrderID
        case .modify(.client(let id), _), .cancel(_, .client(let id)): return id
        case .modify(.exchange(let oid), _), .cancel(_, .exchange(let oid)):
            return self.open.first { $0.value.orderID == oid }?.key
        case .scheduleCancel: return nil
        }
    }

    private mutating func makeRequest(_ action: OrderedJSON, kind: ExchangeResponse.RequestKind?, items: [ExchangeResponse.RequestItem],
                                      label: String, orders: [ClientOrderID], expires: Bool, at time: Int64) -> ExchangeRequest {
        let nonce = self.nonces.next(nowMilliseconds: Timestamp(time).milliseconds)
        let request = ExchangeRequest(id: self.nextID, action: action, nonce: nonce,
                                      expiresAfter: expires ? nonce &+ UInt64(max(0, self.expiresAfterMilliseconds)) : nil,
                                      kind: kind, items: items, label: label, orders: orders)
        self.nextID += 1
        self.inFlight[request.id] = request
        for order in orders { self.busy[order] = request.id }
        return request
    }

    /// Batches operations into requests: places, modifies, cancels by cloid, cancels by
    /// oid, the dead man's switch (in that order).
    private mutating func requests(for operations: [Operation], at time: Int64) -> [ExchangeRequest] {
        var places: [OrderRequest] = []
        var modifies: [(order: OrderReference, replacement: OrderRequest)] = []
        var cancelsByCloid: [(coin: String, clientOrderID: ClientOrderID)] = []
        var cancelsByOid: [(coin: String, orderID: UInt64)] = []
        var deadline: Int64??
        for operation in operations {
            switch operation {
            case .place(let order): places.append(order)
            case .modify(let reference, let replacement): modifies.append((reference, replacement))
            case .cancel(let coin, .client(let id)): cancelsByCloid.append((coin, id))
            case .cancel(let coin, .exchange(let oid)): cancelsByOid.append((coin, oid))
            case .scheduleCancel(let at): deadline = .some(at)
            }
        }
        var requests: [ExchangeRequest] = []
        if !places.isEmpty, let action = try? ExchangeAction.order(places, assets: self.assets) {
            for order in places { self.open[order.clientOrderID] = (order.coin, nil) }
            requests.append(self.makeRequest(action, kind: .order, items: places.map { .init(coin: $0.coin, clientOrderID: $0.clientOrderID, orderID: nil) },
                                             label: "place x\(places.count)", orders: places.map(\.clientOrderID), expires: true, at: time))
        }
        if !modifies.isEmpty, let action = try? ExchangeAction.modify(modifies, assets: self.assets) {
            var ids: [ClientOrderID] = []
            for modify in modifies {
                if case .client(let old) = modify.order {
                    ids.append(old)
                    if old != modify.replacement.clientOrderID { self.open[old] = nil }
                }
                self.open[modify.replacement.clientOrderID] = (modify.replacement.coin, self.open[modify.replacement.clientOrderID]?.orderID)
            }
            requests.append(self.makeRequest(action, kind: .modify,
                                             items: modifies.map { .init(coin: $0.replacement.coin, clientOrderID: $0.replacement.clientOrderID, orderID: nil) },
                                             label: "modify x\(modifies.count)", orders: ids, expires: true, at: time))
        }
        if !cancelsByCloid.isEmpty, let action = try? ExchangeAction.cancelByClientID(cancelsByCloid, assets: self.assets) {
            requests.append(self.makeRequest(action, kind: .cancel,
                                             items: cancelsByCloid.map { .init(coin: $0.coin, clientOrderID: $0.clientOrderID, orderID: nil) },
                                             label: "cancel x\(cancelsByCloid.count)", orders: cancelsByCloid.map(\.clientOrderID), expires: false, at: time))
        }
        if !cancelsByOid.isEmpty, let action = try? ExchangeAction.cancel(cancelsByOid, assets: self.assets) {
            let ids = cancelsByOid.compactMap { cancel in self.open.first { $0.value.orderID == cancel.orderID }?.key }
            requests.append(self.makeRequest(action, kind: .cancel,
                                             items: cancelsByOid.map { .init(coin: $0.coin, clientOrderID: nil, orderID: $0.orderID) },
                                             label: "cancel-by-oid x\(cancelsByOid.count)", orders: ids, expires: false, at: time))
        }
        if let deadline {
            let milliseconds = deadline.map { Timestamp($0).milliseconds }
            requests.append(self.makeRequest(ExchangeAction.scheduleCancel(deadline: milliseconds), kind: nil, items: [],
                                             label: "scheduleCancel", orders: [], expires: false, at: time))
        }
        return requests
    }

    /// Follows what the venue said about our orders (answers, updates, lookups).
    public mutating func observe(_ event: Event) {
        switch event {
        case .orderResponse(let response):
            guard let id = response.clientOrderID else { return }
            switch response.outcome {
            case .resting, .modified: if let coin = self.open[id]?.coin { self.open[id] = (coin, response.orderID) }
            case .filled, .rejected, .cancelled, .cancelRejected: self.open[id] = nil
            case .rateLimited, .unknown: break  // may still be open: a cancel that fails costs nothing
            }
        case .orderUpdate(let update):
            guard let id = update.clientOrderID else { return }
            if update.status.isTerminal { self.open[id] = nil } else if let coin = self.open[id]?.coin { self.open[id] = (coin, update.orderID) }
        case .orderLookup(let lookup):
            if let order = lookup.order {
                if order.status.isTerminal { self.open[lookup.clientOrderID] = nil } else { self.open[lookup.clientOrderID] = (lookup.coin, order.orderID) }
            }
        default:
            break
        }
    }
}
