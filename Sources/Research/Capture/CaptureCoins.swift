import Engine
import EngineJournal
import Journal

/// The coins a capture holds, and an engine config fitted to them.
///
/// A capture without a recorded config (an import, a synthetic journal) runs with a
/// config the user gives, or the defaults. The defaults list BTC and ETH; run as they are
/// on a BTC-only capture they would report ETH `no_data` decisions, dilute
/// `time_quoting` and chart an empty ETH. So the config's coins are taken from the
/// capture when the user's config does not list any, and a config that lists coins must
/// list exactly the capture's.
public enum CaptureCoins {
    /// The coins of `paths`, in order of first appearance: each journal header's coin
    /// list, or, for a journal whose header lists none, the coins of its book and trade
    /// records.
    public static func read(_ paths: [String]) throws -> [String] {
        var coins: [String] = []
        for path in paths {
            let reader = try JournalReader(path: path)
            let listed = reader.metadata.coins.isEmpty ? try Self.scan(reader) : reader.metadata.coins
            for coin in listed where !coins.contains(coin) { coins.append(coin) }
        }
        return coins
    }

    /// The coins of the book and trade records of a journal, in order of first appearance.
    static func scan(_ reader: JournalReader) throws -> [String] {
        let stream = DecodedRecordStream(reader: reader)
        defer { stream.stop() }
        var coins: [String] = []
        while let item = try stream.next() {
            guard case .input(_, _, let event) = item else { continue }
            let coin: String
            switch event {
            case .book(let book): coin = book.coin
            case .trades(let batch): coin = batch.coin
            default: continue
            }
            if !coins.contains(coin) { coins.append(coin) }
        }
        return coins
    }

    /// `config` fitted to captures holding `coins`.
    ///
    /// When the user's config lists its own coins (`listsCoins`), it must list exactly
    /// the captures' coins (in any order), or ``CoinMismatch`` says which differ and how
    /// to fix it. Otherwise its coins become the captures', each with the default
    /// settings (``EngineConfig/init()`` has them for BTC and ETH; another coin needs a
    /// `[[coins]]` entry).
    public static func fit(_ config: EngineConfig, listsCoins: Bool, to coins: [String], captures: [String]) throws(CoinMismatch) -> EngineConfig {
        guard !coins.isEmpty else { throw CoinMismatch.noCoins(captures: captures) }
        var fitted = config
        if listsCoins {
            let named = config.coins.map(\.name)
            let unknown = coins.filter { !named.contains($0) }
            if !unknown.isEmpty { throw CoinMismatch.configLacks(unknown, captures: captures) }
            let absent = named.filter { !coins.contains($0) }
            if !absent.isEmpty { throw CoinMismatch.captureLacks(absent, holds: coins, captures: captures) }
            return fitted
        }
        let defaults = EngineConfig()
        let withoutDefaults = coins.filter { defaults.coin(named: $0) == nil }
        if !withoutDefaults.isEmpty { throw CoinMismatch.noDefaults(withoutDefaults, known: defaults.coins.map(\.name), captures: captures) }
        fitted.coins = coins.compactMap { defaults.coin(named: $0) }
        return fitted
    }
}

/// Why an engine config cannot run on a capture: their coins differ. Each message names
/// the coins and what to change.
public enum CoinMismatch: Error, CustomStringConvertible, Sendable, Equatable {
    /// The captures hold coins the config does not list.
    case configLacks([String], captures: [String])
    /// The config lists coins the captures do not hold.
    case captureLacks([String], holds: [String], captures: [String])
    /// No config was given and the defaults have no settings for these coins.
    case noDefaults([String], known: [String], captures: [String])
    /// The captures hold no book or trade record and list no coin.
    case noCoins(captures: [String])

    public var description: String {
        switch self {
        case .configLacks(let coins, let captures):
            return "\(Self.names(captures)) \(captures.count == 1 ? "holds" : "hold") \(Self.list(coins)), which the config's [[coins]] does not list: "
                + "add a [[coins]] entry for \(Self.list(coins)) (name, sz_decimals, order_size, max_inventory), or leave [[coins]] out of the file to quote the capture's coins"
        case .captureLacks(let coins, let holds, let captures):
            return "the config's [[coins]] lists \(Self.list(coins)), which \(Self.names(captures)) \(captures.count == 1 ? "does" : "do") not hold (only \(Self.list(holds))): "
                + "remove the [[coins]] entry for \(Self.list(coins)), or leave [[coins]] out of the file to quote the capture's coins"
        case .noDefaults(let coins, let known, let captures):
            return "\(Self.names(captures)) \(captures.count == 1 ? "holds" : "hold") \(Self.list(coins)), and the default config has coin settings only for \(Self.list(known)): "
                + "give --config FILE with a [[coins]] entry for each of the capture's coins (name, sz_decimals, order_size, max_inventory)"
        case .noCoins(let captures):
            return "\(Self.names(captures)) \(captures.count == 1 ? "holds" : "hold") no book or trade record and \(captures.count == 1 ? "lists" : "list") no coin: nothing to quote"
        }
    }

    private static func list(_ coins: [String]) -> String { coins.joined(separator: ", ") }

    private static func names(_ captures: [String]) -> String {
        captures.map { String($0.split(separator: "/").last ?? Substring($0)) }.joined(separator: ", ")
    }
}
