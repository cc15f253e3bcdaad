import Engine
import Hyperliquid
import JSON
import SimulatedExchange

/// hl-sim's exchange as a state machine: market data in, `/info` and `/exchange`
/// answers and WebSocket pushes out. Time comes in as arguments (Unix nanoseconds), so
/// the same calls give the same answers; the server feeds it the wall clock.
///
/// Each account gets its own ``SimExchange`` fed the shared market data, so orders
/// match against the book and trades of the feed (accounts never trade with each
/// other). Not thread-safe: the server serializes calls.
public final class SimVenue {
    public let configuration: SimConfiguration
    var feed: any MarketFeed
    var pending: (time: Int64, event: Event)?
    var feedEnded = false
    /// Wall time minus virtual time of the feed; set by the first `advance`.
    var offset: Int64?
    var startTime: Int64?
    var stalledSince: Int64?
    var books: [String: BookSnapshot] = [:]
    /// When each coin's latest book was published (its `time` in a subscription snapshot:
    /// a resent book is as old as it is).
    var bookTimes: [String: Int64] = [:]
    var recentTrades: [String: [OrderedJSON]] = [:]
    var accounts: [String: SimAccount] = [:]
    var nonces: [String: NonceWindow] = [:]
    var random: Xoshiro256StarStar
    /// How many WebSocket sessions follow each topic.
    var followers: [String: Int] = [:]
    /// While an action runs: the accounts whose state frames are due at its end.
    var deferredAccountPushes: Set<String>?
    var lastNow: Int64 = 0
    let assets: [String: Int]
    /// The reference feed's update ids and malformed-frame picks.
    var reference: ReferenceFeedState

    /// A venue listing `configuration.coins`, with market data from `feed`.
    public init(configuration: SimConfiguration, feed: any MarketFeed) {
        self.configuration = configuration
        self.feed = feed
        self.random = Xoshiro256StarStar(seed: configuration.seed ^ 0x5EED_0F_FA17)
        self.reference = ReferenceFeedState(seed: configuration.seed)
        var assets: [String: Int] = [:]
        for (index, coin) in configuration.coins.enumerated() { assets[coin.name] = index }
        self.assets = assets
    }

    /// Whether the market feed ran out (a journal with no book or trades) or failed.
    public var marketEnded: Bool { self.feedEnded }

    /// Why the feed stopped, when it failed (a corrupt journal): the feed is not read
    /// again, the venue keeps serving with the last books.
    public private(set) var feedFailure: Error?

    /// Plays market data due by `now` into every account, fires scheduled cancels, and
    /// returns the WebSocket pushes that result.
    public func advance(to now: Int64) throws -> [Push] {
        let now = max(now, self.lastNow)
        self.lastNow = now
        if self.startTime == nil { self.startTime = now }
        var pushes: [Push] = []
        let elapsed = (now - self.startTime!) / 1_000_000
        if self.configuration.faults.isFeedStalled(elapsedMilliseconds: elapsed) {
            if self.stalledSince == nil { self.stalledSince = now }
        } else {
            if let since = self.stalledSince, let offset = self.offset {
                // Resume where the feed stopped, without a burst of stale data.
                self.offset = offset + (now - since)
                self.stalledSince = nil
            }
            try self.playMarket(until: now, into: &pushes)
        }
        for address in self.accounts.keys.sorted() {
            self.fireScheduledCancel(of: address, now: now, into: &pushes)
            _ = self.settle(address, now: now, into: &pushes)
        }
        return pushes
    }

    private func playMarket(until now: Int64, into pushes: inout [Push]) throws {
        while !self.feedEnded {
            if self.pending == nil {
                do { self.pending = try self.feed.next() } catch {
                    self.feedFailure = error
                    self.feedEnded = true
                    break
                }
                if self.pending == nil { self.feedEnded = true; break }
            }
            let (virtual, event) = self.pending!
            if self.offset == nil { self.offset = now - virtual }
            let (time, overflow) = virtual.addingReportingOverflow(self.offset!)
            if overflow { self.feedEnded = true; break }  // beyond any clock: the feed is over
            guard time <= now else { break }
            self.pending = nil
            self.publish(event, at: time, into: &pushes)
        }
    }

