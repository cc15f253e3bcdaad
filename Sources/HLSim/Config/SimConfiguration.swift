import Engine

/// Everything that shapes an hl-sim exchange.
public struct SimConfiguration: Sendable {
    /// The perpetuals listed, in asset-id order.
    public var coins: [SimulatedCoin]
    /// USDC credited to an account when it first appears.
    public var defaultBalance: Amount = Amount(rawValue: 100_000 * FixedPoint.scale)
    /// When set, only these (lowercased) addresses have accounts, with their balances;
    /// any other signer is refused with the exchange's own error.
    public var admittedAccounts: [String: Amount]?
    /// Which chain signatures are checked for: mainnet (source "a") or testnet ("b").
    /// The official SDKs sign for testnet whenever the base URL is not mainnet's.
    public var isMainnet = false
    /// Seeds the synthetic market and the fault picks.
    public var seed: UInt64 = 1
    public var faults = FaultPlan()
    /// Maker and taker fees in basis points (Hyperliquid's base tier).
    public var makerFeeBps = 1.5
    public var takerFeeBps = 4.5
    /// Requests a new address may send before trading (Hyperliquid: 10,000).
    public var initialRequestBudget: Int64 = 10_000
    /// Trades replayed to a new `trades` subscriber (the exchange sends its recent ones).
    public var tradesOnSubscribe = 30
    /// The Binance-compatible reference feed (`/binance/stream`, `/binance/ws`): served
    /// when set, leading the Hyperliquid market by this many milliseconds (the feed must
    /// then be a ``SyntheticFeed`` made with the same lead). Nil: not served.
    public var referenceLeadMilliseconds: Int64?

    public init(coins: [SimulatedCoin]) { self.coins = coins }
}
