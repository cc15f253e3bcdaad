@testable import Engine
import TestSupport
import Testing

/// The ring's tallies scan back from the newest sample (issue 18), which is right only on
/// samples in time order: the engine appends them so, and a restored ring out of order is
/// refused rather than tallied wrong.
@Suite(.tags(.unit)) struct TimeSeriesRingTests {
    @Test func talliesCountTheSamplesAfterATimeAcrossTheWrap() {
        var ring = TimeSeriesRing(capacity: 4)
        for (time, value) in [(10, 1), (20, 2), (30, 3), (40, 4), (50, 5), (60, 6)] as [(Int64, Int64)] {
            ring.append(time: time, value: value)
        }
        // Kept: 30, 40, 50, 60 (the oldest two were overwritten).
        #expect(ring.tally(after: 0) == (4, 18))
        #expect(ring.tally(after: 40) == (2, 11))
        #expect(ring.tally(after: 60) == (0, 0))
        #expect(ring.count(after: 35) == 3)
        #expect(ring.restoreProblem(against: TimeSeriesRing(capacity: 4)) == nil)
    }

    @Test func aRingOutOfTimeOrderIsRefusedOnRestore() {
        var ring = TimeSeriesRing(capacity: 4)
        for time: Int64 in [10, 30, 20] { ring.append(time: time, value: 1) }
        let problem = ring.restoreProblem(against: TimeSeriesRing(capacity: 4))
        #expect(problem?.contains("out of time order") == true, "\(problem ?? "nil")")
    }
}
