import Binance
import Engine

/// Maps a reference venue's symbols (Binance USD-M `BTCUSDT`) to the engine's coin names,
/// the inverse of the live feed's ``BinanceSymbolMap``: by default `XUSDT` is coin `X` and
/// `1000XUSDT` the per-thousand coin `kX` (`1000PEPEUSDT` is `kPEPE`); explicit
/// `COIN=SYMBOL` overrides (``BinanceSymbolOverride``, as mm-live takes them) name other
/// symbols (`BTC=BTCUSDC`) and replace the coin's default one, `COIN=none` leaves a coin
/// without a reference. Anything else (`BTCUSDT_250328`) maps to no coin.
public struct ReferenceSymbols: Sendable, Equatable {
    /// The overrides, in the order given.
    public private(set) var overrides: [BinanceSymbolOverride] = []

    /// No overrides: the default rule alone.
    public init() {}

    /// Overrides given as `COIN=SYMBOL` or `COIN=none`; throws on a malformed one, a coin
    /// given twice or a symbol given to two coins.
    public init(parsing mappings: [String]) throws(ImportError) {
        for text in mappings {
            let override: BinanceSymbolOverride
            do { override = try BinanceSymbolOverride(parsing: text) } catch {
                throw .invalidOption(name: "reference symbol", reason: TerminalText.visible(error.description))
            }
            if let problem = Limits.coinNameProblem(override.coin) {
                throw .invalidOption(name: "reference symbol", reason: "\(TerminalText.visible(text)): \(problem)")
            }
            if self.overrides.contains(where: { $0.coin == override.coin }) {
                throw .invalidOption(name: "reference symbol", reason: "\(TerminalText.visible(override.coin)) is given twice")
            }
            if let symbol = override.symbol, let other = self.overrides.first(where: { $0.symbol == symbol }) {
                throw .invalidOption(name: "reference symbol",
                                     reason: "\(TerminalText.visible(symbol)) is given to both \(TerminalText.visible(other.coin)) and \(TerminalText.visible(override.coin))")
            }
            self.overrides.append(override)
        }
    }

    /// The coin whose reference market is `symbol` (any case), or nil when none is.
    public func coin(of symbol: some StringProtocol) -> String? {
        let upper = symbol.uppercased()
        if let chosen = self.overrides.first(where: { $0.symbol == upper }) { return chosen.coin }
        guard upper.hasSuffix("USDT") else { return nil }
        var base = upper.dropLast(4)
        var prefix = ""
        if base.hasPrefix("1000") && base.count > 4 {
            base = base.dropFirst(4)
            prefix = "k"
        }
        guard !base.isEmpty, base.utf8.allSatisfy({ ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) })
        else { return nil }
        let coin = prefix + base
        // The coin's reference is another symbol (or none) by an override; and only a
        // symbol the live feed would read for the coin maps back to it.
        guard !self.overrides.contains(where: { $0.coin == coin }), BinanceSymbolMap.defaultSymbol(for: coin).symbol == upper else { return nil }
        return coin
    }

    /// A live-feed map listing just `symbol`'s coin (for ``BinanceFrame``), or nil when
    /// no coin maps to it.
    func map(for symbol: String) -> BinanceSymbolMap? {
        guard let coin = self.coin(of: symbol) else { return nil }
        return try? BinanceSymbolMap(coins: [coin], overrides: [BinanceSymbolOverride(coin: coin, symbol: symbol)])
    }

    /// The overrides as `COIN=SYMBOL,…` (for the journal header), nil when none.
    public var headerText: String? {
        self.overrides.isEmpty ? nil : self.overrides.map { "\($0.coin)=\($0.symbol ?? "none")" }.joined(separator: ",")
    }
}
