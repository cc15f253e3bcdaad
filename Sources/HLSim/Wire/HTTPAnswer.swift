import Hyperliquid
import JSON

/// What hl-sim answers to an HTTP request: status, body and content type, plus a short
/// summary for the request log.
public struct HTTPAnswer: Sendable, Equatable {
    public var status: Int
    public var body: String
    public var contentType: String
    /// A few words on the outcome, for the one-line request log.
    public var summary: String

    public init(status: Int, body: String, contentType: String, summary: String) {
        self.status = status
        self.body = body
        self.contentType = contentType
        self.summary = summary
    }

    /// 200 with a JSON body.
    static func json(_ value: OrderedJSON, summary: String) -> HTTPAnswer {
        HTTPAnswer(status: 200, body: value.text, contentType: "application/json", summary: summary)
    }

    /// The exchange's whole-request failure: 200 with `{"status":"err","response":…}`.
    static func exchangeError(_ message: String) -> HTTPAnswer {
        .json(.object([("status", .string("err")), ("response", .string(message))]), summary: "err: \(message)")
    }

    /// 422 with the plain-text message the exchange's HTTP layer gives a body it cannot
    /// deserialize.
    static func unprocessable(_ detail: String?) -> HTTPAnswer {
        let text = "Failed to deserialize the JSON body into the target type" + (detail.map { ": \($0)" } ?? "")
        return HTTPAnswer(status: 422, body: text, contentType: "text/plain; charset=utf-8", summary: detail ?? "bad body")
    }
}

/// A message hl-sim sends to the WebSocket subscribers of one topic.
public struct Push: Sendable, Equatable {
    /// The topic ("l2Book:BTC", "orderUpdates:0x…"); see ``WebSocketSession``.
    public var topic: String
    /// The frame's text.
    public var text: String
}

/// An answer that refuses a request before the venue sees it (a malformed body).
public struct HTTPRefusal: Error, Sendable {
    /// The answer to send.
    public var answer: HTTPAnswer
}
