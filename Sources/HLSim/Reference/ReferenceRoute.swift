/// Which of the reference feed's two endpoints a connection uses (Binance's).
public enum ReferenceForm: String, Sendable, Equatable {
    /// `/binance/stream?streams=a/b`: each frame is `{"stream":NAME,"data":…}`.
    case combined = "stream"
    /// `/binance/ws/a/b`: each frame is the data alone.
    case raw = "ws"
}

/// A reference-feed connection's URL: its form and the streams it names
/// (`btcusdt@bookTicker`, `btcusdt@aggTrade`; more can be added with `SUBSCRIBE`).
public struct ReferenceRoute: Sendable, Equatable {
    /// Where the reference endpoints live on hl-sim's port.
    public static let combinedPath = "/binance/stream"
    /// The raw single-stream form's prefix (`/binance/ws/btcusdt@aggTrade`).
    public static let rawPath = "/binance/ws"

    public var form: ReferenceForm
    /// The streams named in the URL, as ``canonicalStream(_:)`` spells them.
    public var streams: [String]

    public init(form: ReferenceForm, streams: [String]) {
        self.form = form
        self.streams = streams
    }

    /// The route of a request path (query included), or nil when the path is not one of
    /// the reference endpoints.
    public init?(path: String) {
        let (route, query) = Self.split(path)
        if route == Self.combinedPath || route == Self.combinedPath + "/" {
            var streams: [String] = []
            for parameter in query.split(separator: "&") where parameter.hasPrefix("streams=") {
                streams += Self.decode(parameter.dropFirst("streams=".count)).split(separator: "/").map { Self.canonicalStream(String($0)) }
            }
            self.init(form: .combined, streams: streams)
        } else if route == Self.rawPath || route.hasPrefix(Self.rawPath + "/") {
            let rest = Self.decode(route.dropFirst(Self.rawPath.count))
            self.init(form: .raw, streams: rest.split(separator: "/").map { Self.canonicalStream(String($0)) })
        } else {
            return nil
        }
    }

    /// A stream name as hl-sim follows it: the symbol lowercased, the kind in Binance's
    /// spelling when it is one hl-sim serves (`BTCUSDT@BOOKTICKER` → `btcusdt@bookTicker`).
    public static func canonicalStream(_ name: String) -> String {
        guard let at = name.firstIndex(of: "@") else { return name.lowercased() }
        let symbol = name[..<at].lowercased()
        let kind = String(name[name.index(after: at)...])
        for known in ["bookTicker", "aggTrade"] where kind.lowercased() == known.lowercased() { return symbol + "@" + known }
        return symbol + "@" + kind
    }

    private static func split(_ path: String) -> (Substring, Substring) {
        guard let mark = path.firstIndex(of: "?") else { return (path[...], "") }
        return (path[..<mark], path[path.index(after: mark)...])
    }

    /// Undoes the percent-encoding a client may apply to `@` and `/`.
    private static func decode(_ text: Substring) -> String {
        var out = ""
        var rest = text
        while let percent = rest.firstIndex(of: "%") {
            out += rest[..<percent]
            let code = rest[percent...].dropFirst().prefix(2).uppercased()
            switch code {
            case "40": out += "@"; rest = rest[percent...].dropFirst(3)
            case "2F": out += "/"; rest = rest[percent...].dropFirst(3)
            default: out += "%"; rest = rest[percent...].dropFirst()
            }
        }
        return out + rest
    }
}
