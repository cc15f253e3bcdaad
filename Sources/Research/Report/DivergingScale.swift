/// A colour scale centred on zero: red for negative values, white at zero, blue for
/// positive ones (ColorBrewer's RdBu ends, readable with red-green colour blindness).
///
/// The scale is symmetric: −limit and +limit get the full colours, so the sign of a
/// value always shows. The limit is robust, so one outlier does not wash every other
/// cell out to white: the smaller of the 95th percentile (nearest rank) of the values'
/// magnitudes and ``outlierFactor`` times their median magnitude. Values beyond the
/// limit are drawn at full colour (the legend says so).
struct DivergingScale: Equatable {
    /// The magnitude drawn at full colour (> 0).
    let limit: Double

    /// The share of magnitudes at or under the limit.
    static let percentile = 0.95
    /// How many times the median magnitude the limit may be at most (when the median is > 0).
    static let outlierFactor = 5.0

    static let negative = (red: 178.0, green: 24.0, blue: 43.0)
    static let zero = (red: 247.0, green: 247.0, blue: 247.0)
    static let positive = (red: 33.0, green: 102.0, blue: 172.0)

    init(limit: Double) { self.limit = limit > 0 && limit.isFinite ? limit : 1 }

    /// The scale for `values` (limit 1 when they are all 0 or there are none).
    init(values: [Double]) {
        let magnitudes = values.filter(\.isFinite).map { $0.magnitude }.sorted()
        guard !magnitudes.isEmpty else {
            self.init(limit: 1)
            return
        }
        let rank = Int((Self.percentile * Double(magnitudes.count)).rounded(.up))
        let percentile = magnitudes[min(magnitudes.count, max(1, rank)) - 1]
        let middle = magnitudes.count / 2
        let median = magnitudes.count % 2 == 1 ? magnitudes[middle] : (magnitudes[middle - 1] + magnitudes[middle]) / 2
        self.init(limit: median > 0 ? min(percentile, Self.outlierFactor * median) : percentile)
    }

    /// Where `value` falls: −1 (full red) ... 0 (white) ... +1 (full blue), clamped.
    func position(_ value: Double) -> Double {
        guard value.isFinite else { return 0 }
        return min(1, max(-1, value / self.limit))
    }

    /// Whether `value` lies beyond the limit (drawn at full colour).
    func isClamped(_ value: Double) -> Bool { value.magnitude > self.limit }

    /// The fill colour of `value`, `rgb(r,g,b)`.
    func color(_ value: Double) -> String {
        let t = self.position(value)
        let end = t < 0 ? Self.negative : Self.positive
        let share = t.magnitude
        func channel(_ zero: Double, _ end: Double) -> Int { Int((zero + (end - zero) * share).rounded()) }
        return "rgb(\(channel(Self.zero.red, end.red)),\(channel(Self.zero.green, end.green)),\(channel(Self.zero.blue, end.blue)))"
    }

    /// A text colour readable on ``color(_:)``: white on strong colours, dark on pale ones.
    func textColor(_ value: Double) -> String { self.position(value).magnitude > 0.55 ? "#fff" : "#222" }
}
