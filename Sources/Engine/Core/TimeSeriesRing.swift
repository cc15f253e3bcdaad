/// A fixed-size ring of (time, value) samples, oldest first; no allocation once created.
struct TimeSeriesRing: Sendable, Codable {
    private var times: [Int64]
    private var values: [Int64]
    private var next = 0
    private(set) var count = 0

    init(capacity: Int) {
        self.times = [Int64](repeating: 0, count: max(1, capacity))
        self.values = [Int64](repeating: 0, count: max(1, capacity))
    }

    /// Whether every kept value lies in `range` (a restore check for rings whose sums
    /// must not overflow).
    func valuesLie(in range: ClosedRange<Int64>) -> Bool {
        let capacity = self.times.count
        for k in 0..<self.count where !range.contains(self.values[(self.next - self.count + k + capacity) % capacity]) { return false }
        return true
    }

    mutating func append(time: Int64, value: Int64) {
        self.times[self.next] = time
        self.values[self.next] = value
        self.next = (self.next + 1) % self.times.count
        self.count = min(self.count + 1, self.times.count)
    }

    /// Records a sample, replacing the newest one when it lies in the same `bucket` of
    /// time (ns): the ring then spans `capacity` buckets whatever the sampling rate.
    mutating func record(time: Int64, value: Int64, bucket: Int64) {
        if self.count > 0 {
            let newest = (self.next - 1 + self.times.count) % self.times.count
            if self.times[newest] / bucket == time / bucket && self.times[newest] <= time {
                self.times[newest] = time
                self.values[newest] = value
                return
            }
        }
        self.append(time: time, value: value)
    }

    /// The latest sample at or before `time` (its time and value), or `nil` when none is.
    func sample(atOrBefore time: Int64) -> (time: Int64, value: Int64)? {
        let capacity = self.times.count
        var k = self.count - 1
        while k >= 0 {
            let i = (self.next - self.count + k + capacity) % capacity
            if self.times[i] <= time { return (self.times[i], self.values[i]) }
            k -= 1
        }
        return nil
    }

    /// The oldest sample kept (its time and value).
    var oldestSample: (time: Int64, value: Int64)? {
        guard self.count > 0 else { return nil }
        let i = (self.next - self.count + self.times.count) % self.times.count
        return (self.times[i], self.values[i])
    }

    /// The value of the latest sample at or before `time`, or `nil` when none is.
    /// Scans back from the newest sample (samples are in time order), so recent
    /// look-ups stop after a few steps.
    func value(atOrBefore time: Int64) -> Int64? {
        let capacity = self.times.count
        var k = self.count - 1
        while k >= 0 {
            let i = (self.next - self.count + k + capacity) % capacity
            if self.times[i] <= time { return self.values[i] }
            k -= 1
        }
        return nil
    }

    /// The number and the value sum of the samples with a time after `time`. Scans back
    /// from the newest sample and stops at the first one at or before `time`: samples are
    /// appended at the engine's clock, which never goes back, so they are in time order.
    func tally(after time: Int64) -> (count: Int, sum: Int64) {
        let capacity = self.times.count
        var i = self.next
        var n = 0
        var sum: Int64 = 0
        while n < self.count {
            i = i == 0 ? capacity - 1 : i - 1
            if self.times[i] <= time { break }
            n += 1
            sum += self.values[i]
        }
        return (n, sum)
    }

    /// The value of the oldest sample kept.
    var oldest: Int64? {
        guard self.count > 0 else { return nil }
        return self.values[(self.next - self.count + self.times.count) % self.times.count]
    }

    /// Samples with a time after `time` (see ``tally(after:)``).
    func count(after time: Int64) -> Int {
        self.tally(after: time).count
    }
}

extension TimeSeriesRing {
    /// Why this restored ring is inconsistent with `fresh` (same capacity expected), or
    /// `nil`.
    func restoreProblem(against fresh: TimeSeriesRing) -> String? {
        let capacity = fresh.times.count
        guard self.times.count == capacity, self.values.count == capacity else {
            return "ring holds \(self.times.count) times and \(self.values.count) values, expected \(capacity)"
        }
        guard (0..<capacity).contains(self.next), (0...capacity).contains(self.count) else {
            return "ring position \(self.next) or count \(self.count) is outside 0...\(capacity)"
        }
        if let bad = self.times.first(where: { !Limits.isValidTime($0) }) { return "ring time \(bad) is outside the valid range" }
        // The tallies scan back from the newest sample and stop at the first old enough:
        // they count right only on samples in time order, as the engine appends them.
        var previous = Int64.min
        for k in 0..<self.count {
            let time = self.times[(self.next - self.count + k + capacity) % capacity]
            if time < previous { return "ring time \(time) follows the later \(previous): samples out of time order" }
            previous = time
        }
        return nil
    }
}
