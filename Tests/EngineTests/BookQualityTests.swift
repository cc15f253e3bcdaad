import Engine
import TestSupport
import Testing

/// `BookSnapshot.qualityIssues`: crossed, unsorted and duplicate-price books, the
/// classification `import` counts and other tools share.
@Suite(.tags(.unit)) struct BookQualityTests {
    func book(bids: [String], asks: [String]) throws -> BookSnapshot {
        BookSnapshot(coin: "BTC", exchangeTime: 1_737_918_843_000,
                     bids: try bids.map { BookLevel(price: try Price(parsing: $0), size: try Size(parsing: "1"), orders: 1) },
                     asks: try asks.map { BookLevel(price: try Price(parsing: $0), size: try Size(parsing: "1"), orders: 1) })
    }

    @Test func aWellFormedBookHasNoIssues() throws {
        #expect(try self.book(bids: ["105055", "105054", "105053"], asks: ["105056", "105057"]).qualityIssues.isEmpty)
        #expect(try self.book(bids: [], asks: []).qualityIssues.isEmpty)
        #expect(try self.book(bids: ["1"], asks: []).qualityIssues.isEmpty)
    }

    @Test func crossedAndLockedBooksAreCrossedLikeTheEngineSeesThem() throws {
        let crossed = try self.book(bids: ["105057", "105054"], asks: ["105056", "105058"])
        #expect(crossed.qualityIssues == .crossed)
        var state = BookState()
        state.apply(crossed, at: 1)
        #expect(state.isCrossed)
        #expect(try self.book(bids: ["105056"], asks: ["105056"]).qualityIssues == .crossed, "a locked book is crossed")
    }

    @Test func orderAndRepeatedPricesAreToldApart() throws {
        #expect(try self.book(bids: ["105054", "105055"], asks: ["105056"]).qualityIssues == .unsorted)
        #expect(try self.book(bids: ["105055"], asks: ["105057", "105056"]).qualityIssues == .unsorted)
        #expect(try self.book(bids: ["105055", "105055"], asks: ["105056"]).qualityIssues == .duplicatePrice)
        // Out of order, the twin need not be next to it.
        #expect(try self.book(bids: ["105055", "105053", "105054", "105053"], asks: []).qualityIssues == [.unsorted, .duplicatePrice])
        #expect(try self.book(bids: ["105055", "105056"], asks: ["105055", "105055"]).qualityIssues == [.crossed, .unsorted, .duplicatePrice])
    }
}
