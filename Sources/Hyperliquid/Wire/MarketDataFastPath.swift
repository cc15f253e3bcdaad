import Engine

/// The hot path for `l2Book` and `trades` frames in the exchange's usual shape: one pass
/// over the bytes, no intermediate JSON tree. It returns nil for anything else (another
/// channel, other key order, escapes, unusual numbers, any error), and the caller then
/// decodes with the general path, which gives the same value or a precise ``WireError``.
package enum MarketDataFastPath {
    /// The frame, or nil for the general path.
    package static func decode(_ text: String) -> InboundFrame? {
        self.decodeCheckingLimits(text)?.frame
    }

    /// The frame, and whether it is known to be within ``Limits`` (a book whose levels,
    /// coin and time were checked while reading: `limitProblem` would be nil). `false`
    /// says nothing: the caller checks the frame's limits itself.
    package static func decodeCheckingLimits(_ text: String) -> (frame: InboundFrame, withinLimits: Bool)? {
        var text = text
        return text.withUTF8 { self.decodeCheckingLimits(bytes: $0) }
    }

    /// ``decodeCheckingLimits(_:)`` of a frame's UTF-8 bytes (an imported capture line,
    /// read in place).
    package static func decodeCheckingLimits(bytes: UnsafeBufferPointer<UInt8>) -> (frame: InboundFrame, withinLimits: Bool)? {
        var cursor = ByteCursor(bytes)
        // The exchange's own prefix of a book frame, compared at once.
        if cursor.literal(#"{"channel":"l2Book","data":"#) {
            guard let (book, withinLimits) = self.book(&cursor), cursor.consume(UInt8(ascii: "}")) else { return nil }
            cursor.skipSpace()
            return cursor.atEnd ? (.book(book), withinLimits) : nil
        }
        guard cursor.consume(UInt8(ascii: "{")), let channelKey = cursor.key(), cursor.bytes(channelKey, equal: "channel"),
              let channel = cursor.plainString(), cursor.separator(closing: UInt8(ascii: "}")) == true,
              let dataKey = cursor.key(), cursor.bytes(dataKey, equal: "data") else { return nil }
        let frame: InboundFrame
        var withinLimits = false
        if cursor.bytes(channel, equal: "l2Book") {
            guard let (book, checked) = self.book(&cursor) else { return nil }
            frame = .book(book)
            withinLimits = checked
        } else if cursor.bytes(channel, equal: "trades") {
            guard let batches = self.trades(&cursor) else { return nil }
            frame = .trades(batches)
        } else {
            return nil
        }
        guard cursor.consume(UInt8(ascii: "}")) else { return nil }
        cursor.skipSpace()
        return cursor.atEnd ? (frame, withinLimits) : nil
    }

    /// `{"coin":…,"time":…,"levels":[[…],[…]]}` with keys in any order, each once, and
    /// whether it is within ``Limits`` (the checks of `BookSnapshot.limitProblem`).
    static func book(_ cursor: inout ByteCursor) -> (BookSnapshot, withinLimits: Bool)? {
        guard cursor.consume(UInt8(ascii: "{")) else { return nil }
        var coin: String?
        var time: Int64?
        var sides: (bids: [BookLevel], asks: [BookLevel])?
        var levelsWithinLimits = true
        repeat {
            guard let key = cursor.key() else { return nil }
            if cursor.bytes(key, equal: "coin"), coin == nil {
                guard let range = cursor.plainString(), !range.isEmpty else { return nil }
                coin = cursor.string(range)
            } else if cursor.bytes(key, equal: "time"), time == nil {
                guard let value = cursor.smallUnsigned() else { return nil }
                time = value
            } else if cursor.bytes(key, equal: "levels"), sides == nil {
                guard cursor.consume(UInt8(ascii: "[")), let bids = self.levels(&cursor, withinLimits: &levelsWithinLimits),
                      cursor.separator(closing: UInt8(ascii: "]")) == true, let asks = self.levels(&cursor, withinLimits: &levelsWithinLimits),
                      cursor.separator(closing: UInt8(ascii: "]")) == false else { return nil }
                sides = (bids, asks)
            } else {
                return nil
            }
            guard let more = cursor.separator(closing: UInt8(ascii: "}")) else { return nil }
            if !more { break }
        } while true
        guard let coin, let sides else { return nil }
        let book = BookSnapshot(coin: coin, exchangeTime: time ?? 0, bids: sides.bids, asks: sides.asks)
        let withinLimits = levelsWithinLimits && sides.bids.count <= Limits.levelsPerSide && sides.asks.count <= Limits.levelsPerSide
            && Limits.coinNameProblem(coin) == nil && Limits.exchangeTimeProblem(book.exchangeTime) == nil
        return (book, withinLimits)
    }

    /// `[{"px":"…","sz":"…","n":…},…]`. The levels are staged on the stack and copied
    /// into an array of their exact size (no growth, no uniqueness check per level).
    /// `withinLimits` turns false when a level's price or size lies outside ``Limits``
    /// (both are positive here).
    static func levels(_ cursor: inout ByteCursor, withinLimits: inout Bool) -> [BookLevel]? {
        guard cursor.consume(UInt8(ascii: "[")) else { return nil }
        if cursor.consume(UInt8(ascii: "]")) { return [] }
        let highestPrice = Limits.highestPrice.rawValue, largestSize = Limits.largestSize.rawValue
        var inLimits = true
        return withUnsafeTemporaryAllocation(of: BookLevel.self, capacity: Self.stagedLevels) { staged -> [BookLevel]? in
            var count = 0
            var spilled: [BookLevel] = []  // a side longer than the stage
            repeat {
                guard let level = self.compactLevel(&cursor) ?? self.sortedCompactLevel(&cursor) ?? self.level(&cursor) else { return nil }
                if count == staged.count {
                    spilled.append(contentsOf: staged)
                    count = 0
                }
                staged[count] = level
                count += 1
                inLimits = inLimits && level.price.rawValue <= highestPrice && level.size.rawValue <= largestSize
                if cursor.literal(",") { continue }  // the usual case, no space to skip
                guard let more = cursor.separator(closing: UInt8(ascii: "]")) else { return nil }
                if !more { break }
            } while true
            withinLimits = withinLimits && inLimits
            let tail = UnsafeBufferPointer(rebasing: staged[0..<count])
            if spilled.isEmpty { return Array(tail) }
            spilled.append(contentsOf: tail)
            return spilled
        }
    }

    /// Levels a side staged on the stack (the exchange sends 20).
    static let stagedLevels = 64

    /// A level written as the exchange writes it, `{"px":"…","sz":"…","n":…}` without
    /// space: read straight through, no key lookup. nil (the cursor unmoved) otherwise.
    @inline(__always)
    static func compactLevel(_ cursor: inout ByteCursor) -> BookLevel? {
        let start = cursor.index
        guard cursor.literal(#"{"px":""#), let price = cursor.positiveDecimalBody(), cursor.literal(#","sz":""#),
              let size = cursor.positiveDecimalBody(), cursor.literal(#","n":"#), let orders = cursor.countClosingObject() else {
            cursor.index = start
            return nil
        }
        return BookLevel(price: Price(rawValue: price), size: Size(rawValue: size), orders: orders)
    }

    /// A level with its keys sorted, `{"n":…,"px":"…","sz":"…"}` without space (as tools
    /// that re-serialize frames with sorted keys write it, hftbacktest's capture generator
    /// among them): read straight through too. nil (the cursor unmoved) otherwise.
    @inline(__always)
    static func sortedCompactLevel(_ cursor: inout ByteCursor) -> BookLevel? {
        let start = cursor.index
        guard cursor.literal(#"{"n":"#), let orders = cursor.smallUnsigned(), orders <= Int64(UInt32.max), cursor.literal(#","px":""#),
              let price = cursor.positiveDecimalBody(), cursor.literal(#","sz":""#), let size = cursor.positiveDecimalBody(),
              cursor.literal("}") else {
            cursor.index = start
            return nil
        }
        return BookLevel(price: Price(rawValue: price), size: Size(rawValue: size), orders: UInt32(orders))
    }

    /// A level `{"px","sz","n"}` with its keys in any order, each once, space allowed.
    static func level(_ cursor: inout ByteCursor) -> BookLevel? {
        guard cursor.consume(UInt8(ascii: "{")) else { return nil }
        var price: Int64 = 0, size: Int64 = 0, orders: Int64 = -1
        repeat {
            guard let key = cursor.key() else { return nil }
            if cursor.bytes(key, equal: "px"), price == 0 {
                guard let raw = cursor.positiveDecimalString() else { return nil }
                price = raw
            } else if cursor.bytes(key, equal: "sz"), size == 0 {
                guard let raw = cursor.positiveDecimalString() else { return nil }
                size = raw
            } else if cursor.bytes(key, equal: "n"), orders < 0 {
                guard let count = cursor.smallUnsigned(), count <= Int64(UInt32.max) else { return nil }
                orders = count
            } else {
                return nil
            }
            guard let more = cursor.separator(closing: UInt8(ascii: "}")) else { return nil }
            if !more { break }
        } while true
        guard price > 0, size > 0, orders >= 0 else { return nil }
        return BookLevel(price: Price(rawValue: price), size: Size(rawValue: size), orders: UInt32(orders))
    }

    /// `[{"coin","side","px","sz","time","hash","tid","users"},…]`, grouped by coin.
    static func trades(_ cursor: inout ByteCursor) -> [TradeBatch]? {
        guard cursor.consume(UInt8(ascii: "[")) else { return nil }
        var batches: [TradeBatch] = []
        if cursor.consume(UInt8(ascii: "]")) { return batches }
        repeat {
            guard cursor.consume(UInt8(ascii: "{")) else { return nil }
            var coin: Range<Int>?
            var side: Side?
            var price: Int64 = 0, size: Int64 = 0, time: Int64 = -1, tid: Int64 = -1
            var sawHash = false, sawUsers = false
            repeat {
                guard let key = cursor.key() else { return nil }
                if cursor.bytes(key, equal: "coin"), coin == nil {
                    guard let range = cursor.plainString(), !range.isEmpty else { return nil }
                    coin = range
                } else if cursor.bytes(key, equal: "side"), side == nil {
                    guard let range = cursor.plainString() else { return nil }
                    if cursor.bytes(range, equal: "B") { side = .bid } else if cursor.bytes(range, equal: "A") { side = .ask } else { return nil }
                } else if cursor.bytes(key, equal: "px"), price == 0 {
                    guard let raw = cursor.positiveDecimalString() else { return nil }
                    price = raw
                } else if cursor.bytes(key, equal: "sz"), size == 0 {
                    guard let raw = cursor.positiveDecimalString() else { return nil }
                    size = raw
                } else if cursor.bytes(key, equal: "time"), time < 0 {
                    guard let value = cursor.smallUnsigned() else { return nil }
                    time = value
                } else if cursor.bytes(key, equal: "tid"), tid < 0 {
                    guard let value = cursor.smallUnsigned() else { return nil }
                    tid = value
                } else if cursor.bytes(key, equal: "hash"), !sawHash {
                    guard cursor.plainString() != nil else { return nil }
                    sawHash = true
                } else if cursor.bytes(key, equal: "users"), !sawUsers {
                    guard self.skipStringArray(&cursor) else { return nil }
                    sawUsers = true
                } else {
                    return nil
                }
                guard let more = cursor.separator(closing: UInt8(ascii: "}")) else { return nil }
                if !more { break }
            } while true
            guard let coin, let side, price > 0, size > 0, time >= 0, tid >= 0 else { return nil }
            let trade = Trade(side: side, price: Price(rawValue: price), size: Size(rawValue: size), exchangeTime: time, tradeID: UInt64(tid))
            if let last = batches.indices.last, cursor.bytes(coin, equalText: batches[last].coin) {
                batches[last].trades.append(trade)
            } else {
                let name = cursor.string(coin)
                if let index = batches.firstIndex(where: { $0.coin == name }) {
                    batches[index].trades.append(trade)
                } else {
                    batches.append(TradeBatch(coin: name, trades: [trade]))
                }
            }
            guard let more = cursor.separator(closing: UInt8(ascii: "]")) else { return nil }
            if !more { return batches }
        } while true
    }

    static func skipStringArray(_ cursor: inout ByteCursor) -> Bool {
        guard cursor.consume(UInt8(ascii: "[")) else { return false }
        if cursor.consume(UInt8(ascii: "]")) { return true }
        repeat {
            guard cursor.plainString() != nil, let more = cursor.separator(closing: UInt8(ascii: "]")) else { return false }
            if !more { return true }
        } while true
    }
}
