import Engine
import JSON

/// Why a Binance USD-M futures market-data frame could not be translated. Every case
/// names the event type and the field (`data.b`), so a log line says what to look at.
public enum BinanceWireError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The frame is not JSON.
    case malformedJSON(JSONParseError)
    /// The frame is JSON but not an object (or an array of objects): what it was.
    case notAnObject(String)
    /// A field the message requires is absent (or `null`).
    case missingField(event: String, path: String)
    /// A field is present but its value is unusable (wrong type, not a decimal, not positive...).
    case invalidField(event: String, path: String, value: String, reason: String)
    /// A `bookTicker` whose best bid is above its best ask.
    case crossedQuote(symbol: String, bid: Price, ask: Price)

    public var description: String {
        switch self {
        case .malformedJSON(let error): return "binance: malformed frame: \(error)"
        case .notAnObject(let what): return "binance: expected a JSON object, got \(what)"
        case .missingField(let event, let path): return "binance \(event): missing field \(path)"
        case .invalidField(let event, let path, let value, let reason): return "binance \(event): \(path) = \(value): \(reason)"
        case .crossedQuote(let symbol, let bid, let ask):
            return "binance bookTicker: \(symbol) is crossed (best bid \(bid) above best ask \(ask))"
        }
    }
}
