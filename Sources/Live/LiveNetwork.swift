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
            if let problem = Self.authorityProblem(rest) { throw LiveNetworkError(text: text, reason: problem) }
            self.init(name: base, restURL: base, webSocketURL: scheme + rest + "/ws", isMainnet: base == Self.mainnet.restURL)
        }
    }

    /// Why `authority` (`host[:port]`, `[v6]:port`) is not usable, or `nil`.
    static func authorityProblem(_ authority: Substring) -> String? {
        if authority.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || "@?#\\".unicodeScalars.contains($0) }) {
            return "the host holds a space, control character or one of @ ? # \\"
        }
        var host = authority
        var port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return "an IPv6 host needs its closing ]" }
            host = authority[authority.startIndex...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return "expected :PORT after the IPv6 host" }
                port = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            port = authority[authority.index(after: colon)...]
        }
        if host.isEmpty || host == "[]" { return "the host is empty" }
        if let port {
            guard !port.isEmpty, port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(port), (1...65_535).contains(value) else {
                return "the port '\(port)' is not a number in 1...65535"
            }
        }
        return nil
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
    /// What is wrong with a URL that has the right shape (a bad port or host).
    public var reason: String?

    public init(text: String, reason: String? = nil) {
        self.text = text
        self.reason = reason
    }

    public var description: String {
        if let reason { return "--network '\(text)': \(reason)" }
        return "--network '\(text)': expected mainnet, testnet or a base URL such as http://127.0.0.1:3001"
    }
}
