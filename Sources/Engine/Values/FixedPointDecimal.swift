/// A signed decimal number stored exactly as an integer count of 10⁻⁸ units.
///
/// Hyperliquid sends prices, sizes and amounts as decimal strings with at most eight
/// decimals. Conforming types parse those strings exactly (no `Double` on the way),
/// print them back exactly, and do overflow-checked arithmetic. The shared scale makes
/// the raw values of `Price`, `Size` and `Amount` directly comparable in encodings.
public protocol FixedPointDecimal: Hashable, Comparable, Sendable, LosslessStringConvertible, Codable {
    /// The value in units of 10⁻⁸.
    var rawValue: Int64 { get }
    /// Creates a value from a count of 10⁻⁸ units.
    init(rawValue: Int64)
}

/// Constants of the fixed-point representation shared by every ``FixedPointDecimal``.
public enum FixedPoint {
    /// Number of decimal digits after the point that are represented exactly.
    public static let decimals = 8
    /// `10^decimals`: the raw value of one whole unit.
    public static let scale: Int64 = 100_000_000
}

/// Why a decimal string could not be turned into a fixed-point value.
public enum DecimalParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text was empty (or only a sign).
    case empty
    /// A character that is not part of a plain decimal number, at a UTF-8 offset.
    case invalidCharacter(text: String, offset: Int)
    /// More non-zero decimals than the fixed-point scale can hold exactly.
    case tooManyDecimals(text: String, limit: Int)
    /// The magnitude does not fit in the 64-bit fixed-point range.
    case outOfRange(text: String)

    public var description: String {
        switch self {
        case .empty:
            return "empty decimal string"
        case .invalidCharacter(let text, let offset):
            return "invalid character at offset \(offset) in decimal string \"\(text)\" (expected digits, one '.', an optional leading '-')"
        case .tooManyDecimals(let text, let limit):
            return "decimal string \"\(text)\" has more than \(limit) significant decimals and cannot be represented exactly"
        case .outOfRange(let text):
            return "decimal string \"\(text)\" is outside the fixed-point range (±92233720368.54775807)"
        }
    }
}

extension FixedPointDecimal {
    /// Zero.
    public static var zero: Self { Self(rawValue: 0) }

    /// Encodes the raw count of 10⁻⁸ units (exact).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.rawValue)
    }

    /// Decodes a raw count of 10⁻⁸ units.
    public init(from decoder: Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(Int64.self))
    }

    /// Parses a plain decimal string ("105055.0", "0.00733", "-0.5") exactly.
    ///
    /// Accepts an optional leading `-`, digits, and at most one `.`. Trailing zero
    /// decimals beyond the eighth are accepted (they change nothing); any other digit
    /// beyond the eighth decimal is an error, never silently rounded. Exponents, `NaN`,
    /// `inf`, spaces and `+` are rejected.
    public init(parsing text: some StringProtocol) throws(DecimalParseError) {
        self.init(rawValue: try FixedPoint.parseRaw(String(text)))
    }

    /// Parses `description`; `nil` when it is not an exact decimal. See ``init(parsing:)``.
    public init?(_ description: String) {
        guard let raw = try? FixedPoint.parseRaw(description) else { return nil }
        self.init(rawValue: raw)
    }

    /// The exact value in canonical form: no trailing zero decimals, no point for whole
    /// numbers, never "-0" ("105055", "0.00733", "-0.5").
    public var description: String { FixedPoint.format(self.rawValue) }

    /// Whether the value is below zero.
    public var isNegative: Bool { self.rawValue < 0 }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The sum, or `nil` when it overflows.
    public func adding(_ other: Self) -> Self? {
        let (r, o) = self.rawValue.addingReportingOverflow(other.rawValue)
        return o ? nil : Self(rawValue: r)
    }

    /// The difference, or `nil` when it overflows.
    public func subtracting(_ other: Self) -> Self? {
        let (r, o) = self.rawValue.subtractingReportingOverflow(other.rawValue)
        return o ? nil : Self(rawValue: r)
    }

    /// The value times a whole number, or `nil` when it overflows.
    public func multiplied(by factor: Int64) -> Self? {
        let (r, o) = self.rawValue.multipliedReportingOverflow(by: factor)
        return o ? nil : Self(rawValue: r)
    }

    /// The negated value, or `nil` for the one value whose negation overflows.
    public func negated() -> Self? {
        let (r, o) = Int64(0).subtractingReportingOverflow(self.rawValue)
        return o ? nil : Self(rawValue: r)
    }

    /// The sum, saturating at the representable bounds instead of trapping (a position
    /// or fee total built from hostile data must not stop the engine). Use
    /// ``adding(_:)`` to detect the overflow.
    public static func + (lhs: Self, rhs: Self) -> Self {
        let (r, o) = lhs.rawValue.addingReportingOverflow(rhs.rawValue)
        return Self(rawValue: o ? (rhs.rawValue > 0 ? .max : .min) : r)
    }

    /// The difference, saturating at the representable bounds instead of trapping. Use
    /// ``subtracting(_:)`` to detect the overflow.
    public static func - (lhs: Self, rhs: Self) -> Self {
        let (r, o) = lhs.rawValue.subtractingReportingOverflow(rhs.rawValue)
        return Self(rawValue: o ? (rhs.rawValue < 0 ? .max : .min) : r)
    }

    /// The value as a `Double` (for estimators only; never for prices that reach the wire).
    public var doubleValue: Double { Double(self.rawValue) / Double(FixedPoint.scale) }
}

