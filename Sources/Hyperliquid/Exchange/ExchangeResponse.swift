import Engine
import JSON

/// Translates an `/exchange` response into one ``OrderResponse`` per item of the request,
/// in request order (the exchange answers positionally: `statuses[i]` is item `i`).
public enum ExchangeResponse {
    /// What a request was, so its answers can name the orders they concern.
    public enum RequestKind: Sendable, Equatable {
        case order
        case cancel
        case modify
    }

    /// One item of the request: the coin and whichever ids were known when it was sent.
    public struct RequestItem: Sendable, Equatable {
        public var coin: String
        public var clientOrderID: ClientOrderID?
        public var orderID: UInt64?

        public init(coin: String, clientOrderID: ClientOrderID?, orderID: UInt64?) {
            self.coin = coin
            self.clientOrderID = clientOrderID
            self.orderID = orderID
        }
    }

    /// The responses for `items`. A whole-request failure (`{"status":"err",…}`) answers
    /// every item with its message (as `rateLimited` when it is the address limit). A
    /// response with fewer statuses than items, or an unknown status shape, is a
    /// ``WireError``: the caller must not guess which order it concerns.
    public static func decode(_ text: String, kind: RequestKind, items: [RequestItem]) throws(WireError) -> [OrderResponse] {
        let json: OrderedJSON
        do { json = try OrderedJSON(parsing: text) } catch { throw .malformedJSON(error) }
        let fields = WireFields(channel: "exchange", path: "response")
        guard case .object = json else { throw .invalidField(channel: "exchange", path: "(the response)", value: String(text.prefix(80)), reason: "expected an object") }
        let status = try WireFields(channel: "exchange", path: "").string(json["status"], at: "status")
        if status == "err" {
            let message = json["response"]?.stringValue ?? json["response"]?.text ?? ""
            let outcome: OrderOutcome = Self.isRateLimit(message) ? .rateLimited(message: message)
                : kind == .cancel ? .cancelRejected(message: message) : .rejected(message: message)
            return items.map { OrderResponse(coin: $0.coin, clientOrderID: $0.clientOrderID, orderID: $0.orderID, outcome: outcome) }
        }
        guard status == "ok" else {
            throw .invalidField(channel: "exchange", path: "status", value: status, reason: "expected \"ok\" or \"err\"")
        }
        let response = try fields.object(json["response"])
        let data = try fields.object(response["data"], at: "data")
        let statuses = try fields.array(data["statuses"], at: "data.statuses")
        guard statuses.count == items.count else {
            throw .invalidField(channel: "exchange", path: "response.data.statuses", value: "\(statuses.count) statuses",
                                reason: "the request had \(items.count) items")
        }
        var answers: [OrderResponse] = []
        for (i, (status, item)) in zip(statuses, items).enumerated() {
            let at = "data.statuses[\(i)]"
            var orderID = item.orderID
            let outcome: OrderOutcome
            if case .string(let word) = status {
                guard word == "success" else { throw .invalidField(channel: "exchange", path: "response." + at, value: word, reason: "unknown status") }
                outcome = kind == .cancel ? .cancelled : kind == .modify ? .modified : .resting
            } else if let error = status["error"] {
                let message = try fields.string(error, at: at + ".error")
                outcome = Self.isRateLimit(message) ? .rateLimited(message: message)
                    : kind == .cancel ? .cancelRejected(message: message) : .rejected(message: message)
            } else if let resting = status["resting"] {
                orderID = try fields.unsignedInteger(try fields.object(resting, at: at + ".resting")["oid"], at: at + ".resting.oid")
                // A (batch)modify is answered like an order: `resting` with the order's oid
                // (a new one on the exchange) means the modify took effect.
                outcome = kind == .modify ? .modified : .resting
            } else if let filled = status["filled"] {
                let object = try fields.object(filled, at: at + ".filled")
                orderID = try fields.unsignedInteger(object["oid"], at: at + ".filled.oid")
                outcome = .filled(totalSize: try fields.positiveDecimal(object["totalSz"], at: at + ".filled.totalSz"),
                                  averagePrice: try fields.positiveDecimal(object["avgPx"], at: at + ".filled.avgPx"))
            } else {
                throw .invalidField(channel: "exchange", path: "response." + at, value: String(status.text.prefix(80)), reason: "unknown status")
            }
            answers.append(OrderResponse(coin: item.coin, clientOrderID: item.clientOrderID, orderID: orderID, outcome: outcome))
        }
        return answers
    }

    /// Whether a message is the address-based request limit.
    static func isRateLimit(_ message: String) -> Bool {
        message.hasPrefix("Too many cumulative requests") || message.hasPrefix("Too many requests")
    }
}

extension OrderedJSON {
    fileprivate var stringValue: String? { if case .string(let s) = self { s } else { nil } }
}

extension ExchangeResponse {
    /// The request count and cap an address rate-limit error states ("Too many cumulative
    /// requests sent (97460 > 97456) for cumulative volume traded $87457.46. …"), or nil
    /// for other messages.
    public static func rateLimitStatus(in message: String) -> RateLimitStatus? {
        guard message.hasPrefix("Too many cumulative requests sent ("),
              let open = message.firstIndex(of: "("), let close = message[open...].firstIndex(of: ")") else { return nil }
        let parts = message[message.index(after: open)..<close].split(separator: ">").map { String($0.filter { $0 != " " }) }
        guard parts.count == 2, let used = UInt64(parts[0]), let cap = UInt64(parts[1]) else { return nil }
        return RateLimitStatus(used: used, cap: cap)
    }
}
