import Engine

/// One reference venue record decoded from a capture line: the engine event
/// (`referenceQuote` or `referenceTrades` with one trade), its receive stamp when the line
/// had one, and for a trade the id series it belongs to (ids only grow within a series,
/// so a repeated or older id is a duplicate).
struct ReferenceRecord {
    /// Which id series a trade's id comes from: Binance numbers aggregate trades (`a`)
    /// and single trades (`t`) apart.
    enum IDSeries: UInt8 {
        case aggregate, single, tardis
    }

    /// The local receive time in ns, nil when the line carries none.
    var receivedAt: Int64?
    /// `.referenceQuote` or `.referenceTrades`.
    var event: Event
    /// The trade's id series (nil for a quote, or a trade whose id was made up).
    var series: IDSeries?

    /// The venue's time in ns (nil when the event carries none, or outside ``Limits``).
    var exchangeNanoseconds: Int64? {
        switch self.event {
        case .referenceQuote(let quote): return quote.exchangeTime == 0 ? nil : CaptureFrame.nanoseconds(ofExchangeTime: quote.exchangeTime)
        case .referenceTrades(let batch): return batch.trades.first.flatMap { CaptureFrame.nanoseconds(ofExchangeTime: $0.exchangeTime) }
        default: return nil
        }
    }

    /// A quote, checked: positive prices and sizes inside ``Limits``, bid not above ask.
    static func quote(source: String, coin: String, bid: (price: Price, size: Size), ask: (price: Price, size: Size),
                      exchangeTime: Int64, receivedAt: Int64?) -> Result<ReferenceRecord, LineFailure> {
        guard Limits.priceProblem(bid.price) == nil, Limits.priceProblem(ask.price) == nil, Limits.sizeProblem(bid.size) == nil,
              Limits.sizeProblem(ask.size) == nil else { return .failure(LineFailure(.invalidValue)) }
        guard Limits.isValidExchangeTime(exchangeTime) else { return .failure(LineFailure(.badTimestamp)) }
        guard bid.price <= ask.price else { return .failure(LineFailure(.crossedQuote)) }
        let quote = ReferenceQuote(source: source, coin: coin, bidPrice: bid.price, bidSize: bid.size, askPrice: ask.price,
                                   askSize: ask.size, exchangeTime: exchangeTime)
        return .success(ReferenceRecord(receivedAt: receivedAt, event: .referenceQuote(quote)))
    }

    /// A one-trade batch, checked: positive price and size inside ``Limits``.
    static func trade(source: String, coin: String, trade: Trade, series: IDSeries?, receivedAt: Int64?) -> Result<ReferenceRecord, LineFailure> {
        guard Limits.priceProblem(trade.price) == nil, Limits.sizeProblem(trade.size) == nil else { return .failure(LineFailure(.invalidValue)) }
        guard Limits.isValidExchangeTime(trade.exchangeTime) else { return .failure(LineFailure(.badTimestamp)) }
        let batch = ReferenceTrades(source: source, coin: coin, trades: [trade])
        return .success(ReferenceRecord(receivedAt: receivedAt, event: .referenceTrades(batch), series: series))
    }

    /// A 64-bit FNV-1a hash of `bytes`: the id of a trade whose line has none, so only
    /// an identical line counts as the same trade.
    static func hashID(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var id: UInt64 = 14_695_981_039_346_656_037
        for byte in bytes { id = (id ^ UInt64(byte)) &* 1_099_511_628_211 }
        return id
    }
}
