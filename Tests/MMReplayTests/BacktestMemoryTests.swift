import Foundation
import TestSupport
import Testing

/// A backtest holds a bounded amount of the capture (one frame, a few batches of decoded
/// records, a book per coin), so its peak memory does not grow with the capture's length
/// (issue 18: a 10-million-event backtest in under 100 MiB; `scripts/bench` measures that
/// one on the release build, 37 MiB).
@Suite(.tags(.endToEnd)) struct BacktestMemoryTests {
    @Test func peakMemoryStaysFlatAsTheCaptureGrowsTenfold() throws {
        let scratch = Scratch("backtest-memory")
        var peaks: [Int] = []
        for events in [30_000, 300_000] {
            let path = scratch.file("capture-\(events).mmj")
            #expect(try MMReplay.run(["journal", "synth", "--out", path, "--seed", "4", "--events", String(events), "--coins", "BTC"]).status == 0)
            let (status, peakKiB) = try MMReplay.runMeasuringPeakMemory(["backtest", path, "--json"])
            #expect(status == 0)
            #expect(peakKiB > 1024, "no memory figure was sampled")
            peaks.append(peakKiB)
        }
        // Ten times the events: within a few MiB of the same peak, far under 100 MiB.
        #expect(peaks[1] < peaks[0] + 8 * 1024, "peak \(peaks[0] / 1024) MiB for 30,000 events, \(peaks[1] / 1024) MiB for 300,000")
        #expect(peaks[1] < 100 * 1024, "peak \(peaks[1] / 1024) MiB")
    }
}
