import Engine

/// The one place market frames become engine inputs, for the live path, `import` and
/// hl-sim's journal feed alike, so a live session and an import of its raw frames give
/// the engine the same inputs.
///
/// - Trades are de-duplicated by trade id: Hyperliquid resends its recent trades on
///   every (re)subscribe. Remembered ids are bounded (the most recent 100,000 to
///   200,000); a batch whose trades were all seen gives no input.
/// - A book equal to the coin's previous one and received at the same instant is the
///   same frame twice (a duplicated line) and gives no input. The exchange may send an
///   unchanged book again (the same snapshot after a resubscribe, or on its own): with a
///   receive time of its own it stays an input, as it refreshes the book's age. Without
///   receive times (an unstamped capture) two equal books in a row cannot be told apart:
///   the second is dropped.
public struct MarketInputNormalizer: Sendable {
    private var lastBooks: [String: (book: BookSnapshot, receivedAt: Int64?)] = [:]
    private var seenTrades = Set<UInt64>()
    private var tradeOrder: [UInt64] = []
    private var tradeOrderStart = 0
    /// Inputs dropped as resends, by kind.
    public private(set) var duplicateBooks: UInt64 = 0
    public private(set) var duplicateTrades: UInt64 = 0

    public init() {}

    /// The book as an input, or nil when it is the coin's previous book received at the
    /// same instant (`receivedAt`, nil when unknown).
    public mutating func admit(_ book: BookSnapshot, receivedAt: Int64?) -> BookSnapshot? {
        if let previous = self.lastBooks[book.coin], previous.receivedAt == receivedAt, previous.book == book {
            self.duplicateBooks += 1
            return nil
        }
        self.lastBooks[book.coin] = (book, receivedAt)
        return book
    }

    /// The batch's trades not seen before, or nil when none is new.
    public mutating func admit(_ batch: TradeBatch) -> TradeBatch? {
        var fresh: [Trade] = []
        fresh.reserveCapacity(batch.trades.count)
        for trade in batch.trades {
            if self.seenTrades.contains(trade.tradeID) {
                self.duplicateTrades += 1
                continue
            }
            self.remember(trade.tradeID)
            fresh.append(trade)
        }
        guard !fresh.isEmpty else { return nil }
        return fresh.count == batch.trades.count ? batch : TradeBatch(coin: batch.coin, trades: fresh)
    }

    private mutating func remember(_ id: UInt64) {
        self.seenTrades.insert(id)
        self.tradeOrder.append(id)
        if self.tradeOrder.count - self.tradeOrderStart > 200_000 {
            for index in self.tradeOrderStart..<(self.tradeOrderStart + 100_000) { self.seenTrades.remove(self.tradeOrder[index]) }
            self.tradeOrderStart += 100_000
            if self.tradeOrderStart > 400_000 {
                self.tradeOrder.removeFirst(self.tradeOrderStart)
                self.tradeOrderStart = 0
            }
        }
    }

    /// The engine inputs of a market event received at `receivedAt` (books and trades
    /// normalized, others as is).
    public mutating func admit(_ event: Event, receivedAt: Int64?) -> Event? {
        switch event {
        case .book(let book): return self.admit(book, receivedAt: receivedAt).map { .book($0) }
        case .trades(let batch): return self.admit(batch).map { .trades($0) }
        default: return event
        }
    }

    /// The engine inputs a frame received at `receivedAt` carries, normalized, in order.
    public mutating func events(of frame: InboundFrame, receivedAt: Int64?) -> [Event] {
        switch frame {
        case .book(let book): return self.admit(book, receivedAt: receivedAt).map { [.book($0)] } ?? []
        case .trades(let batches): return batches.compactMap { self.admit($0).map { .trades($0) } }
        default: return frame.events
        }
    }
}
