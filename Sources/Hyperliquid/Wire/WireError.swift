import JSON

/// Why an inbound Hyperliquid message could not be translated. Every case names the
/// channel and the field, so a log line says what to look at.
public enum WireError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The frame is not JSON (and not the server's plain-text greeting).
    case malformedJSON(JSONParseError)
    /// The frame is JSON but has no `channel`, or it is not a string.
    case missingChannel
    /// A channel this client does not know.
    case unknownChannel(String)
    /// A field the channel requires is absent.
    case missingField(channel: String, path: String)
    /// A field is present but its value is unusable (wrong type, not a decimal, negative...).
    case invalidField(channel: String, path: String, value: String, reason: String)
    /// The message parsed but a value lies outside ``Limits`` (a time, price, size,
    /// count or coin name no valid message holds).
    case outsideLimits(channel: String, reason: String)

    public var description: String {
        switch self {
        case .malformedJSON(let error): return "malformed frame: \(error)"
        case .missingChannel: return "frame without a \"channel\" string"
        case .unknownChannel(let channel): return "unknown channel \"\(channel)\""
        case .missingField(let channel, let path): return "\(channel): missing field \(path)"
        case .invalidField(let channel, let path, let value, let reason):
            return "\(channel): \(path) = \(value): \(reason)"
        case .outsideLimits(let channel, let reason):
            return "\(channel): \(reason) (the valid ranges are in docs/limits.md)"
        }
    }
}
