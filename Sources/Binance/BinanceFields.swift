import Engine
import JSON

/// Reads typed fields out of one Binance event object and turns every problem into a
/// ``BinanceWireError`` naming the event type and the field's path (`data.b`).
struct BinanceFields {
    /// The event type (`bookTicker`), for messages.
    let event: String
    /// The object's path in the frame: `data` in a combined-stream frame, else empty.
    let prefix: String
    /// The event object.
    let object: OrderedJSON

    /// The path of `key` in the frame.
    func path(_ key: String) -> String { self.prefix.isEmpty ? key : self.prefix + "." + key }

    private func invalid(_ value: OrderedJSON, _ key: String, _ reason: String) -> BinanceWireError {
        var shown = value.text
        if shown.count > 80 { shown = String(shown.prefix(77)) + "..." }
        return .invalidField(event: self.event, path: self.path(key), value: shown, reason: reason)
    }

    private func required(_ key: String) throws(BinanceWireError) -> OrderedJSON {
        guard let value = self.object[key], value != .null else { throw .missingField(event: self.event, path: self.path(key)) }
        return value
    }

    /// A non-empty string.
    func string(_ key: String) throws(BinanceWireError) -> String {
        let value = try self.required(key)
        guard case .string(let text) = value, !text.isEmpty else { throw self.invalid(value, key, "expected a non-empty string") }
        return text
    }

    /// A string, or `nil` when absent or `null`.
    func optionalString(_ key: String) throws(BinanceWireError) -> String? {
        guard let value = self.object[key], value != .null else { return nil }
        return try self.string(key)
    }

    /// `true` or `false`.
    func bool(_ key: String) throws(BinanceWireError) -> Bool {
        let value = try self.required(key)
        guard case .bool(let flag) = value else { throw self.invalid(value, key, "expected true or false") }
        return flag
    }

    /// A non-negative integer (trade ids).
    func unsignedInteger(_ key: String) throws(BinanceWireError) -> UInt64 {
        let value = try self.required(key)
        switch value {
        case .integer(let number) where number >= 0: return UInt64(number)
        case .unsigned(let number): return number
        default: throw self.invalid(value, key, "expected a non-negative integer")
        }
    }

    /// A time in milliseconds within ``Limits/exchangeTime``.
    func exchangeTime(_ key: String) throws(BinanceWireError) -> Int64 {
        let value = try self.required(key)
        guard case .integer(let number) = value else { throw self.invalid(value, key, "expected a time in milliseconds") }
        if let problem = Limits.exchangeTimeProblem(number) { throw self.invalid(value, key, problem) }
        return number
    }

    /// A time in milliseconds, or `nil` when absent or `null`.
    func optionalExchangeTime(_ key: String) throws(BinanceWireError) -> Int64? {
        guard let value = self.object[key], value != .null else { return nil }
        return try self.exchangeTime(key)
    }

    /// A decimal string parsed exactly (never through `Double`) into a price inside
    /// ``Limits`` (positive, at most ``Limits/highestPrice``).
    func price(_ key: String) throws(BinanceWireError) -> Price {
        let (value, price): (OrderedJSON, Price) = try self.decimal(key)
        if let problem = Limits.priceProblem(price) { throw self.invalid(value, key, problem) }
        return price
    }

    /// A decimal string parsed exactly into a size inside ``Limits`` (positive, at most
    /// ``Limits/largestSize``).
    func size(_ key: String) throws(BinanceWireError) -> Size {
        let (value, size): (OrderedJSON, Size) = try self.decimal(key)
        if let problem = Limits.sizeProblem(size) { throw self.invalid(value, key, problem) }
        return size
    }

    private func decimal<Value: FixedPointDecimal>(_ key: String) throws(BinanceWireError) -> (OrderedJSON, Value) {
        let value = try self.required(key)
        guard case .string(let text) = value else { throw self.invalid(value, key, "expected a decimal string") }
        do { return (value, try Value(parsing: text)) } catch { throw self.invalid(value, key, "\(error)") }
    }
}
