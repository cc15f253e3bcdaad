import Engine
import EngineJournal
import Journal

/// The market data of several captures (books and trades; other inputs are skipped),
/// merged by virtual time, each capture read and decoded on a thread of its own. Ties go
/// to the capture listed first. Events are moved out and, when recycled, go back to the
/// capture they came from.
struct CaptureMerge: BacktestEventSource {
    private let streams: [DecodedRecordStream]
    /// Each capture's next market event (`nil` once it ended), and its time.
    private var heads: [TimedEvent?]
    private var times: [Int64?]
    /// The capture the last event came from.
    private var lastPick = 0

    init(streams: [DecodedRecordStream]) throws {
        self.streams = streams
        self.heads = []
        self.times = []
        for stream in streams {
            let head = try Self.nextMarket(stream)
            self.times.append(head?.time)
            self.heads.append(head)
        }
    }

    private static func nextMarket(_ stream: DecodedRecordStream) throws -> TimedEvent? {
        while let item = try stream.next() {
            guard case .input(_, let time, let event) = consume item else { continue }
            switch event {
            case .book, .trades, .referenceQuote, .referenceTrades, .referencePrice: return TimedEvent(time: time, event: event)
            default: continue
            }
        }
        return nil
    }

    mutating func next() throws -> TimedEvent? {
        var pick: Int?
        var earliest = Int64.max
        for (i, time) in self.times.enumerated() {
            if let time, pick == nil || time < earliest {
                pick = i
                earliest = time
            }
        }
        guard let i = pick else { return nil }
        var head = try Self.nextMarket(self.streams[i])
        self.times[i] = head?.time
        swap(&head, &self.heads[i])
        self.lastPick = i
        return head
    }

    mutating func recycle(_ event: consuming Event) {
        self.streams[self.lastPick].recycle(event)
    }

    /// Stops every capture's decoding thread.
    func stop() {
        for stream in self.streams { stream.stop() }
    }

    /// The captures that ended with a torn tail (once read to their ends).
    var tornTails: [TornTail] { self.streams.compactMap(\.tornTail) }
}
