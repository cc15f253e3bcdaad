import Engine
import JSON

/// What one inbound WebSocket text frame carries, translated to engine values (exact
/// fixed-point prices and sizes, never floating point).
public enum InboundFrame: Equatable, Sendable {
    /// An `l2Book` snapshot.
    case book(BookSnapshot)
    /// A `trades` message: the trades grouped by coin, coins and trades in arrival order.
    case trades([TradeBatch])
    /// `subscriptionResponse`: the server acknowledged a subscription (its text is kept).
    case subscriptionAcknowledged(String)
    /// `pong`: the answer to a ping (it carries no `data`).
    case pong
    /// The plain-text `Websocket connection established.` sent after connecting.
    case greeting
    /// `error`: the server refused a request; the connection stays open.
    case serverError(String)
    /// Our fills, from `userFills` (with its `isSnapshot`) or the `user` channel.
    case fills([Fill])
    /// Status changes of our orders (`orderUpdates`).
    case orderUpdates([OrderUpdate])
    /// Funding payments, liquidations and cancels by the exchange (`user` channel).
    case userEvents([UserEvent])
    /// The account's margin and positions (`clearinghouseState` channel).
    case account(AccountSnapshot)
    /// Every open order of the account (`openOrders` channel).
    case openOrders([OpenOrderSnapshot])
    /// A known channel this decoder does not translate yet (for example `bbo`).
    case notTranslated(channel: String)
}

extension InboundFrame {
    /// The greeting the server may send right after the WebSocket opens (not JSON).
    public static let greetingText = "Websocket connection established."

    /// Channels the server sends that this decoder leaves to other decoders.
    static let untranslatedChannels: Set<String> = [
        "bbo", "userFundings", "userNonFundingLedgerUpdates", "webData2", "webData3", "allMids", "candle",
        "activeAssetCtx", "activeAssetData", "notification", "post", "twapStates", "userTwapSliceFills", "userTwapHistory",
    ]

    /// Translates one text frame. Throws a ``WireError`` naming the channel and field for
    /// anything malformed (bad JSON, unknown channel, missing field, NaN-like or negative
    /// numbers); never traps.
    public init(decoding text: String) throws(WireError) {
        if let (frame, withinLimits) = MarketDataFastPath.decodeCheckingLimits(text) {
            self = frame
            if withinLimits { return }  // checked while reading
        } else {
            try self.init(decodingGenerally: text)
        }
        if let (channel, problem) = self.limitProblem { throw .outsideLimits(channel: channel, reason: problem) }
    }

    /// Translates one text frame like ``init(decoding:)`` but leaves the ``Limits`` check
    /// to the caller, for callers that must say which limit a frame breaks (the capture
    /// importer counts bad timestamps and bad coin names apart from other bad values).
    /// Check ``limitProblem`` before any value reaches the engine.
    public init(decodingWithoutLimitCheck text: String) throws(WireError) {
        if let frame = MarketDataFastPath.decode(text) {
            self = frame
        } else {
            try self.init(decodingGenerally: text)
        }
    }

    /// The channel and the reason when a value in this frame lies outside ``Limits``.
    public var limitProblem: (channel: String, reason: String)? {
        switch self {
        case .book(let book): return book.limitProblem.map { ("l2Book", $0) }
        case .trades(let batches):
            for batch in batches { if let problem = batch.limitProblem { return ("trades", problem) } }
        case .fills(let fills):
            for fill in fills { if let problem = fill.limitProblem { return ("userFills", problem) } }
        case .orderUpdates(let updates):
            for update in updates { if let problem = update.limitProblem { return ("orderUpdates", problem) } }
        case .userEvents(let events):
            for event in events { if let problem = Event.userEvent(event).limitProblem { return ("user", problem) } }
        case .account(let account): return account.limitProblem.map { ("clearinghouseState", $0) }
        case .openOrders(let orders):
            for order in orders {
                if let problem = Limits.coinNameProblem(order.coin) ?? Limits.priceProblem(order.limitPrice) { return ("openOrders", problem) }
            }
        case .subscriptionAcknowledged, .pong, .greeting, .serverError, .notTranslated: break
        }
        return nil
    }

