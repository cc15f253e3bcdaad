import Engine
import Hyperliquid

/// One `/exchange` request to send for engine commands, with what its answer means.
public struct GatewayRequest: Sendable {
    /// The unsigned action.
    public var action: OrderedJSON
    /// How to read the answer (nil: a default-type answer that concerns no order).
    public var kind: ExchangeResponse.RequestKind?
    /// The orders the answer's statuses refer to, in order.
    public var items: [ExchangeResponse.RequestItem]
    /// A few words for the log ("place x2", "cancel x1").
    public var label: String
}

/// Turns engine commands into exchange requests (one per kind of command in a batch:
/// places, cancels by cloid, cancels by oid, modifies) and keeps the set of our orders
/// that are open as far as the exchange told us, for `cancelAll`.
public struct OrderGateway: Sendable {
    public let assets: AssetDirectory
    /// Our open orders: cloid → (coin, oid once known).
    public private(set) var open: [ClientOrderID: (coin: String, orderID: UInt64?)] = [:]

    public init(assets: AssetDirectory) { self.assets = assets }

    /// The requests for `commands`, and immediate refusals for orders that cannot be
    /// expressed on the wire (off the tick grid, unknown coin): those are fed back to the
    /// engine as rejected responses so it never waits for them.
    public mutating func requests(for commands: [Command]) -> (requests: [GatewayRequest], refused: [OrderResponse]) {
        var places: [OrderRequest] = []
        var cancelsByCloid: [(coin: String, clientOrderID: ClientOrderID)] = []
        var cancelsByOid: [(coin: String, orderID: UInt64)] = []
        var modifies: [(order: OrderReference, replacement: OrderRequest)] = []
        var refused: [OrderResponse] = []
        for command in commands {
            switch command {
            case .place(let order):
                do {
                    _ = try ExchangeAction.order([order], assets: self.assets)
                    places.append(order)
                    self.open[order.clientOrderID] = (order.coin, nil)
                } catch {
                    refused.append(OrderResponse(coin: order.coin, clientOrderID: order.clientOrderID, orderID: nil,
                                                 outcome: .rejected(message: "not sent: \(error)")))
                }
            case .cancel(let coin, .client(let cloid)):
                cancelsByCloid.append((coin, cloid))
            case .cancel(let coin, .exchange(let oid)):
                cancelsByOid.append((coin, oid))
            case .modify(let reference, let replacement):
                do {
                    _ = try ExchangeAction.order([replacement], assets: self.assets)
                    modifies.append((reference, replacement))
                } catch {
                    refused.append(OrderResponse(coin: replacement.coin, clientOrderID: replacement.clientOrderID, orderID: nil,
                                                 outcome: .rejected(message: "not sent: \(error)")))
                }
            case .cancelAll(let coin):
                for (cloid, order) in self.open.sorted(by: { $0.key < $1.key }) where coin == nil || order.coin == coin {
                    if !cancelsByCloid.contains(where: { $0.clientOrderID == cloid }) { cancelsByCloid.append((order.coin, cloid)) }
                }
            case .scheduleCancel, .decision:
                break
            }
        }
        var requests: [GatewayRequest] = []
        if !places.isEmpty, let action = try? ExchangeAction.order(places, assets: self.assets) {
            requests.append(GatewayRequest(action: action, kind: .order,
                                           items: places.map { .init(coin: $0.coin, clientOrderID: $0.clientOrderID, orderID: nil) },
                                           label: "place x\(places.count)"))
        }
        if !modifies.isEmpty, let action = try? ExchangeAction.modify(modifies, assets: self.assets) {
            requests.append(GatewayRequest(action: action, kind: .modify,
                                           items: modifies.map { .init(coin: $0.replacement.coin, clientOrderID: $0.replacement.clientOrderID, orderID: nil) },
                                           label: "modify x\(modifies.count)"))
            for modify in modifies {
                if case .client(let old) = modify.order, old != modify.replacement.clientOrderID { self.open[old] = nil }
                self.open[modify.replacement.clientOrderID] = (modify.replacement.coin, nil)
            }
        }
        if !cancelsByCloid.isEmpty, let action = try? ExchangeAction.cancelByClientID(cancelsByCloid, assets: self.assets) {
            requests.append(GatewayRequest(action: action, kind: .cancel,
                                           items: cancelsByCloid.map { .init(coin: $0.coin, clientOrderID: $0.clientOrderID, orderID: nil) },
                                           label: "cancel x\(cancelsByCloid.count)"))
        }
        if !cancelsByOid.isEmpty, let action = try? ExchangeAction.cancel(cancelsByOid, assets: self.assets) {
            requests.append(GatewayRequest(action: action, kind: .cancel,
                                           items: cancelsByOid.map { .init(coin: $0.coin, clientOrderID: nil, orderID: $0.orderID) },
                                           label: "cancel-by-oid x\(cancelsByOid.count)"))
        }
        return (requests, refused)
    }

    /// Follows what the exchange said about our orders (responses, updates).
    public mutating func observe(_ event: Event) {
        switch event {
        case .orderResponse(let response):
            guard let cloid = response.clientOrderID else { return }
            switch response.outcome {
            case .resting, .modified: if let coin = self.open[cloid]?.coin { self.open[cloid] = (coin, response.orderID) }
            case .filled, .rejected, .cancelled: self.open[cloid] = nil
            case .rateLimited: break  // nothing happened; a stale entry only costs a cancel that fails
            case .cancelRejected: self.open[cloid] = nil  // already gone: filled or cancelled
            }
        case .orderUpdate(let update):
            guard let cloid = update.clientOrderID else { return }
            if update.status.isTerminal { self.open[cloid] = nil }
        default:
            break
        }
    }
}
