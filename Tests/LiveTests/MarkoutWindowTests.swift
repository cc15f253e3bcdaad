import Engine
@testable import Live
import TestSupport
import Testing

/// The fill markouts `/metrics` shows: a count of every record and the mean per horizon
/// over the latest hundred.
@Suite(.tags(.unit)) struct MarkoutWindowTests {
    static func markout(_ bps: Double) -> FillMarkoutDecision {
        FillMarkoutDecision(clientOrderID: "none", side: .bid, price: 100, mid: 100, grossEdgeBps: 1,
                            markout1sBps: bps, markout5sBps: 2 * bps, markout30sBps: 3 * bps, markout60sBps: 4 * bps)
    }

    @Test func meansCoverTheLatestHundredPerHorizon() {
        var window = MarkoutWindow()
        #expect(window.meanBps.isEmpty)
        window.append(Self.markout(1))
        window.append(Self.markout(3))
        #expect(window.meanBps.map(\.seconds) == [1, 5, 30, 60])
        #expect(window.meanBps.map(\.bps) == [2, 4, 6, 8])
        for _ in 0..<MarkoutWindow.capacity { window.append(Self.markout(-1)) }
        #expect(window.count == 102)
        #expect(window.recent.count == MarkoutWindow.capacity)
        #expect(window.meanBps.map(\.bps) == [-1, -2, -3, -4])
    }
}
