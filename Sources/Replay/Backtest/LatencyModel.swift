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

    /// Parses "50ms", "20us", "uniform:10ms:80ms", or a plain number of milliseconds.
    public init?(parsing text: String) {
        func duration(_ s: Substring) -> Int64? {
            let units: [(String, Double)] = [("ns", 1), ("us", 1e3), ("ms", 1e6), ("s", 1e9)]
            for (unit, scale) in units where s.hasSuffix(unit) {
                guard let v = Double(s.dropLast(unit.count)), v.isFinite, v >= 0 else { return nil }
                return Int64(v * scale)
            }
            guard let v = Double(s), v.isFinite, v >= 0 else { return nil }
            return Int64(v * 1e6)
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
        var sent: [(id: ClientOrderID, time: Int64)] = []
        var samples: [Int64] = []
        while let record = try reader.next() {
            guard EngineRecord.typeName(ofTag: record.type) != nil else { continue }
            switch try record.decode() {
            case .output(.place(let order)):
                sent.append((order.clientOrderID, record.time))
            case .output(.cancel(_, .client(let id))), .output(.modify(.client(let id), _)):
                sent.append((id, record.time))
            case .input(.orderResponse(let response)):
                if let id = response.clientOrderID, let i = sent.firstIndex(where: { $0.id == id }) {
                    samples.append(record.time - sent[i].time)
                    sent.remove(at: i)
                }
            default:
                break
            }
            if sent.count > 10_000 { sent.removeFirst(sent.count - 10_000) }
        }
        return .empirical(samples)
    }
}