extension FixedPoint {
    /// Parses a decimal string into a raw count of 10⁻⁸ units.
    static func parseRaw(_ text: String) throws(DecimalParseError) -> Int64 {
        var copy = text
        let result = copy.withUTF8 { bytes in
            Result { () throws(DecimalParseError) -> Int64 in try parseRaw(bytes, text: text) }
        }
        return try result.get()
    }

    /// Parses UTF-8 bytes of a decimal string into a raw count of 10⁻⁸ units.
    public static func parseRaw(_ bytes: UnsafeBufferPointer<UInt8>, text: @autoclosure () -> String) throws(DecimalParseError) -> Int64 {
        var i = 0
        let n = bytes.count
        var negative = false
        if n > 0 && bytes[0] == UInt8(ascii: "-") { negative = true; i = 1 }
        var magnitude: UInt64 = 0
        var sawDigit = false
        var sawPoint = false
        var decimals = 0
        let limit = UInt64(Int64.max) // also fine for -Int64.max; Int64.min itself is excluded
        while i < n {
            let c = bytes[i]
            if c == UInt8(ascii: ".") {
                if sawPoint { throw .invalidCharacter(text: text(), offset: i) }
                sawPoint = true
            } else if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                sawDigit = true
                let d = UInt64(c &- UInt8(ascii: "0"))
                if sawPoint {
                    if decimals == FixedPoint.decimals {
                        if d != 0 { throw .tooManyDecimals(text: text(), limit: FixedPoint.decimals) }
                        i += 1
                        continue
                    }
                    decimals += 1
                }
                let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (m2, o2) = m1.addingReportingOverflow(d)
                if o1 || o2 || m2 > limit { throw .outOfRange(text: text()) }
                magnitude = m2
            } else {
                throw .invalidCharacter(text: text(), offset: i)
            }
            i += 1
        }
        if !sawDigit { throw n == 0 || (n == 1 && negative) ? .empty : .invalidCharacter(text: text(), offset: n - 1) }
        var remaining = FixedPoint.decimals - decimals
        while remaining > 0 {
            let (m, o) = magnitude.multipliedReportingOverflow(by: 10)
            if o || m > limit { throw .outOfRange(text: text()) }
            magnitude = m
            remaining -= 1
        }
        let value = Int64(magnitude)
        return negative ? -value : value
    }

    /// Formats a raw count of 10⁻⁸ units canonically: trailing zero decimals stripped,
    /// no point for whole numbers, never "-0".
    public static func format(_ raw: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        append(raw, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the canonical text of a raw count of 10⁻⁸ units as UTF-8.
    public static func append(_ raw: Int64, to bytes: inout [UInt8]) {
        if raw < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = raw.magnitude
        let whole = magnitude / UInt64(scale)
        var fraction = magnitude % UInt64(scale)
        appendDecimal(whole, to: &bytes)
        if fraction == 0 { return }
        bytes.append(UInt8(ascii: "."))
        var digits = decimals
        while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
        var buffer: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (48, 48, 48, 48, 48, 48, 48, 48)
        withUnsafeMutableBytes(of: &buffer) { b in
            var k = digits - 1
            while k >= 0 {
                b[k] = UInt8(ascii: "0") &+ UInt8(fraction % 10)
                fraction /= 10
                k -= 1
            }
            bytes.append(contentsOf: b.prefix(digits))
        }
    }

    /// Appends the decimal digits of an unsigned integer as UTF-8.
    public static func appendDecimal(_ value: UInt64, to bytes: inout [UInt8]) {
        if value < 10 { bytes.append(UInt8(ascii: "0") &+ UInt8(value)); return }
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes >= 20 digits
        var v = value
        withUnsafeMutableBytes(of: &buffer) { b in
            var k = 24
            while v > 0 {
                k -= 1
                b[k] = UInt8(ascii: "0") &+ UInt8(v % 10)
                v /= 10
            }
            bytes.append(contentsOf: b[k..<24])
        }
    }
}
