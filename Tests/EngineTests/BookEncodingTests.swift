@testable import Engine
import Foundation
import TestSupport
import Testing

/// The compact book payload (event version 2) and the fixed one (version 1) it replaced.
@Suite(.tags(.unit)) struct BookEncodingTests {
    /// A Hyperliquid-shaped BTC book: 20 levels a side, $1 ticks, 5-decimal sizes.
    static func btcBook() throws -> BookSnapshot {
        var bids: [BookLevel] = []
        var asks: [BookLevel] = []
        for i in 0..<20 {
            bids.append(BookLevel(price: try Price(parsing: "\(105_055 - i * (1 + i % 3))"), size: try Size(parsing: "0.\(String(format: "%05d", 137 * (i + 1)))"), orders: UInt32(1 + i % 7)))
            asks.append(BookLevel(price: try Price(parsing: "\(105_056 + i * 2)"), size: try Size(parsing: "\(i % 4).\(String(format: "%05d", 911 * (i + 1) % 100_000))"), orders: UInt32(2 + i)))
        }
        return BookSnapshot(coin: "BTC", exchangeTime: 1_737_918_847_000, bids: bids, asks: asks)
    }

    /// The version-1 payload of a book: version byte 1 and 20-byte levels.
    static func versionOnePayload(_ book: BookSnapshot) -> [UInt8] {
        var writer = BinaryWriter()
        writer.write(UInt8(1))
        book.encode(to: &writer)
        return writer.bytes
    }

    @Test func booksAreWrittenAsVersionTwoAndReadBack() throws {
        let book = try Self.btcBook()
        let payload = Event.book(book).payloadBytes
        #expect(payload.first == Event.bookEncodingVersion)
        #expect(try Event(tag: Event.Kind.book.rawValue, payload: payload) == .book(book))
        // Prices scale by 10^8 (whole dollars), sizes by 10^3 (5 decimals): a fraction of
        // the fixed layout.
        let fixed = Self.versionOnePayload(book)
        #expect(payload.count * 3 < fixed.count, "compact \(payload.count) bytes vs fixed \(fixed.count)")
    }

    @Test func versionOneBooksStillDecode() throws {
        var values = RandomValues(seed: 7, withinLimits: true)
        for _ in 0..<500 {
            guard case .book(let book) = values.event(.book) else { continue }
            #expect(try Event(tag: Event.Kind.book.rawValue, payload: Self.versionOnePayload(book)) == .book(book))
        }
        let book = try Self.btcBook()
        #expect(try Event(tag: Event.Kind.book.rawValue, payload: Self.versionOnePayload(book)) == .book(book))
    }

    @Test func extremeAndIrregularLevelsRoundTrip() throws {
        let extremes: [Int64] = [.min, .max, 0, -1, 1, 10, -10, 100_000_000, 999_999_999_999_999_999, -1_000_000_000_000_000_000]
        var books: [BookSnapshot] = [
            BookSnapshot(coin: "BTC", exchangeTime: 0, bids: [], asks: []),
            BookSnapshot(coin: "@107", exchangeTime: -5, bids: [BookLevel(price: Price(rawValue: 0), size: Size(rawValue: 0), orders: 0)], asks: []),
        ]
        // Every pair of extreme values as neighbouring prices and as sizes, with the
        // largest order count: differences wrap, widths reach 8 bytes.
        for a in extremes {
            for b in extremes {
                books.append(BookSnapshot(coin: "ETH", exchangeTime: a, bids: [
                    BookLevel(price: Price(rawValue: a), size: Size(rawValue: b), orders: .max),
                    BookLevel(price: Price(rawValue: b), size: Size(rawValue: a), orders: 0),
                ], asks: [BookLevel(price: Price(rawValue: b), size: Size(rawValue: b), orders: 1)]))
            }
        }
        // The codec itself carries any Int64 exactly; decoding an event then refuses
        // the values outside Limits.
        for book in books {
            let payload = Event.book(book).payloadBytes
            #expect(try Self.decodeCompact(payload) == book)
            if book.limitProblem == nil {
                #expect(try Event(tag: Event.Kind.book.rawValue, payload: payload) == .book(book))
            } else {
                #expect(throws: BinaryDecodingError.self) { try Event(tag: Event.Kind.book.rawValue, payload: payload) }
            }
        }
    }

    /// The compact codec alone (no limits check), for payloads of any values.
    static func decodeCompact(_ payload: [UInt8]) throws -> BookSnapshot {
        try payload.withUnsafeBytes { raw in
            var reader = BinaryReader(raw, context: "book")
            _ = try reader.read(UInt8.self)
            let book = try BookSnapshot(compactFrom: &reader)
            try reader.expectEnd()
            return book
        }
    }

    /// Books on every price and size grid (ticks of 10^0 to 10^10 raw units, levels one
    /// to a thousand ticks apart, gaps, equal prices, unsorted sides) round-trip exactly.
    @Test func booksOnEveryGridRoundTrip() throws {
        var random = Xoshiro256StarStar(seed: 2026)
        let powersOfTen: [Int64] = (0...10).map { k in (0..<k).reduce(Int64(1)) { value, _ in value * 10 } }
        for _ in 0..<3_000 {
            let priceUnit = powersOfTen[Int(random.next(below: 11))]
            let sizeUnit = powersOfTen[Int(random.next(below: 9))]
            func side(descending: Bool) -> [BookLevel] {
                var price = Int64(random.next(below: 1_000_000) + 1) * priceUnit
                return (0..<Int(random.next(below: 21))).map { _ in
                    let step = Int64(random.next(below: 1_000)) * priceUnit
                    price = descending ? price - step : price + step
                    return BookLevel(price: Price(rawValue: price), size: Size(rawValue: Int64(random.next(below: 10_000_000)) * sizeUnit),
                                     orders: UInt32(random.next(below: 5_000)))
                }
            }
            let book = BookSnapshot(coin: "BTC", exchangeTime: Int64(random.next(below: 1 << 41)),
                                    bids: side(descending: true), asks: random.chance(1, in: 10) ? side(descending: true) : side(descending: false))
            #expect(try Self.decodeCompact(Event.book(book).payloadBytes) == book)
            // Sides are composed on the stack: the same bytes as field by field.
            let exponents = (price: Int(random.next(below: 3)), size: Int(random.next(below: 2)))
            let scaled = book.bids.map { BookLevel(price: Price(rawValue: $0.price.rawValue * 100), size: Size(rawValue: $0.size.rawValue * 10), orders: $0.orders) }
            var widths = BookSnapshot.LevelWidths()
            widths.widen(for: scaled, priceExponent: exponents.price, sizeExponent: exponents.size)
            var composed = BinaryWriter()
            BookSnapshot.writeCompactSide(scaled, widths: widths, priceExponent: exponents.price, sizeExponent: exponents.size, to: &composed)
            var parts = BinaryWriter()
            BookSnapshot.writeCompactSideByParts(scaled, widths: widths, priceExponent: exponents.price, sizeExponent: exponents.size, to: &parts)
            #expect(composed.bytes == parts.bytes)
        }
    }

    @Test func aSideLongerThanTheStackRoundTrips() throws {
        var levels: [BookLevel] = []
        for i in 0..<(BookSnapshot.composedLevels + 7) {
            let price = Price(rawValue: Int64(100_000 + i) * 100_000_000)
            let size = Size(rawValue: Int64(i % 13 + 1) * 1_000)
            levels.append(BookLevel(price: price, size: size, orders: UInt32(i % 5)))
        }
        let book = BookSnapshot(coin: "BTC", exchangeTime: 1, bids: Array(levels.reversed()), asks: levels)
        #expect(try Self.decodeCompact(Event.book(book).payloadBytes) == book)
    }

    @Test func theEncodingIsStable() throws {
        // A golden payload: changing it breaks every journal written since version 2.
        let book = BookSnapshot(coin: "BTC", exchangeTime: 2, bids: [
            BookLevel(price: try Price(parsing: "105055"), size: try Size(parsing: "0.5"), orders: 3),
            BookLevel(price: try Price(parsing: "105054"), size: try Size(parsing: "1.25"), orders: 300),
        ], asks: [BookLevel(price: try Price(parsing: "105056"), size: try Size(parsing: "0.05"), orders: 1)])
        let hex = Event.book(book).payloadBytes.map { String(format: "%02x", $0) }.joined()
        #expect(hex == "02" + "0300" + "425443" + "0200000000000000"
            + "08" + "06" + "01" + "01" + "02"     // exponents 8 and 6; widths 1, 1, 2
            + "02000000" + "5f9a010000000000"      // 2 bids from 105055
            + "00" + "32" + "0300" + "ff" + "7d" + "2c01"
            + "01000000" + "609a010000000000"      // 1 ask from 105056
            + "00" + "05" + "0100")
    }

    @Test func corruptPayloadsAreRejectedWithTheirPlace() throws {
        let payload = Event.book(try Self.btcBook()).payloadBytes
        let book = Event.Kind.book.rawValue
        // Header: version, coin (2 + 3), exchange time (8), then the exponents and widths.
        let exponentAt = 1 + 5 + 8
        var badExponent = payload
        badExponent[exponentAt] = 19
        #expect(throws: BinaryDecodingError.invalidValue(what: "book", offset: exponentAt, reason: "book price exponent 19 is above 18")) {
            try Event(tag: book, payload: badExponent)
        }
        var badWidth = payload
        badWidth[exponentAt + 4] = 5
        #expect(throws: BinaryDecodingError.invalidValue(what: "book", offset: exponentAt + 4, reason: "book orders width 5 is above 4")) {
            try Event(tag: book, payload: badWidth)
        }
        var future = payload
        future[0] = 3
        #expect(throws: BinaryDecodingError.unsupportedVersion(what: "book", found: 3, supported: 2)) { try Event(tag: book, payload: future) }
        // Every truncation fails cleanly, and so does every extra byte.
        for length in 0..<payload.count {
            #expect(throws: BinaryDecodingError.self) { try Event(tag: book, payload: payload[0..<length]) }
        }
        #expect(throws: BinaryDecodingError.trailingBytes(what: "book", count: 1)) { try Event(tag: book, payload: payload + [0]) }
        // A level count the payload cannot hold is refused before anything is allocated.
        var hugeCount = payload
        hugeCount.replaceSubrange((exponentAt + 5)..<(exponentAt + 9), with: [0xff, 0xff, 0xff, 0x7f])
        #expect(throws: BinaryDecodingError.self) { try Event(tag: book, payload: hugeCount) }
    }

    @Test func aHugeCountOfZeroWidthLevelsIsRejectedWithoutAllocating() throws {
        var writer = BinaryWriter()
        writer.write(UInt8(2))
        writer.write("BTC")
        writer.write(Int64(0))
        for byte: UInt8 in [8, 3, 0, 0, 0] { writer.write(byte) }  // every width 0
        writer.write(UInt32.max)
        writer.write(Int64(105_000))
        #expect(throws: BinaryDecodingError.invalidValue(what: "book", offset: 19, reason: "4294967295 book levels of zero width (at most 65536)")) {
            try Event(tag: Event.Kind.book.rawValue, payload: writer.bytes)
        }
        // A few identical empty levels still round-trip.
        let level = BookLevel(price: Price(rawValue: 5), size: Size(rawValue: 0), orders: 0)
        let book = BookSnapshot(coin: "BTC", exchangeTime: 1, bids: [level, level, level], asks: [])
        #expect(try Self.decodeCompact(Event.book(book).payloadBytes) == book)
    }

    @Test func scaledValuesThatOverflowAreRejected() throws {
        // Size exponent 18 with 100 units would be 10^20: out of range, not wrapped. The
        // level starts after version, coin, time, exponents and widths, count and base.
        var writer = BinaryWriter()
        writer.write(UInt8(2))
        writer.write("BTC")
        writer.write(Int64(0))
        for byte: UInt8 in [0, 18, 0, 1, 0] { writer.write(byte) }
        writer.write(UInt32(1))
        writer.write(Int64(0))
        writer.write(UInt8(100))
        writer.write(UInt32(0))
        writer.write(Int64(0))
        #expect(throws: BinaryDecodingError.invalidValue(what: "book", offset: 31, reason: "book level out of range")) {
            try Event(tag: Event.Kind.book.rawValue, payload: writer.bytes)
        }
    }

    /// Replay's decoding thread decodes books into the arrays of books the engine is done
    /// with: the result must not depend on what the arrays held, and an array somebody
    /// else still holds must not change.
    @Test func decodingIntoReusedArraysGivesTheSameBookAndLeavesSharedArraysAlone() throws {
        let book = try Self.btcBook()
        let payload = Event.book(book).payloadBytes
        let fresh = try Event(tag: Event.Kind.book.rawValue, payload: payload)
        let filler = BookLevel(price: Price(rawValue: 7), size: Size(rawValue: 7), orders: 7)
        let shapes: [[BookLevel]] = [[], [filler], [BookLevel](repeating: filler, count: 64)]
        for bidShape in shapes {
            for askShape in shapes {
                var bids = bidShape
                bids.reserveCapacity(bidShape.count + 5)
                var asks = askShape
                let held = asks  // shared: the decoder must copy instead of writing into it
                let decoded = try payload.withUnsafeBytes { raw in
                    try Event(bookPayload: raw, reusingBids: &bids, asks: &asks)
                }
                #expect(bids.isEmpty && asks.isEmpty, "the snapshot takes the arrays")
                #expect(decoded == fresh)
                #expect(held == askShape)
            }
        }
        // A failed decode into a reused array throws the same error as a fresh one.
        var truncated = payload
        truncated.removeLast(3)
        #expect(throws: BinaryDecodingError.self) {
            var bids = shapes[2]
            var asks = shapes[1]
            return try truncated.withUnsafeBytes { raw in try Event(bookPayload: raw, reusingBids: &bids, asks: &asks) }
        }
    }
}