    /// One market event: kept, shown to subscribers and fed to every account.
    func publish(_ event: Event, at time: Int64, into pushes: inout [Push]) {
        switch event {
        case .book(let book):
            guard self.assets[book.coin] != nil else { return }
            self.books[book.coin] = book
            self.bookTimes[book.coin] = time
            if self.isFollowed("l2Book:\(book.coin)") { pushes.append(Push(topic: "l2Book:\(book.coin)", text: SimWire.frame("l2Book", SimWire.book(book, time: time)))) }
            if self.isFollowed("bbo:\(book.coin)") { pushes.append(Push(topic: "bbo:\(book.coin)", text: SimWire.frame("bbo", SimWire.bbo(book, time: time)))) }
            if self.isFollowed("allMids") { pushes.append(Push(topic: "allMids", text: SimWire.frame("allMids", .object([("mids", self.mids)])))) }
        case .trades(let batch):
            guard self.assets[batch.coin] != nil, !batch.trades.isEmpty else { return }
            let rows = batch.trades.map { SimWire.trade($0, coin: batch.coin, time: time) }
            var recent = self.recentTrades[batch.coin, default: []]
            recent.append(contentsOf: rows)
            if recent.count > self.configuration.tradesOnSubscribe { recent.removeFirst(recent.count - self.configuration.tradesOnSubscribe) }
            self.recentTrades[batch.coin] = recent
            if self.isFollowed("trades:\(batch.coin)") { pushes.append(Push(topic: "trades:\(batch.coin)", text: SimWire.frame("trades", .array(rows)))) }
        case .referenceQuote, .referenceTrades:
            // The reference venue's data is served on its own endpoint, not traded against.
            self.publishReference(event, at: time, into: &pushes)
            return
        default:
            return
        }
        for address in self.accounts.keys.sorted() {
            self.accounts[address]!.exchange.marketData(event, at: time)
        }
    }

    /// `{"BTC":"105000.5",…}`: mid prices of the coins with a two-sided book.
    var mids: OrderedJSON {
        var pairs: [(key: String, value: OrderedJSON)] = []
        for coin in self.configuration.coins {
            guard let mid = self.midRaw(coin.name) else { continue }
            pairs.append((coin.name, SimWire.decimal(mid)))
        }
        return .object(pairs)
    }

    func midRaw(_ coin: String) -> Int64? {
        guard let book = self.books[coin], let bid = book.bids.first, let ask = book.asks.first else { return nil }
        return (bid.price.rawValue + ask.price.rawValue) / 2
    }

    func isFollowed(_ topic: String) -> Bool { self.followers[topic, default: 0] > 0 }

    func coin(atAsset index: Int64) -> SimulatedCoin? {
        guard index >= 0, index < Int64(self.configuration.coins.count) else { return nil }
        return self.configuration.coins[Int(index)]
    }

    /// The account of `address`, opened with the default balance on first use unless
    /// accounts are restricted. Nil when the address is not admitted.
    func account(for address: String) -> SimAccount? {
        if let account = self.accounts[address] { return account }
        let balance: Amount
        if let admitted = self.configuration.admittedAccounts {
            guard let listed = admitted[address] else { return nil }
            balance = listed
        } else {
            balance = self.configuration.defaultBalance
        }
        var config = SimExchangeConfig()
        config.entryLatency = .constant(0)
        config.cancelLatency = .constant(0)
        config.responseLatency = .constant(0)
        config.makerFeeBps = self.configuration.makerFeeBps
        config.takerFeeBps = self.configuration.takerFeeBps
        config.initialRequestBudget = self.configuration.initialRequestBudget
        config.seed = self.configuration.seed
        let coins = self.configuration.coins.map {
            EngineConfig.Coin(name: $0.name, sizeDecimals: Int64($0.sizeDecimals), orderSize: .zero, maxInventory: .zero)
        }
        var exchange = SimExchange(config: config, coins: coins)
        for coin in self.configuration.coins {
            if let book = self.books[coin.name] { exchange.marketData(.book(book), at: self.lastNow) }
        }
        let account = SimAccount(address: address, balance: balance, exchange: exchange)
        self.accounts[address] = account
        return account
    }
}
