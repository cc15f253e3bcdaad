import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// POSTs JSON to the exchange's `/info` and `/exchange` with a timeout. A request that
/// fails before any answer is retried with the very same body (for `/exchange` that is
/// the same signed nonce, which the exchange accepts at most once: never a double send).
final class RESTClient: Sendable {
    let baseURL: String
    let client: HTTPClient
    let timeout: TimeAmount

    init(baseURL: String, timeout: TimeAmount = .seconds(10)) {
        self.baseURL = baseURL
        var configuration = HTTPClient.Configuration()
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(3), read: timeout)
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.timeout = timeout
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The status and body of `POST path`, after up to `attempts` tries on transport
    /// errors (1 s apart).
    func post(_ path: String, body: String, attempts: Int = 3) async throws -> (status: Int, body: String) {
        var lastError: Error?
        for attempt in 1...max(1, attempts) {
            do {
                var request = HTTPClientRequest(url: self.baseURL + path)
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(string: body))
                let response = try await self.client.execute(request, timeout: self.timeout)
                let bytes = try await response.body.collect(upTo: 16 << 20)
                return (Int(response.status.code), String(buffer: bytes))
            } catch {
                lastError = error
                if attempt < attempts {
                    LiveLog.line("POST \(path): \(error); retrying (\(attempt) of \(attempts))")
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
        throw Failure(description: "POST \(path) failed after \(attempts) attempts: \(lastError.map { "\($0)" } ?? "?")")
    }

    /// `POST /info` expecting HTTP 200; returns the body.
    func info(_ body: String) async throws -> String {
        let (status, text) = try await self.post("/info", body: body)
        guard status == 200 else { throw Failure(description: "/info \(body) answered HTTP \(status): \(text.prefix(200))") }
        return text
    }

    func shutdown() async { try? await self.client.shutdown() }
}
