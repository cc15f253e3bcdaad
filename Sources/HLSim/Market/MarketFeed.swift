import ConfigFile
import Engine
import EngineJournal
import Hyperliquid
import Journal
import SimulatedExchange

/// A source of market data for hl-sim, in virtual time (nanoseconds, non-decreasing).
public protocol MarketFeed {
    /// The next book or trades event, or nil when the source has no more.
    mutating func next() throws -> (time: Int64, event: Event)?
}

/// The seeded synthetic market of ``SyntheticMarket`` (never ends), optionally with a
/// reference venue leading it (``LeadingReferenceMarket``: its Hyperliquid events are
/// exactly ``SyntheticMarket``'s for the seed, with `referenceQuote`/`referenceTrades`
/// events interleaved).
public struct SyntheticFeed: MarketFeed {
    private var market: SyntheticMarket?
    private var leading: LeadingReferenceMarket?

    /// The market alone.
    public init(seed: UInt64, coins: [String]) { self.market = SyntheticMarket(seed: seed, coins: coins) }

    /// The market and, when `referenceLeadMilliseconds` is set, a "binance" reference
    /// venue leading it by that many milliseconds.
    public init(seed: UInt64, coins: [String], referenceLeadMilliseconds: Int64?) {
        if let lead = referenceLeadMilliseconds {
            self.leading = LeadingReferenceMarket(seed: seed, coins: coins, lead: lead * 1_000_000, source: "binance")
        } else {
            self.market = SyntheticMarket(seed: seed, coins: coins)
        }
    }

    public mutating func next() throws -> (time: Int64, event: Event)? {
        if self.leading != nil { return self.leading!.next() }
        return self.market!.next()
    }
}

/// The book and trades events of a journal, played again from the start each time they
/// run out (shifted in time so the clock keeps going forward).
public final class JournalFeed: MarketFeed {
    public let path: String
    private var reader: JournalReader
    private var firstTime: Int64?
    private var lastTime: Int64 = 0
    private var shift: Int64 = 0
    private var sawEvent = false
    /// Duplicated books and resent trades in the journal are dropped as the live path drops them
    /// (started afresh each lap: a lap replays the same books on purpose).
    private var normalizer = MarketInputNormalizer()
    /// How many times the journal has been started over.
    public private(set) var laps = 0

    public init(path: String) throws {
        self.path = path
        self.reader = try JournalReader(path: path)
    }

    public func next() throws -> (time: Int64, event: Event)? {
        while true {
            guard let record = try self.reader.next() else {
                guard self.sawEvent, let first = self.firstTime else { return nil }
                // Start over, one second after the last event; a shift that would leave
                // the valid time range ends the feed instead.
                let (shift, overflow) = self.shift.addingReportingOverflow(self.lastTime - first + 1_000_000_000)
                guard !overflow, shift <= Limits.latestTime else { return nil }
                self.shift = shift
                self.reader = try JournalReader(path: self.path)
                self.laps += 1
                self.sawEvent = false
                self.normalizer = MarketInputNormalizer()
                continue
            }
            guard EngineRecord.isEventTag(record.type), EngineRecord.isKnown(tag: record.type),
                  case .input(let event) = try record.decode() else { continue }
            switch event {
            case .book, .trades:
                guard let event = self.normalizer.admit(event, receivedAt: record.time) else { continue }
                if self.firstTime == nil { self.firstTime = record.time }
                if self.laps == 0 { self.lastTime = max(self.lastTime, record.time) }
                self.sawEvent = true
                let (time, overflow) = record.time.addingReportingOverflow(self.shift)
                if overflow || time > Limits.latestTime { return nil }
                return (time, event)
            default:
                continue
            }
        }
    }

    /// The coins of a journal and their size decimals: from the config in its header,
    /// or else from the books it holds (with the synthetic profiles' decimals).
    public static func coins(in path: String) throws -> [SimulatedCoin] {
        if let config = try ConfigFile.recordedConfig(of: path) {
            return config.coins.map { SimulatedCoin(name: $0.name, sizeDecimals: Int($0.sizeDecimals), maxLeverage: 50) }
        }
        let reader = try JournalReader(path: path)
        var names: [String] = []
        var seen: Set<String> = []
        while let record = try reader.next() {
            guard EngineRecord.isEventTag(record.type), EngineRecord.isKnown(tag: record.type),
                  case .input(.book(let book)) = try record.decode() else { continue }
            if seen.insert(book.coin).inserted { names.append(book.coin) }
        }
        return names.map { SimulatedCoin(name: $0, sizeDecimals: CoinProfile.named($0).sizeDecimals, maxLeverage: 50) }
    }
}
