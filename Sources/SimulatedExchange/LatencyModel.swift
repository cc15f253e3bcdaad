import Engine

/// How long something takes to travel between the engine and the simulated exchange,
/// in nanoseconds of virtual time. Random models draw from the simulator's seeded
/// generator, so a backtest is deterministic.
public enum LatencyModel: Sendable, Equatable {
    case constant(Int64)
    /// Uniform in the closed range.
    case uniform(Int64, Int64)
    /// Drawn from observed latencies (see ``fromJournal(_:)``).
    case empirical([Int64])

    func sample(_ random: inout Xoshiro256StarStar) -> Int64 {
        switch self {
        case .constant(let ns): return max(0, ns)
        case .uniform(let low, let high): return max(0, random.next(in: min(low, high)...max(low, high)))
        case .empirical(let samples):
            guard !samples.isEmpty else { return 0 }
            return max(0, samples[Int(random.next(below: UInt64(samples.count)))])
        }
    }

    /// The longest latency a model may give: one hour, in nanoseconds.
    public static let longest: Int64 = 3_600_000_000_000

    /// Parses "50ms", "20us", "uniform:10ms:80ms", or a plain number of milliseconds;
    /// `nil` for anything else, and for latencies below 0 or above one hour
    /// (``longest``).
    public init?(parsing text: String) {
        func duration(_ s: Substring) -> Int64? {
            let units: [(String, Double)] = [("ns", 1), ("us", 1e3), ("ms", 1e6), ("s", 1e9)]
            var number = s
            var scale = 1e6
            for (unit, unitScale) in units where s.hasSuffix(unit) {
                number = s.dropLast(unit.count)
                scale = unitScale
                break
            }
            // Decimal digits only (no hex floats, no "inf"), and at most an hour.
            guard number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "e" || $0 == "E" || $0 == "-" || $0 == "+") }),
                  let v = Double(number), v.isFinite, v >= 0, v * scale <= Double(Self.longest) else { return nil }
            return Int64((v * scale).rounded())
        }
        let parts = text.split(separator: ":")
        if parts.count == 3, parts[0] == "uniform", let a = duration(parts[1]), let b = duration(parts[2]) {
            self = .uniform(a, b)
        } else if parts.count == 1, let v = duration(parts[0]) {
            self = .constant(v)
        } else {
            return nil
        }
    }
}
