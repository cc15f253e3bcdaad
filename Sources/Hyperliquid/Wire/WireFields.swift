import Engine
import JSON

/// Reads typed fields out of an ``OrderedJSON`` message and turns every problem into a
/// ``WireError`` carrying the channel and the field's path (`data.levels[0][3].sz`).
struct WireFields {
    let channel: String
    let path: String

    init(channel: String, path: String) {
        self.channel = channel
        self.path = path
    }

    private func full(_ at: String?) -> String {
        guard let at else { return self.path.isEmpty ? "(the response)" : self.path }
        if self.path.isEmpty { return at }
        return at.hasPrefix("[") ? self.path + at : self.path + "." + at
    }

    private func invalid(_ value: OrderedJSON, _ at: String?, _ reason: String) -> WireError {
        var shown = value.text
        if shown.count > 80 { shown = String(shown.prefix(77)) + "..." }
        return .invalidField(channel: self.channel, path: self.full(at), value: shown, reason: reason)
    }

    private func required(_ value: OrderedJSON?, _ at: String?) throws(WireError) -> OrderedJSON {
        guard let value, value != .null else { throw .missingField(channel: self.channel, path: self.full(at)) }
        return value
    }

    func object(_ value: OrderedJSON?, at: String? = nil) throws(WireError) -> OrderedJSON {
        let value = try self.required(value, at)
        guard case .object = value else { throw self.invalid(value, at, "expected an object") }
        return value
    }

    func array(_ value: OrderedJSON?, at: String? = nil) throws(WireError) -> [OrderedJSON] {
        let value = try self.required(value, at)
        guard case .array(let items) = value else { throw self.invalid(value, at, "expected an array") }
        return items
    }

    func string(_ value: OrderedJSON?, at: String) throws(WireError) -> String {
        let value = try self.required(value, at)
        guard case .string(let text) = value, !text.isEmpty else { throw self.invalid(value, at, "expected a non-empty string") }
        return text
    }

    func integer(_ value: OrderedJSON?, at: String) throws(WireError) -> Int64 {
        let value = try self.required(value, at)
        guard case .integer(let number) = value else { throw self.invalid(value, at, "expected an integer") }
        return number
    }

    func optionalInteger(_ value: OrderedJSON?, at: String) throws(WireError) -> Int64? {
        guard let value, value != .null else { return nil }
        return try self.integer(value, at: at)
    }

    func unsignedInteger(_ value: OrderedJSON?, at: String) throws(WireError) -> UInt64 {
        let value = try self.required(value, at)
        switch value {
        case .integer(let number) where number >= 0: return UInt64(number)
        case .unsigned(let number): return number
        default: throw self.invalid(value, at, "expected a non-negative integer")
        }
    }

    /// A decimal string (the exchange sends prices and sizes as strings) that parses
    /// exactly and is greater than zero.
    func positiveDecimal<Value: FixedPointDecimal>(_ value: OrderedJSON?, at: String) throws(WireError) -> Value {
        let value = try self.required(value, at)
        guard case .string(let text) = value else { throw self.invalid(value, at, "expected a decimal string") }
        let parsed: Value
        do { parsed = try Value(parsing: text) } catch { throw self.invalid(value, at, "\(error)") }
        guard parsed.rawValue > 0 else { throw self.invalid(value, at, "must be greater than zero") }
        return parsed
    }

    func optionalString(_ value: OrderedJSON?, at: String) throws(WireError) -> String? {
        guard let value, value != .null else { return nil }
        return try self.string(value, at: at)
    }

    func bool(_ value: OrderedJSON?, at: String) throws(WireError) -> Bool {
        let value = try self.required(value, at)
        guard case .bool(let flag) = value else { throw self.invalid(value, at, "expected true or false") }
        return flag
    }

    func optionalBool(_ value: OrderedJSON?, at: String) throws(WireError) -> Bool? {
        guard let value, value != .null else { return nil }
        return try self.bool(value, at: at)
    }

    /// "B" (bid, bought) or "A" (ask, sold).
    func side(_ value: OrderedJSON?, at: String) throws(WireError) -> Side {
        let code = try self.string(value, at: at)
        guard let side = Side(wireCode: code) else { throw self.invalid(.string(code), at, "expected \"B\" or \"A\"") }
        return side
    }

    /// A `0x` + 32 hex digit cloid, or nil when absent or null.
    func optionalClientOrderID(_ value: OrderedJSON?, at: String) throws(WireError) -> ClientOrderID? {
        guard let value, value != .null else { return nil }
        guard case .string(let text) = value, let id = ClientOrderID(hex: text) else {
            throw self.invalid(value, at, "expected 0x + 32 hex digits")
        }
        return id
    }

    /// A decimal string of any sign (fees, PnL, signed positions).
    func decimal<Value: FixedPointDecimal>(_ value: OrderedJSON?, at: String) throws(WireError) -> Value {
        let value = try self.required(value, at)
        guard case .string(let text) = value else { throw self.invalid(value, at, "expected a decimal string") }
        do { return try Value(parsing: text) } catch { throw self.invalid(value, at, "\(error)") }
    }

    /// A decimal string that is zero or more (remaining sizes).
    func nonNegativeDecimal<Value: FixedPointDecimal>(_ value: OrderedJSON?, at: String) throws(WireError) -> Value {
        let parsed: Value = try self.decimal(value, at: at)
        guard parsed.rawValue >= 0 else { throw self.invalid(value ?? .null, at, "must not be negative") }
        return parsed
    }

    /// A funding rate: only plain decimal text is accepted (so "NaN", "inf" or "1e5" are
    /// refused), then converted with correctly rounded parsing (the same bits everywhere).
    func decimalRate(_ text: String, at: String) throws(WireError) -> FundingRate {
        let plain = text.utf8.allSatisfy { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || ($0 >= 48 && $0 <= 57) }
        guard plain, text.utf8.contains(where: { $0 >= 48 && $0 <= 57 }), let rate = Double(text), rate.isFinite else {
            throw self.invalid(.string(text), at, "expected a decimal funding rate")
        }
        return FundingRate(rate)
    }

    /// A positive decimal string, or nil when absent or null (no position entry price).
    func optionalPositiveDecimal<Value: FixedPointDecimal>(_ value: OrderedJSON?, at: String) throws(WireError) -> Value? {
        guard let value, value != .null else { return nil }
        return try self.positiveDecimal(value, at: at)
    }
}
