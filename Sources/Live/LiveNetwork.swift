/// Where a live session connects: the REST base URL, the WebSocket URL and which chain
/// signatures are for.
public struct LiveNetwork: Sendable, Equatable {
    public var name: String
    /// Base URL for `/info` and `/exchange` (no trailing slash).
    public var restURL: String
    public var webSocketURL: String
    public var isMainnet: Bool

    public static let mainnet = LiveNetwork(name: "mainnet", restURL: "https://api.hyperliquid.xyz", webSocketURL: "wss://api.hyperliquid.xyz/ws", isMainnet: true)
    public static let testnet = LiveNetwork(name: "testnet", restURL: "https://api.hyperliquid-testnet.xyz",
                                            webSocketURL: "wss://api.hyperliquid-testnet.xyz/ws", isMainnet: false)

    /// `mainnet`, `testnet`, or an `http(s)://host[:port]` base URL (such as hl-sim's);
    /// other URLs are signed for testnet, as the official SDKs do.
    public init(parsing text: String) throws(LiveNetworkError) {
        switch text {
        case "mainnet": self = .mainnet
        case "testnet": self = .testnet
        default:
            var base = text
            while base.hasSuffix("/") { base.removeLast() }
            let scheme: String
            if base.hasPrefix("http://") { scheme = "ws://" } else if base.hasPrefix("https://") { scheme = "wss://" } else {
                throw LiveNetworkError(text: text)
            }
            let rest = base.drop(while: { $0 != "/" }).dropFirst(2)
            guard !rest.isEmpty, !rest.contains("/") else { throw LiveNetworkError(text: text) }
            self.init(name: base, restURL: base, webSocketURL: scheme + rest + "/ws", isMainnet: base == Self.mainnet.restURL)
        }
    }

    public init(name: String, restURL: String, webSocketURL: String, isMainnet: Bool) {
        self.name = name
        self.restURL = restURL
        self.webSocketURL = webSocketURL
        self.isMainnet = isMainnet
    }
}

/// A `--network` value that is neither a known network nor a base URL.
public struct LiveNetworkError: Error, CustomStringConvertible, Sendable {
    public var text: String
    public var description: String { "--network '\(text)': expected mainnet, testnet or a base URL such as http://127.0.0.1:3001" }
}
