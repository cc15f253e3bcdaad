import Engine

/// Maps a reference venue's symbols (Binance USD-M `BTCUSDT`) to the engine's coin names
/// (Hyperliquid's `BTC`): explicit `COIN=SYMBOL` mappings first, else a symbol of capital
/// letters ending in `USDT` maps to the letters before it. Anything else (`1000PEPEUSDT`,
/// `BTCUSDC`, `BTCUSDT_250328`) needs an explicit mapping (`kPEPE=1000PEPEUSDT`).
public struct ReferenceSymbols: Sendable, Equatable {
    /// Explicit mappings: venue symbol (upper case) to coin, in the order given.
    public private(set) var explicit: [(symbol: String, coin: String)] = []

    /// No explicit mappings: the `USDT` rule alone.
    public init() {}

    /// Mappings given as `COIN=SYMBOL` (`BTC=BTCUSDT`); throws on a malformed one or a
    /// symbol mapped twice.
    public init(parsing mappings: [String]) throws(ImportError) {
        for text in mappings {
            let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw .invalidOption(name: "reference symbol", reason: "\(TerminalText.visible(text)) is not COIN=SYMBOL (e.g. BTC=BTCUSDT)")
            }
            let coin = String(parts[0])
            let symbol = parts[1].uppercased()
            if let problem = Limits.coinNameProblem(coin) {
                throw .invalidOption(name: "reference symbol", reason: "\(TerminalText.visible(text)): \(problem)")
            }
            if let earlier = self.explicit.first(where: { $0.symbol == symbol }), earlier.coin != coin {
                throw .invalidOption(name: "reference symbol", reason: "\(TerminalText.visible(symbol)) is mapped to both \(TerminalText.visible(earlier.coin)) and \(TerminalText.visible(coin))")
            }
            self.explicit.append((symbol, coin))
        }
    }

    public static func == (lhs: ReferenceSymbols, rhs: ReferenceSymbols) -> Bool {
        lhs.explicit.elementsEqual(rhs.explicit) { $0.symbol == $1.symbol && $0.coin == $1.coin }
    }

    /// The coin of `symbol` (any case), or nil when none maps to it.
    public func coin(of symbol: some StringProtocol) -> String? {
        let upper = symbol.uppercased()
        if let mapped = self.explicit.first(where: { $0.symbol == upper }) { return mapped.coin }
        guard upper.hasSuffix("USDT") else { return nil }
        let base = upper.dropLast(4)
        guard !base.isEmpty, base.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else { return nil }
        return String(base)
    }

    /// The explicit mappings as `COIN=SYMBOL,…` (for the journal header), nil when none.
    public var headerText: String? {
        self.explicit.isEmpty ? nil : self.explicit.map { "\($0.coin)=\($0.symbol)" }.joined(separator: ",")
    }
}
