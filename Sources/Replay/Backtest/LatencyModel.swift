import Engine
import Journal

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

    /// Observed request → response latencies of a recorded journal: for each place,
    /// cancel or modify command, the time from the input that caused it to the first
    /// order response naming the same client order id.
    public static func fromJournal(_ path: String) throws -> LatencyModel {
        let reader = try JournalReader(path: path)
        // Requests awaiting a response, per client id oldest first (a response answers
        // the oldest). Beyond 10,000 pending, the oldest are forgotten; dictionaries
        // keep the cost per record constant whatever the journal holds.
        var pending: [ClientOrderID: [Int64]] = [:]
        var count = 0
        var arrivals: [(id: ClientOrderID, time: Int64)] = []
        var head = 0
        var samples: [Int64] = []
        func remember(_ id: ClientOrderID, _ time: Int64) {
            pending[id, default: []].append(time)
            arrivals.append((id, time))
            count += 1
            while count > 10_000, head < arrivals.count {
                let oldest = arrivals[head]
                head += 1
                // Still pending (not answered since): forget it.
                if var times = pending[oldest.id], times.first == oldest.time {
                    times.removeFirst()
                    pending[oldest.id] = times.isEmpty ? nil : times
                    count -= 1
                }
            }
            if head > 65_536 && head * 2 > arrivals.count {
                arrivals.removeFirst(head)
                head = 0
            }
        }
        while let record = try reader.next() {
            guard EngineRecord.typeName(ofTag: record.type) != nil else { continue }
            switch try record.decode(in: path) {
            case .output(.place(let request)):
                remember(request.clientOrderID, record.time)
            case .output(.cancel(_, .client(let id))), .output(.modify(.client(let id), _)):
                remember(id, record.time)
            case .input(.orderResponse(let response)):
                if let id = response.clientOrderID, var times = pending[id], !times.isEmpty {
                    let time = times.removeFirst()
                    pending[id] = times.isEmpty ? nil : times
                    count -= 1
                    samples.append(min(max(0, record.time - time), Self.longest))  // valid times: no overflow
                }
            default:
                break
            }
        }
        return .empirical(samples)
    }
}