    /// The general path: a JSON tree, then typed reads. Accepts any key order and names
    /// the field of any problem. The fast path must agree with it on everything it accepts.
    package init(decodingGenerally text: String) throws(WireError) {
        if text == Self.greetingText {
            self = .greeting
            return
        }
        let json: OrderedJSON
        do { json = try OrderedJSON(parsing: text) } catch { throw .malformedJSON(error) }
        guard case .string(let channel)? = json["channel"] else { throw .missingChannel }
        switch channel {
        case "l2Book":
            self = .book(try Self.book(json["data"], channel: channel))
        case "trades":
            self = .trades(try Self.trades(json["data"], channel: channel))
        case "userFills":
            self = .fills(try UserChannels.userFills(json["data"]))
        case "orderUpdates":
            self = .orderUpdates(try UserChannels.orderUpdates(json["data"]))
        case "user":
            self = try UserChannels.user(json["data"])
        case "clearinghouseState":
            // The state itself, or wrapped with the user and dex as the openOrders channel is.
            let fields = WireFields(channel: channel, path: "data")
            let data = try fields.object(json["data"])
            if let wrapped = data["clearinghouseState"] {
                self = .account(try InfoResponse.accountSnapshot(wrapped, fields: WireFields(channel: channel, path: "data.clearinghouseState")))
            } else {
                self = .account(try InfoResponse.accountSnapshot(data, fields: fields))
            }
        case "openOrders":
            let fields = WireFields(channel: channel, path: "data")
            let data = try fields.object(json["data"])
            self = .openOrders(try InfoResponse.openOrders(data["orders"], fields: WireFields(channel: channel, path: "data.orders")))
        case "pong":
            self = .pong
        case "subscriptionResponse":
            self = .subscriptionAcknowledged(json["data"]?.text ?? "")
        case "error":
            if case .string(let message)? = json["data"] { self = .serverError(message) } else { self = .serverError(json["data"]?.text ?? "") }
        default:
            guard Self.untranslatedChannels.contains(channel) else { throw .unknownChannel(channel) }
            self = .notTranslated(channel: channel)
        }
    }

    static func book(_ data: OrderedJSON?, channel: String) throws(WireError) -> BookSnapshot {
        let fields = WireFields(channel: channel, path: "data")
        let object = try fields.object(data)
        let coin = try fields.string(object["coin"], at: "coin")
        let time = try fields.optionalInteger(object["time"], at: "time") ?? 0
        let sides = try fields.array(object["levels"], at: "levels")
        guard sides.count == 2 else {
            throw .invalidField(channel: channel, path: "data.levels", value: "\(sides.count) sides", reason: "expected [bids, asks]")
        }
        var result: [[BookLevel]] = [[], []]
        for side in 0..<2 {
            let levels = try fields.array(sides[side], at: "levels[\(side)]")
            result[side].reserveCapacity(levels.count)
            for (i, level) in levels.enumerated() {
                let at = "levels[\(side)][\(i)]"
                let entry = try fields.object(level, at: at)
                let price: Price = try fields.positiveDecimal(entry["px"], at: at + ".px")
                let size: Size = try fields.positiveDecimal(entry["sz"], at: at + ".sz")
                let orders = try fields.integer(entry["n"], at: at + ".n")
                guard orders >= 0, orders <= Int64(UInt32.max) else {
                    throw .invalidField(channel: channel, path: "data." + at + ".n", value: String(orders), reason: "not an order count")
                }
                result[side].append(BookLevel(price: price, size: size, orders: UInt32(orders)))
            }
        }
        return BookSnapshot(coin: coin, exchangeTime: time, bids: result[0], asks: result[1])
    }

    static func trades(_ data: OrderedJSON?, channel: String) throws(WireError) -> [TradeBatch] {
        let fields = WireFields(channel: channel, path: "data")
        let items = try fields.array(data)
        var batches: [TradeBatch] = []
        for (i, item) in items.enumerated() {
            let at = "[\(i)]"
            let entry = try fields.object(item, at: at)
            let coin = try fields.string(entry["coin"], at: at + ".coin")
            let sideCode = try fields.string(entry["side"], at: at + ".side")
            guard let side = Side(wireCode: sideCode) else {
                throw .invalidField(channel: channel, path: "data" + at + ".side", value: sideCode, reason: "expected \"B\" or \"A\"")
            }
            let trade = Trade(
                side: side,
                price: try fields.positiveDecimal(entry["px"], at: at + ".px"),
                size: try fields.positiveDecimal(entry["sz"], at: at + ".sz"),
                exchangeTime: try fields.integer(entry["time"], at: at + ".time"),
                tradeID: try fields.unsignedInteger(entry["tid"], at: at + ".tid"))
            if let index = batches.firstIndex(where: { $0.coin == coin }) {
                batches[index].trades.append(trade)
            } else {
                batches.append(TradeBatch(coin: coin, trades: [trade]))
            }
        }
        return batches
    }
}
