import Engine

/// A stretch of time without market data for one coin, or with a feed down.
public struct DataGap: Sendable, Equatable {
    /// The coin, or `nil` for a feed outage (every coin).
    public var coin: String?
    /// The last book before the gap, or the disconnect.
    public var start: Int64
    /// The first book after it, the reconnect, or the end of the journal.
    public var end: Int64
    /// What the gap was: "no book for 45.0 s", "feed market: disconnected (eof)".
    public var what: String

    /// Whether the gap concerns `coin`'s charts.
    public func applies(to coin: String) -> Bool { self.coin == nil || self.coin == coin }
}

/// Finds the gaps in a journal's input stream: no book for a coin for longer than the
/// threshold (the config's stale-data gate), and a feed from disconnected (or failed)
/// until connected again. Feed inputs in journal order; nothing else is looked at.
public struct DataGapDetector: Sendable {
    /// Gaps longer than this (nanoseconds) are reported.
    public let threshold: Int64
    /// The gaps closed so far, in the order they closed.
    public private(set) var gaps: [DataGap] = []
    /// Per coin, in the order their first book came (the trailing gaps' order): when its
    /// last book arrived and the newest exchange time (ms) of its books. An array: a
    /// journal has a few coins, and this runs for every book of every replay.
    private var coins: [(coin: String, lastBook: Int64, newestExchangeTime: Int64)] = []
    private var down: [String: (time: Int64, why: String)] = [:]
    private var feeds: [String] = []

    /// A detector reporting book gaps longer than `thresholdSeconds`.
    public init(thresholdSeconds: Double) {
        self.threshold = Int64(max(0.001, thresholdSeconds) * Double(Nanoseconds.perSecond))
    }

    /// A book of `coin` arrived at `time` (stamped `exchangeTime` ms by the exchange, 0:
    /// unknown); returns the gap it closes, if any. A book no newer than one already
    /// seen (a reconnect's resend of the last snapshot) closes no gap: the data is not
    /// back until the exchange's time moves on.
    @discardableResult
    public mutating func book(coin: String, at time: Int64, exchangeTime: Int64 = 0) -> DataGap? {
        guard let index = self.coins.firstIndex(where: { $0.coin == coin }) else {
            self.coins.append((coin, time, max(0, exchangeTime)))
            return nil
        }
        let last = self.coins[index].lastBook
        let isGap = time - last > self.threshold
        if isGap && exchangeTime > 0 && exchangeTime <= self.coins[index].newestExchangeTime { return nil }
        self.coins[index].lastBook = time
        self.coins[index].newestExchangeTime = max(self.coins[index].newestExchangeTime, exchangeTime)
        guard isGap else { return nil }
        let gap = DataGap(coin: coin, start: last, end: time, what: "\(coin): no book for \(Self.seconds(time - last))")
        self.gaps.append(gap)
        return gap
    }

    /// A feed went down at `time`.
    public mutating func disconnected(feed: String, at time: Int64, why: String) {
        guard self.down[feed] == nil else { return }
        if !self.feeds.contains(feed) { self.feeds.append(feed) }
        self.down[feed] = (time, why)
    }

    /// A feed is connected again at `time`; returns the outage it ends, if any.
    @discardableResult
    public mutating func connected(feed: String, at time: Int64) -> DataGap? {
        guard let outage = self.down.removeValue(forKey: feed) else { return nil }
        let gap = DataGap(coin: nil, start: outage.time, end: time, what: "feed \(feed) down for \(Self.seconds(time - outage.time)) (\(outage.why))")
        self.gaps.append(gap)
        return gap
    }

    /// The gaps, closing those still open at `end` (the journal's last input), in start
    /// order.
    public func finished(at end: Int64) -> [DataGap] {
        var gaps = self.gaps
        for (coin, last, _) in self.coins {
            if end - last > self.threshold {
                gaps.append(DataGap(coin: coin, start: last, end: end, what: "\(coin): no book for the last \(Self.seconds(end - last))"))
            }
        }
        for feed in self.feeds {
            if let outage = self.down[feed] {
                gaps.append(DataGap(coin: nil, start: outage.time, end: end, what: "feed \(feed) down until the end (\(outage.why))"))
            }
        }
        return gaps.enumerated().sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }.map(\.element)
    }

    /// "45.0 s", "2.5 min".
    static func seconds(_ nanoseconds: Int64) -> String {
        let seconds = Nanoseconds(nanoseconds).seconds
        return seconds >= 120 ? String(format: "%.1f min", seconds / 60) : String(format: "%.1f s", seconds)
    }
}
