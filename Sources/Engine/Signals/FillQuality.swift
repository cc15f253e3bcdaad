/// The quality of a coin's fills so far (the EdgeMetricsTracker's totals): how many were
/// measured, their mean gross edge at the fill, and at each markout horizon (1, 5, 30,
/// 60 s) how many reached it, their mean markout and mean adverse selection (gross edge
/// − markout), all in bps of the fill price, positive in our favour (adverse selection:
/// positive against us). A fill's horizons are measured once the first event at or after
/// them arrives; fills too close to the end never reach their longer horizons.
public struct FillQuality: Sendable, Equatable, Codable {
    /// The horizons, seconds.
    public static let horizons: [Int] = [1, 5, 30, 60]

    /// Fills measured.
    public var fills: Int64 = 0
    /// Sum of the fills' gross edges (bps).
    public var grossEdgeSum = 0.0
    /// Per horizon: fills measured there, and sums of their markouts and adverse selection.
    public var counts: [Int64] = [0, 0, 0, 0]
    public var markoutSums = [0.0, 0.0, 0.0, 0.0]
    public var adverseSums = [0.0, 0.0, 0.0, 0.0]

    /// Nothing measured.
    public init() {}

    /// The mean gross edge (0 without fills).
    public var meanGrossEdgeBps: Double { self.fills > 0 ? self.grossEdgeSum / Double(self.fills) : 0 }
    /// The mean markout at each horizon (0 where none reached it).
    public var meanMarkoutBps: [Double] { zip(self.markoutSums, self.counts).map { $1 > 0 ? $0 / Double($1) : 0 } }
    /// The mean adverse selection at each horizon (0 where none reached it).
    public var meanAdverseSelectionBps: [Double] { zip(self.adverseSums, self.counts).map { $1 > 0 ? $0 / Double($1) : 0 } }

    /// The totals of two sets of fills (coins, captures).
    public static func + (a: FillQuality, b: FillQuality) -> FillQuality {
        var sum = a
        sum.fills &+= b.fills
        sum.grossEdgeSum += b.grossEdgeSum
        for h in 0..<4 {
            sum.counts[h] &+= b.counts[h]
            sum.markoutSums[h] += b.markoutSums[h]
            sum.adverseSums[h] += b.adverseSums[h]
        }
        return sum
    }
}
