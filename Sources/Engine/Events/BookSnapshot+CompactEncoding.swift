/// The compact book encoding journaled since event payload version 2.
///
/// An L2 snapshot is up to 20 levels per side of prices a few ticks apart and sizes with
/// few significant digits; the fixed layout of version 1 (20 bytes a level) spends most of
/// its bytes on zeros that zstd has to reproduce on every read. Version 2 scales prices
/// and sizes down by their common power of ten, stores prices as differences from the
/// previous level, and packs every field in as few bytes as the snapshot's largest value
/// needs, with one width per field for the whole snapshot, so levels have a fixed stride
/// and decode without branches:
///
///     coin (string), exchangeTime (i64),
///     priceExponent, sizeExponent (u8 each, 0...18),
///     priceWidth, sizeWidth (u8 each, 0...8), ordersWidth (u8, 0...4),
///     per side (bids, then asks):
///         count (u32), base (i64: the first level's price / 10^priceExponent, 0 if empty),
///         count levels of:
///             price difference from the previous level (the first from base, so 0),
///                 signed, priceWidth bytes,
///             size / 10^sizeExponent, signed, sizeWidth bytes,
///             orders, unsigned, ordersWidth bytes.
///
/// Integers are little-endian two's complement; a width of 0 means every value is 0.
/// `priceExponent` is the largest k <= 18 such that every price's raw value is a multiple
/// of 10^k (likewise `sizeExponent`), so the scaling is exact and decoding reproduces
/// every raw value. Differences wrap in two's complement, so any Int64 prices round-trip.
extension BookSnapshot {
    /// Powers of ten from 10^0 to 10^18 (the largest that fits an Int64).
    static let powersOfTen: [Int64] = (0...18).map { exponent in
        var value: Int64 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// The most levels a side may hold when every level field has width 0 (all equal
    /// prices, zero sizes and orders: no real book comes near).
    static let maximumZeroWidthLevels = 1 << 16

    /// Appends the version-2 compact encoding (see the extension's comment).
    public func encodeCompact(to writer: inout BinaryWriter) {
        writer.write(self.coin)
        writer.write(self.exchangeTime)
        let priceExponent = Self.commonExponent(of: self.asks, limit: Self.commonExponent(of: self.bids, limit: 18) { $0.price.rawValue }) { $0.price.rawValue }
        let sizeExponent = Self.commonExponent(of: self.asks, limit: Self.commonExponent(of: self.bids, limit: 18) { $0.size.rawValue }) { $0.size.rawValue }
        var widths = LevelWidths()
        widths.widen(for: self.bids, priceExponent: priceExponent, sizeExponent: sizeExponent)
        widths.widen(for: self.asks, priceExponent: priceExponent, sizeExponent: sizeExponent)
        writer.write(UInt8(priceExponent))
        writer.write(UInt8(sizeExponent))
        writer.write(UInt8(widths.price))
        writer.write(UInt8(widths.size))
        writer.write(UInt8(widths.orders))
        Self.writeCompactSide(self.bids, widths: widths, priceExponent: priceExponent, sizeExponent: sizeExponent, to: &writer)
        Self.writeCompactSide(self.asks, widths: widths, priceExponent: priceExponent, sizeExponent: sizeExponent, to: &writer)
    }

    /// Decodes the version-2 compact encoding; throws on a truncated or corrupt payload
    /// (an exponent above 18, a width out of range, a value that overflows).
    public init(compactFrom reader: inout BinaryReader) throws(BinaryDecodingError) {
        var bids: [BookLevel] = []
        var asks: [BookLevel] = []
        try self.init(compactFrom: &reader, reusingBids: &bids, asks: &asks)
    }

    /// Decodes the version-2 compact encoding into the storage of `bids` and `asks` (when
    /// they are uniquely referenced and large enough; their levels are replaced), which
    /// the snapshot then takes: both are left empty. A decoder that hands back the arrays
    /// of books it is done with decodes the next ones without allocating.
    package init(compactFrom reader: inout BinaryReader, reusingBids bids: inout [BookLevel], asks: inout [BookLevel]) throws(BinaryDecodingError) {
        let coin = try reader.readString()
        let exchangeTime = try reader.read(Int64.self)
        let priceUnit = Self.powersOfTen[try Self.readField(&reader, "price exponent", atMost: 18)]
        let sizeUnit = Self.powersOfTen[try Self.readField(&reader, "size exponent", atMost: 18)]
        let widths = LevelWidths(
            price: try Self.readField(&reader, "price width", atMost: 8),
            size: try Self.readField(&reader, "size width", atMost: 8),
            orders: try Self.readField(&reader, "orders width", atMost: 4))
        try Self.readCompactSide(&reader, widths: widths, priceUnit: priceUnit, sizeUnit: sizeUnit, into: &bids)
        try Self.readCompactSide(&reader, widths: widths, priceUnit: priceUnit, sizeUnit: sizeUnit, into: &asks)
        // Moved, not copied: the arrays stay uniquely referenced.
        var ownBids: [BookLevel] = []
        var ownAsks: [BookLevel] = []
        swap(&ownBids, &bids)
        swap(&ownAsks, &asks)
        self.init(coin: coin, exchangeTime: exchangeTime, bids: ownBids, asks: ownAsks)
    }

    /// The byte widths of a snapshot's packed level fields.
    struct LevelWidths {
        var price = 0
        var size = 0
        var orders = 0

        /// Bytes per level.
        var stride: Int { self.price + self.size + self.orders }

        /// Widens the widths to hold every level of one side.
        mutating func widen(for levels: [BookLevel], priceExponent: Int, sizeExponent: Int) {
            var previous = BookSnapshot.divide(levels.first?.price.rawValue ?? 0, byPowerOfTen: priceExponent).quotient
            for level in levels {
                let units = BookSnapshot.divide(level.price.rawValue, byPowerOfTen: priceExponent).quotient
                self.price = max(self.price, Self.signedWidth(units &- previous))
                previous = units
                self.size = max(self.size, Self.signedWidth(BookSnapshot.divide(level.size.rawValue, byPowerOfTen: sizeExponent).quotient))
                self.orders = max(self.orders, (UInt32.bitWidth - level.orders.leadingZeroBitCount + 7) / 8)
            }
        }

        /// The fewest bytes that hold `value` in two's complement (0 for 0).
        static func signedWidth(_ value: Int64) -> Int {
            if value == 0 { return 0 }
            // Bits needed besides the sign: those of the magnitude (of ~value when negative).
            let magnitude = value < 0 ? ~value : value
            return (Int64.bitWidth - magnitude.leadingZeroBitCount + 1 + 7) / 8
        }
    }

    /// The largest exponent k <= `limit` such that 10^k divides every value.
    static func commonExponent(of levels: [BookLevel], limit: Int, _ value: (BookLevel) -> Int64) -> Int {
        var exponent = limit
        for level in levels {
            let raw = value(level)
            while exponent > 0 && Self.divide(raw, byPowerOfTen: exponent).remainder != 0 { exponent -= 1 }
            if exponent == 0 { break }
        }
        return exponent
    }

    /// `value` divided by 10^`exponent` (0...18), with the remainder. Each case divides by
    /// a constant, which compiles to a multiplication: a division by a variable costs
    /// tens of cycles, and encoding a 40-level book divides a few hundred times.
    @inline(__always)
    static func divide(_ value: Int64, byPowerOfTen exponent: Int) -> (quotient: Int64, remainder: Int64) {
        switch exponent {
        case 0: return (value, 0)
        case 1: return value.quotientAndRemainder(dividingBy: 10)
        case 2: return value.quotientAndRemainder(dividingBy: 100)
        case 3: return value.quotientAndRemainder(dividingBy: 1_000)
        case 4: return value.quotientAndRemainder(dividingBy: 10_000)
        case 5: return value.quotientAndRemainder(dividingBy: 100_000)
        case 6: return value.quotientAndRemainder(dividingBy: 1_000_000)
        case 7: return value.quotientAndRemainder(dividingBy: 10_000_000)
        case 8: return value.quotientAndRemainder(dividingBy: 100_000_000)
        default: return value.quotientAndRemainder(dividingBy: Self.powersOfTen[exponent])
        }
    }

    static func writeCompactSide(_ levels: [BookLevel], widths: LevelWidths, priceExponent: Int, sizeExponent: Int, to writer: inout BinaryWriter) {
        guard levels.count <= Self.composedLevels else {
            Self.writeCompactSideByParts(levels, widths: widths, priceExponent: priceExponent, sizeExponent: sizeExponent, to: &writer)
            return
        }
        // Composed on the stack and appended at once (an append per byte cost ~15
        // instructions each): each field is stored as 8 little-endian bytes and the
        // cursor advances by its width, so the next field overwrites the excess.
        writer.appendComposed(capacity: 4 + 8 + levels.count * widths.stride + 8) { out in
            out.storeBytes(of: UInt32(levels.count).littleEndian, as: UInt32.self)
            var previous = Self.divide(levels.first?.price.rawValue ?? 0, byPowerOfTen: priceExponent).quotient
            out.storeBytes(of: previous.littleEndian, toByteOffset: 4, as: Int64.self)
            var at = 12
            for level in levels {
                let units = Self.divide(level.price.rawValue, byPowerOfTen: priceExponent).quotient
                out.storeBytes(of: UInt64(bitPattern: units &- previous).littleEndian, toByteOffset: at, as: UInt64.self)
                at &+= widths.price
                previous = units
                let size = Self.divide(level.size.rawValue, byPowerOfTen: sizeExponent).quotient
                out.storeBytes(of: UInt64(bitPattern: size).littleEndian, toByteOffset: at, as: UInt64.self)
                at &+= widths.size
                out.storeBytes(of: UInt64(level.orders).littleEndian, toByteOffset: at, as: UInt64.self)
                at &+= widths.orders
            }
            return at
        }
    }

    /// Sides up to this many levels are composed on the stack (20 KiB at most).
    static let composedLevels = 1024

    /// ``writeCompactSide`` field by field (long sides).
    static func writeCompactSideByParts(_ levels: [BookLevel], widths: LevelWidths, priceExponent: Int, sizeExponent: Int, to writer: inout BinaryWriter) {
        writer.write(UInt32(levels.count))
        var previous = Self.divide(levels.first?.price.rawValue ?? 0, byPowerOfTen: priceExponent).quotient
        writer.write(previous)
        for level in levels {
            let units = Self.divide(level.price.rawValue, byPowerOfTen: priceExponent).quotient
            Self.writePacked(UInt64(bitPattern: units &- previous), width: widths.price, to: &writer)
            previous = units
            Self.writePacked(UInt64(bitPattern: Self.divide(level.size.rawValue, byPowerOfTen: sizeExponent).quotient), width: widths.size, to: &writer)
            Self.writePacked(UInt64(level.orders), width: widths.orders, to: &writer)
        }
    }

    @inline(__always)
    static func writePacked(_ value: UInt64, width: Int, to writer: inout BinaryWriter) {
        var rest = value
        for _ in 0..<width {
            writer.write(UInt8(truncatingIfNeeded: rest))
            rest >>= 8
        }
    }

    private static func readField(_ reader: inout BinaryReader, _ what: String, atMost limit: Int) throws(BinaryDecodingError) -> Int {
        let at = reader.offset
        let value = Int(try reader.read(UInt8.self))
        guard value <= limit else {
            throw .invalidValue(what: reader.context, offset: at, reason: "book \(what) \(value) is above \(limit)")
        }
        return value
    }

    private static func readCompactSide(_ reader: inout BinaryReader, widths: LevelWidths, priceUnit: Int64, sizeUnit: Int64, into levels: inout [BookLevel]) throws(BinaryDecodingError) {
        let count = Int(try reader.read(UInt32.self))
        let units = try reader.read(Int64.self)
        let start = reader.offset
        let (total, overflow) = count.multipliedReportingOverflow(by: widths.stride)
        if overflow || total > reader.remaining {
            throw .truncated(what: reader.context, offset: start, needed: overflow ? Int.max : total, available: reader.remaining)
        }
        // Zero-width levels take no bytes, so the payload's length cannot bound their
        // count: a corrupt count would otherwise allocate billions of levels.
        if widths.stride == 0 && count > Self.maximumZeroWidthLevels {
            throw .invalidValue(what: reader.context, offset: start - 12,
                                reason: "\(count) book levels of zero width (at most \(Self.maximumZeroWidthLevels))")
        }
        _ = try reader.readBytes(total)
        let payload = reader.bytes
        // The levels are written in place: `levels` keeps its storage when it is unique
        // and large enough (BookLevel is trivial, so the placeholders cost one store each).
        // Decoded into scratch memory (on the stack for real books), then copied in at
        // once: `levels` keeps its storage when it is unique and large enough.
        let failedAt = withUnsafeTemporaryAllocation(of: BookLevel.self, capacity: max(1, count)) { scratch -> Int? in
            let base = scratch.baseAddress.unsafelyUnwrapped
            if let failedAt = Self.decodeLevels(payload, from: start, count: count, widths: widths, base: units, priceUnit: priceUnit,
                                                sizeUnit: sizeUnit, into: base) {
                return failedAt
            }
            BookLevel.replace(&levels, with: UnsafeBufferPointer(start: base, count: count))
            return nil
        }
        if let failedAt {
            levels.removeAll(keepingCapacity: true)
            throw .invalidValue(what: reader.context, offset: failedAt, reason: "book level out of range")
        }
    }

    /// Decodes `count` packed levels starting at byte `start` of `payload` (the caller
    /// checked that they lie inside it) into `out`. Returns the offset of a level whose
    /// price or size overflows, or `nil`. Levels are read with unaligned 8-byte loads
    /// masked to their widths; only the last few before the payload's end go byte by byte.
    @inline(__always)
    private static func decodeLevels(_ payload: UnsafeRawBufferPointer, from start: Int, count: Int, widths: LevelWidths,
                                     base: Int64, priceUnit: Int64, sizeUnit: Int64,
                                     into out: UnsafeMutablePointer<BookLevel>) -> Int? {
        let stride = widths.stride
        let sizeAt = widths.price
        let ordersAt = widths.price + widths.size
        // Each field is the low `width` bytes of an 8-byte load: masked, then sign-extended
        // with the xor-subtract identity (no shifts by a variable amount, no branches).
        let (priceMask, priceSign) = Self.fieldMasks(bytes: widths.price)
        let (sizeMask, sizeSign) = Self.fieldMasks(bytes: widths.size)
        let (ordersMask, _) = Self.fieldMasks(bytes: widths.orders)
        var fastCount = 0
        if stride > 0 && payload.count - start >= ordersAt + 8 {
            fastCount = min(count, (payload.count - start - ordersAt - 8) / stride + 1)
        }
        var units = base
        var at = start
        var index = 0
        let bytes = payload.baseAddress.unsafelyUnwrapped
        while index < fastCount {
            let level = bytes + at
            let rawPrice = UInt64(littleEndian: level.loadUnaligned(as: UInt64.self)) & priceMask
            let rawSize = UInt64(littleEndian: (level + sizeAt).loadUnaligned(as: UInt64.self)) & sizeMask
            let orders = UInt64(littleEndian: (level + ordersAt).loadUnaligned(as: UInt64.self)) & ordersMask
            let delta = Int64(bitPattern: (rawPrice ^ priceSign) &- priceSign)
            let size = Int64(bitPattern: (rawSize ^ sizeSign) &- sizeSign)
            units = units &+ delta
            let (price, priceOverflow) = units.multipliedReportingOverflow(by: priceUnit)
            let (scaledSize, sizeOverflow) = size.multipliedReportingOverflow(by: sizeUnit)
            if priceOverflow || sizeOverflow { return at }
            (out + index).initialize(to: BookLevel(price: Price(rawValue: price), size: Size(rawValue: scaledSize), orders: UInt32(truncatingIfNeeded: orders)))
            at &+= stride
            index &+= 1
        }
        while index < count {
            let delta = Self.loadSigned(payload, at: at, width: widths.price)
            let size = Self.loadSigned(payload, at: at + sizeAt, width: widths.size)
            let orders = Self.loadUnsigned(payload, at: at + ordersAt, width: widths.orders)
            units = units &+ delta
            let (price, priceOverflow) = units.multipliedReportingOverflow(by: priceUnit)
            let (scaledSize, sizeOverflow) = size.multipliedReportingOverflow(by: sizeUnit)
            if priceOverflow || sizeOverflow { return at }
            (out + index).initialize(to: BookLevel(price: Price(rawValue: price), size: Size(rawValue: scaledSize), orders: UInt32(truncatingIfNeeded: orders)))
            at += stride
            index += 1
        }
        return nil
    }

    /// The mask of a field's low `bytes` bytes (0...8) and its sign bit (0 for 0 bytes).
    @inline(__always)
    static func fieldMasks(bytes: Int) -> (mask: UInt64, sign: UInt64) {
        guard bytes > 0 else { return (0, 0) }
        let bits = UInt64(8 * bytes)
        let mask: UInt64 = bits == 64 ? .max : (1 << bits) - 1
        return (mask, 1 << (bits - 1))
    }

    /// The `width`-byte little-endian unsigned value at `offset`, byte by byte.
    static func loadUnsigned(_ bytes: UnsafeRawBufferPointer, at offset: Int, width: Int) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<width { value |= UInt64(bytes[offset + i]) << UInt64(i * 8) }
        return value
    }

    /// The `width`-byte little-endian two's-complement value at `offset`, sign-extended.
    static func loadSigned(_ bytes: UnsafeRawBufferPointer, at offset: Int, width: Int) -> Int64 {
        let shift = UInt64(64 - width * 8)
        return Int64(bitPattern: Self.loadUnsigned(bytes, at: offset, width: width) << shift) >> shift
    }
}
