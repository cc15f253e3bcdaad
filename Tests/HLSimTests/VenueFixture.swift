import Engine
@testable import HLSim
import Hyperliquid
import JSON

/// A venue on the synthetic BTC/ETH market with a signing key, advanced past its first
/// books.
struct VenueFixture {
    static let start: Int64 = 1_795_000_000_000_000_000
    static let key = try! PrivateKey(hex: "0x0123456789012345678901234567890123456789012345678901234567890123")
    static let otherKey = try! PrivateKey(hex: "0x1111111111111111111111111111111111111111111111111111111111111111")

    let venue: SimVenue
    var now: Int64 = Self.start
    var nonce: UInt64 = 1_795_000_000_000

    init(admitted: [String]? = nil, faults: FaultPlan = FaultPlan(), seed: UInt64 = 7) throws {
        var configuration = SimConfiguration(coins: [SimulatedCoin(name: "BTC", sizeDecimals: 5, maxLeverage: 40),
                                                     SimulatedCoin(name: "ETH", sizeDecimals: 4, maxLeverage: 25)])
        configuration.seed = seed
        configuration.faults = faults
        if let admitted {
            var accounts: [String: Amount] = [:]
            for address in admitted { accounts[address.lowercased()] = Amount(rawValue: 1_000 * FixedPoint.scale) }
            configuration.admittedAccounts = accounts
        }
        self.venue = SimVenue(configuration: configuration, feed: SyntheticFeed(seed: seed, coins: ["BTC", "ETH"]))
        _ = try self.venue.advance(to: self.now)
        try self.wait(milliseconds: 1_000)
    }

    @discardableResult
    mutating func wait(milliseconds: Int64) throws -> [Push] {
        self.now += milliseconds * 1_000_000
        return try self.venue.advance(to: self.now)
    }

    /// A signed `/exchange` body for `action` (testnet signature, fresh nonce).
    mutating func body(_ action: OrderedJSON, key: PrivateKey = Self.key, nonce: UInt64? = nil) throws -> [UInt8] {
        self.nonce += 1
        let request = try SignedRequest(action: action, nonce: nonce ?? self.nonce, isMainnet: false, key: key)
        return Array(request.body.text.utf8)
    }

    /// Admits and executes an action; returns the parsed answer and the pushes.
    mutating func send(_ action: OrderedJSON, key: PrivateKey = Self.key) throws -> (OrderedJSON, [Push]) {
        let body = try self.body(action, key: key)
        switch self.venue.admit(body: body, now: self.now) {
        case .refused(let answer):
            return (try OrderedJSON(parsing: answer.body), [])
        case .accepted(let prepared):
            let (answer, pushes) = try self.venue.execute(prepared, now: self.now)
            return (try OrderedJSON(parsing: answer.body), pushes)
        }
    }

    func info(_ request: String) throws -> OrderedJSON {
        let answer = self.venue.info(body: Array(request.utf8), now: self.now)
        precondition(answer.status == 200, answer.body)
        return try OrderedJSON(parsing: answer.body)
    }

    func book(_ coin: String = "BTC") -> BookSnapshot { self.venue.books[coin]! }

    /// `{"type":"order",…}` for one limit order on asset 0 (BTC).
    static func order(buy: Bool, price: String, size: String, tif: String = "Gtc", cloid: String? = nil, asset: Int64 = 0) -> OrderedJSON {
        var wire: [(key: String, value: OrderedJSON)] = [("a", .integer(asset)), ("b", .bool(buy)), ("p", .string(price)), ("s", .string(size)),
                                                         ("r", .bool(false)), ("t", .object([("limit", .object([("tif", .string(tif))]))]))]
        if let cloid { wire.append(("c", .string(cloid))) }
        return .object([("type", .string("order")), ("orders", .array([.object(wire)])), ("grouping", .string("na"))])
    }

    static func cancel(oid: UInt64, asset: Int64 = 0) -> OrderedJSON {
        .object([("type", .string("cancel")), ("cancels", .array([.object([("a", .integer(asset)), ("o", .unsigned(oid))])]))])
    }

    /// A price `ticks` whole dollars away from the best bid (BTC ticks are $1 at these prices).
    func price(fromBid dollars: Int64) -> String {
        "\(self.book().bids[0].price.rawValue / FixedPoint.scale + dollars)"
    }
}

extension OrderedJSON {
    /// `response.data.statuses[0]` of an `/exchange` answer.
    var firstStatus: OrderedJSON? {
        guard case .array(let statuses)? = self["response"]?["data"]?["statuses"] else { return nil }
        return statuses.first
    }

    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var integerValue: Int64? {
        switch self {
        case .integer(let value): return value
        case .unsigned(let value): return Int64(value)
        default: return nil
        }
    }

    var arrayValue: [OrderedJSON] {
        if case .array(let items) = self { return items }
        return []
    }
}
