/// Which Binance USD-M futures symbol is the reference market of each traded coin, and
/// back. By default a coin `X` maps to `XUSDT` (`BTC` -> `BTCUSDT`), a Hyperliquid
/// `k`-coin (priced per thousand units, `kPEPE`) to `1000XUSDT`; a HIP-3 DEX coin
/// (`xyz:TSLA`) or a spot pair (`@107`, `PURR/USDC`) has no listing. Explicit
/// ``BinanceSymbolOverride``s (`BTC=BTCUSDT`, `HYPE=none`) replace the default.
public struct BinanceSymbolMap: Equatable, Sendable {
    /// A traded coin and its reference symbol (upper case, as the venue sends it in `s`).
    public struct Listing: Equatable, Sendable {
        /// The engine's coin.
        public var coin: String
        /// The venue's symbol (`BTCUSDT`).
        public var symbol: String

        /// `coin` read from `symbol`.
        public init(coin: String, symbol: String) {
            self.coin = coin
            self.symbol = symbol
        }
    }

    /// A traded coin without a reference market, and why.
    public struct Unlisted: Equatable, Sendable {
        /// The engine's coin.
        public var coin: String
        /// Why it has no listing (for the one log line saying its signals are off).
        public var reason: String

        /// `coin` without a listing, because of `reason`.
        public init(coin: String, reason: String) {
            self.coin = coin
            self.reason = reason
        }
    }

    /// The coins with a reference market, in the order the coins were given.
    public let listings: [Listing]
    /// The coins without one, in the order the coins were given.
    public let unlisted: [Unlisted]

    /// Maps `coins` (the traded coins, in config order) with `overrides` applied. Throws
    /// when an override names a coin not traded, a coin is overridden twice, or two coins
    /// would share a symbol.
    public init(coins: [String], overrides: [BinanceSymbolOverride] = []) throws(BinanceSymbolMapError) {
        var explicit: [(coin: String, symbol: String?)] = []
        for override in overrides {
            guard coins.contains(override.coin) else { throw .unknownCoin(override.coin, traded: coins) }
            guard !explicit.contains(where: { $0.coin == override.coin }) else { throw .duplicateOverride(override.coin) }
            explicit.append((override.coin, override.symbol))
        }
        var listings: [Listing] = []
        var unlisted: [Unlisted] = []
        for coin in coins where !listings.contains(where: { $0.coin == coin }) && !unlisted.contains(where: { $0.coin == coin }) {
            let symbol: String?
            let reason: String
            if let chosen = explicit.first(where: { $0.coin == coin }) {
                symbol = chosen.symbol
                reason = "--reference-symbol \(coin)=none"
            } else {
                (symbol, reason) = Self.defaultSymbol(for: coin)
            }
            guard let symbol else {
                unlisted.append(Unlisted(coin: coin, reason: reason))
                continue
            }
            if let other = listings.first(where: { $0.symbol == symbol }) { throw .sharedSymbol(symbol, coins: [other.coin, coin]) }
            listings.append(Listing(coin: coin, symbol: symbol))
        }
        self.listings = listings
        self.unlisted = unlisted
    }

    /// The reference symbol of `coin`, or `nil` when it has none.
    public func symbol(for coin: String) -> String? {
        self.listings.first { $0.coin == coin }?.symbol
    }

    /// The coin whose reference market is `symbol` (as the venue sends it, upper case),
    /// or `nil` when no traded coin maps to it.
    public func coin(forSymbol symbol: String) -> String? {
        self.listings.first { $0.symbol == symbol }?.coin
    }

    /// The default symbol of `coin`, or `nil` and why there is none.
    public static func defaultSymbol(for coin: String) -> (symbol: String?, reason: String) {
        if coin.contains(":") { return (nil, "a HIP-3 DEX coin has no Binance listing") }
        if coin.hasPrefix("@") || coin.contains("/") { return (nil, "a spot pair has no Binance USD-M listing") }
        var base = Substring(coin)
        var prefix = ""
        if base.count > 1, base.first == "k", let second = base.dropFirst().first, second.isUppercase {
            base = base.dropFirst()
            prefix = "1000"
        }
        guard base.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            return (nil, "\(coin) is not a plain ticker (name a symbol with --reference-symbol \(coin)=SYMBOL)")
        }
        return (prefix + base.uppercased() + "USDT", "")
    }
}

/// One `COIN=SYMBOL` mapping (`BTC=BTCUSDT`), or `COIN=none` for a coin without a
/// reference market.
public struct BinanceSymbolOverride: Equatable, Sendable {
    /// The engine's coin.
    public var coin: String
    /// The venue's symbol (upper case), or `nil` for no listing.
    public var symbol: String?

    /// A mapping of `coin` to `symbol` (`nil`: no listing).
    public init(coin: String, symbol: String?) {
        self.coin = coin
        self.symbol = symbol?.uppercased()
    }

    /// Parses `COIN=SYMBOL` or `COIN=none` (the symbol in any case; letters and digits only).
    public init(parsing text: String) throws(BinanceSymbolMapError) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw .badOverride(text) }
        let coin = String(parts[0])
        let symbol = String(parts[1])
        if symbol.lowercased() == "none" {
            self.init(coin: coin, symbol: nil)
            return
        }
        guard symbol.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { throw .badOverride(text) }
        self.init(coin: coin, symbol: symbol)
    }
}

/// Why a symbol mapping is refused.
public enum BinanceSymbolMapError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not `COIN=SYMBOL` or `COIN=none`.
    case badOverride(String)
    /// An override names a coin the session does not trade.
    case unknownCoin(String, traded: [String])
    /// Two overrides for one coin.
    case duplicateOverride(String)
    /// Two coins would read the same reference market.
    case sharedSymbol(String, coins: [String])

    public var description: String {
        switch self {
        case .badOverride(let text):
            return "reference symbol \"\(text)\" is not COIN=SYMBOL (letters and digits, e.g. BTC=BTCUSDT) or COIN=none"
        case .unknownCoin(let coin, let traded):
            return "reference symbol for \(coin), which is not traded (traded: \(traded.joined(separator: ", ")))"
        case .duplicateOverride(let coin):
            return "reference symbol for \(coin) given twice"
        case .sharedSymbol(let symbol, let coins):
            return "\(coins.joined(separator: " and ")) would both read \(symbol): map one to another symbol or to none"
        }
    }
}
