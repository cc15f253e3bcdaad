import Engine
import EngineJournal
import Journal
import SimulatedExchange

extension LatencyModel {
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
