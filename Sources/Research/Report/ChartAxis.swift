import Engine
import Foundation

/// Round axis ticks: "nice numbers" (1, 2 or 5 × 10^k) for values and round clock
/// times for time. Pure arithmetic on the inputs (no logarithms, no clock), so a chart
/// gets the same ticks on every machine.
enum ChartAxis {
    /// A value axis: its range (widened to whole steps) and the ticks in it.
    struct ValueTicks: Equatable {
        var low: Double
        var high: Double
        var step: Double
        /// Decimals that show the step exactly (0 for steps of 1 and above).
        var decimals: Int
        var values: [Double]

        /// A tick's label: `decimals` digits after the point, never "-0".
        func label(_ value: Double) -> String {
            let text = String(format: "%.\(self.decimals)f", value)
            let digits = text.drop { $0 == "-" }
            return digits.allSatisfy { $0 == "0" || $0 == "." } ? String(digits) : text
        }
    }

    /// Ticks for values in `low...high`: the smallest 1-2-5 step that needs at most
    /// `target` intervals, the range widened to multiples of it. A flat range is widened
    /// around its value first.
    static func valueTicks(low: Double, high: Double, target: Int = 5) -> ValueTicks {
        var low = low.isFinite ? low : 0
        var high = high.isFinite ? high : 1
        if high < low { swap(&low, &high) }
        if high - low < 1e-12 {
            let pad = high == 0 ? 1 : abs(high) * 0.01
            low -= pad
            high += pad
        }
        let raw = (high - low) / Double(max(1, target))
        // 10^exponent ≤ raw < 10^(exponent+1); each power a single correctly rounded
        // operation on exact integers, so 0.0005 is 5 / 10_000 and not an accumulation.
        func times(_ multiple: Double, tenTo exponent: Int) -> Double {
            var power = 1.0
            for _ in 0..<abs(exponent) { power *= 10 }
            return exponent >= 0 ? multiple * power : multiple / power
        }
        var exponent = 0
        while times(1, tenTo: exponent) > raw && exponent > -15 { exponent -= 1 }
        while times(10, tenTo: exponent) <= raw && exponent < 18 { exponent += 1 }
        var step = times(10, tenTo: exponent)
        var decimals = max(0, -exponent - 1)
        for multiple in [1.0, 2.0, 5.0] where times(multiple, tenTo: exponent) >= raw {
            step = times(multiple, tenTo: exponent)
            decimals = max(0, -exponent)
            break
        }
        let first = (low / step).rounded(.down)
        let last = (high / step).rounded(.up)
        let count = Int(last - first)
        let values = (0...max(0, count)).map { (first + Double($0)) * step }
        return ValueTicks(low: first * step, high: last * step, step: step, decimals: decimals, values: values)
    }

    /// The clock steps a time axis may use, in nanoseconds.
    static let timeSteps: [Int64] = [
        1, 2, 5, 10, 20, 50, 100, 200, 500,
    ].map { $0 * 1_000_000 } + [
        1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400,
    ].map { Int64($0) * 1_000_000_000 }

    /// The smallest clock step that puts at most `target` ticks on `start...end`, and
    /// the ticks: every multiple of it (counted from midnight UTC) in the span.
    static func timeTicks(start: Int64, end: Int64, target: Int = 8) -> (step: Int64, times: [Int64]) {
        let span = max(1, end - start)
        let step = Self.timeSteps.first { span / $0 <= Int64(target) } ?? span / Int64(max(1, target)) + 1
        var tick = start % step == 0 ? start : start - ((start % step) + step) % step + step
        var times: [Int64] = []
        while tick <= end && times.count <= target * 2 {
            times.append(tick)
            tick += step
        }
        return (step, times)
    }

    /// A tick's clock label: `HH:MM:SS`, with milliseconds when the step is below a
    /// second and without seconds when it is whole minutes.
    static func timeLabel(_ time: Int64, step: Int64) -> String {
        if step < Nanoseconds.perSecond { return ClockText.timeOfDay(time, milliseconds: true) }
        let text = ClockText.timeOfDay(time)
        return step % Nanoseconds.minutes(1).rawValue == 0 ? String(text.prefix(5)) : text
    }
}
