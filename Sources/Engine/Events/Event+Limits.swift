extension Event {
    /// Why this event breaks ``Limits`` (a time, price, size, count or coin name out of
    /// range), or `nil` when every value is inside them. Journal decoding and the wire
    /// parsers refuse such events, so the engine only sees values its arithmetic handles.
    public var limitProblem: String? {
        switch self {
        case .book(let book): return book.limitProblem
        case .trades(let batch): return batch.limitProblem
        case .fill(let fill): return fill.limitProblem
        case .orderUpdate(let update): return update.limitProblem
        case .orderResponse(let response):
            if let problem = Limits.coinNameProblem(response.coin) { return problem }
            if case .filled(let size, let price) = response.outcome {
                return Limits.sizeProblem(size) ?? Limits.priceProblem(price)
            }
            return nil
        case .account(let account): return account.limitProblem
        case .userEvent(let event):
            switch event {
            case .funding(let coin, _, let size, let rate):
                if let problem = Limits.coinNameProblem(coin) ?? Limits.signedSizeProblem(size) { return problem }
                return rate.value.isFinite ? nil : "funding rate \(rate.value) is not a finite number"
            case .nonUserCancel(let coin, _): return Limits.coinNameProblem(coin)
            case .liquidation: return nil
            }
        case .referencePrice(let reference):
            return Limits.coinNameProblem(reference.coin) ?? Limits.priceProblem(reference.price)
        case .referenceQuote(let quote):
            if let problem = Limits.coinNameProblem(quote.coin) ?? Limits.coinNameProblem(quote.source) { return problem }
            if let problem = Limits.priceProblem(quote.bidPrice) ?? Limits.priceProblem(quote.askPrice) { return problem }
            if let problem = Limits.sizeProblem(quote.bidSize) ?? Limits.sizeProblem(quote.askSize) { return problem }
            return quote.exchangeTime == 0 ? nil : Limits.exchangeTimeProblem(quote.exchangeTime)
        case .referenceTrades(let batch):
            return Limits.coinNameProblem(batch.source) ?? TradeBatch(coin: batch.coin, trades: batch.trades).limitProblem
        case .orderLookup(let lookup):
            return Limits.coinNameProblem(lookup.coin) ?? lookup.order?.limitProblem
        case .connection, .rateLimit, .tick, .operator:
            return nil
        }
    }
}

extension BookSnapshot {
    /// Why this book breaks ``Limits``, or `nil`. Crossed, unsorted or duplicate levels
    /// are data-quality matters (counted on import, gated by the engine), not limits.
    public var limitProblem: String? {
        if let problem = Limits.coinNameProblem(self.coin) ?? Limits.exchangeTimeProblem(self.exchangeTime) { return problem }
        if self.bids.count > Limits.levelsPerSide || self.asks.count > Limits.levelsPerSide {
            return "the book has \(self.bids.count) bids and \(self.asks.count) asks (at most \(Limits.levelsPerSide) per side)"
        }
        for level in self.bids { if let problem = level.limitProblem { return "bid " + problem } }
        for level in self.asks { if let problem = level.limitProblem { return "ask " + problem } }
        return nil
    }
}

extension BookLevel {
    /// Why this level's price or size breaks ``Limits``, or `nil`.
    @inline(__always)
    var limitProblem: String? {
        guard self.price.rawValue > 0, self.price.rawValue <= Limits.highestPrice.rawValue,
              self.size.rawValue > 0, self.size.rawValue <= Limits.largestSize.rawValue else {
            return Limits.priceProblem(self.price) ?? Limits.sizeProblem(self.size)
        }
        return nil
    }
}

extension TradeBatch {
    /// Why this batch breaks ``Limits``, or `nil`.
    public var limitProblem: String? {
        if let problem = Limits.coinNameProblem(self.coin) { return problem }
        if self.trades.count > Limits.tradesPerBatch {
            return "the batch has \(self.trades.count) trades (at most \(Limits.tradesPerBatch))"
        }
        for trade in self.trades {
            if let problem = Limits.exchangeTimeProblem(trade.exchangeTime) ?? Limits.priceProblem(trade.price) ?? Limits.sizeProblem(trade.size) {
                return "trade \(trade.tradeID): " + problem
            }
        }
        return nil
    }
}

extension Fill {
    /// Why this fill breaks ``Limits``, or `nil`.
    public var limitProblem: String? {
        Limits.coinNameProblem(self.coin) ?? Limits.exchangeTimeProblem(self.exchangeTime)
            ?? Limits.priceProblem(self.price) ?? Limits.sizeProblem(self.size)
            ?? Limits.signedSizeProblem(self.startPosition)
    }
}

extension OrderUpdate {
    /// Why this order update breaks ``Limits``, or `nil`. A size of zero is valid (a
    /// filled or cancelled order has nothing left).
    public var limitProblem: String? {
        if let problem = Limits.coinNameProblem(self.coin) ?? Limits.priceProblem(self.limitPrice)
            ?? Limits.exchangeTimeProblem(self.statusTime) ?? Limits.exchangeTimeProblem(self.orderTime) {
            return problem
        }
        for size in [self.size, self.originalSize] where size.rawValue != 0 {
            if let problem = Limits.sizeProblem(size) { return problem }
        }
        return nil
    }
}

extension AccountSnapshot {
    /// Why this account snapshot breaks ``Limits``, or `nil`.
    public var limitProblem: String? {
        if let problem = Limits.exchangeTimeProblem(self.exchangeTime) { return problem }
        for position in self.positions {
            if let problem = Limits.coinNameProblem(position.coin) ?? Limits.signedSizeProblem(position.size) { return problem }
        }
        for order in self.openOrders ?? [] {
            if let problem = Limits.coinNameProblem(order.coin) ?? Limits.priceProblem(order.limitPrice) { return problem }
            if order.size.rawValue != 0, let problem = Limits.sizeProblem(order.size) { return problem }
        }
        return nil
    }
}
