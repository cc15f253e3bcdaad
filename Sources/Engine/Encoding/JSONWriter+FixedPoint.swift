import JSON

extension JSONWriter {
    /// Writes a fixed-point value as an exact decimal string ("105055.5"), the way the
    /// exchange sends them.
    public mutating func value<T: FixedPointDecimal>(_ number: T) {
        self.value { bytes in
            bytes.append(UInt8(ascii: "\""))
            FixedPoint.append(number.rawValue, to: &bytes)
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// Writes `key: value` with the value as an exact decimal string.
    public mutating func field<T: FixedPointDecimal>(_ name: StaticString, _ number: T) { self.key(name); self.value(number) }

    /// Writes `key: value`, or `key: null` when the value is absent.
    public mutating func field<T: FixedPointDecimal>(_ name: StaticString, _ number: T?) {
        self.key(name)
        if let number { self.value(number) } else { self.null() }
    }
}
