/// Why a well-formed Binance frame carries nothing for the engine. Counted and, for a
/// ``serverError``, logged; never an error.
public enum BinanceIgnoredFrame: Equatable, Sendable, CustomStringConvertible {
    /// The answer to a `SUBSCRIBE`/`UNSUBSCRIBE` request (`{"result":null,"id":1}`): its id.
    case subscriptionReply(id: String)
    /// The server refused a request (`{"error":{"code":2,"msg":"..."},"id":1}` or
    /// `{"code":-1121,"msg":"..."}`): its code and message.
    case serverError(code: Int64?, message: String)
    /// A market-data event this decoder does not translate (`depthUpdate`,
    /// `markPriceUpdate`, `kline`, ...): its event type.
    case untranslatedEvent(String)
    /// An all-market stream's array payload (`!bookTicker`, `!markPrice@arr`): its stream
    /// name when it came wrapped, else `nil`.
    case arrayPayload(stream: String?)
    /// A symbol no traded coin maps to (the stream was not asked for, or the mapping changed).
    case unmappedSymbol(String)
    /// A `trade` event that is not an order-book trade (`X` = `INSURANCE_FUND`, `ADL`, `NA`):
    /// its kind. Liquidation fills by the venue say nothing of the order flow.
    case nonMarketTrade(kind: String)

    public var description: String {
        switch self {
        case .subscriptionReply(let id): return "subscription reply (id \(id))"
        case .serverError(let code, let message):
            return "server error" + (code.map { " \($0)" } ?? "") + ": \(message)"
        case .untranslatedEvent(let event): return "event type \"\(event)\" is not translated"
        case .arrayPayload(let stream): return "array payload of an all-market stream" + (stream.map { " (\($0))" } ?? "")
        case .unmappedSymbol(let symbol): return "symbol \(symbol) is not mapped to a traded coin"
        case .nonMarketTrade(let kind): return "trade of kind \(kind) (not an order-book trade)"
        }
    }
}
