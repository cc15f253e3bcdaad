import HLSim
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Hyperliquid
import JSON
import Logging
import NIOCore

/// The HTTP and WebSocket front of hl-sim: routes, request log, market pump.
struct SimServer {
    let venue: VenueServer
    let host: String
    let port: Int
    let description: String

    func run() async throws {
        let router = Router()
        let venue = self.venue
        router.post("/info") { request, context -> Response in
            let start = WallClock.now()
            let body = try await Self.body(of: request, route: "POST /info", since: start)
            // Parsed here, outside the venue's actor: a large body costs its sender only.
            let answer: HTTPAnswer
            switch SimVenue.parse(body: body) {
            case .success(let parsed): answer = await venue.info(request: parsed)
            case .failure(let refusal): answer = refusal.answer
            }
            RequestLog.line("POST /info \(answer.status) \(answer.summary) \(RequestLog.elapsed(since: start))")
            return Self.response(answer)
        }
        router.post("/exchange") { request, context -> Response in
            let start = WallClock.now()
            let body = try await Self.body(of: request, route: "POST /exchange", since: start)
            let answer: HTTPAnswer
            var who = "-"
            let admission: ExchangeAdmission
            switch SimVenue.parse(body: body) {
            case .success(let parsed): admission = await venue.admit(request: parsed)
            case .failure(let refusal): admission = .refused(refusal.answer)
            }
            switch admission {
            case .refused(let refusal):
                answer = refusal
            case .accepted(let action):
                who = action.account
                if action.delayMilliseconds > 0 { try await Task.sleep(for: .milliseconds(action.delayMilliseconds)) }
                answer = await venue.execute(action)
            }
            RequestLog.line("POST /exchange \(who) \(answer.status) \(answer.summary) \(RequestLog.elapsed(since: start))")
            return Self.response(answer)
        }
        router.get("/") { _, _ in "hl-sim: POST /info, POST /exchange, WebSocket /ws; reference feed WebSocket /binance/stream, /binance/ws\n" }
        // A reference request that was not upgraded: the feed is off, down (fault) or the
        // request is not a WebSocket upgrade.
        for path in [ReferenceRoute.combinedPath, ReferenceRoute.rawPath, ReferenceRoute.rawPath + "/**"] {
            router.get(RouterPath(path)) { request, _ -> Response in
                let answer = await Self.referenceRefusal(venue: venue)
                RequestLog.line("GET \(Self.describe(request.uri.description)) \(answer.status) \(answer.body.dropLast())")
                return Self.response(answer)
            }
        }

        var logger = Logger(label: "hl-sim")
        logger.logLevel = .warning
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(configuration: .init(ws: .init(maxFrameSize: 1 << 20, autoPing: .disabled))) { request, channel, _ in
                let peer = channel.remoteAddress?.description ?? "?"
                if request.path == "/ws" {
                    return .upgrade([:]) { inbound, outbound, _ in
                        try await Self.serve(inbound: inbound, outbound: outbound, channel: channel, peer: peer, venue: venue)
                    }
                }
                guard let path = request.path, let route = ReferenceRoute(path: path), await venue.referenceAvailable() else { return .dontUpgrade }
                return .upgrade([:]) { inbound, outbound, _ in
                    try await Self.serve(inbound: inbound, outbound: outbound, channel: channel, peer: peer, venue: venue, reference: route)
                }
            },
            configuration: .init(address: .hostname(self.host, port: self.port), serverName: "hl-sim"),
            onServerRunning: { [description] channel in
                let port = channel.localAddress?.port ?? 0
                RequestLog.line("hl-sim listening on http://\(self.host):\(port) (WebSocket at ws://\(self.host):\(port)/ws); \(description)")
                if venue.servesReferenceAtStart {
                    RequestLog.line("reference feed (Binance USD-M shapes) at ws://\(self.host):\(port)\(ReferenceRoute.combinedPath)?streams=btcusdt@bookTicker/btcusdt@aggTrade and \(ReferenceRoute.rawPath)/STREAM")
                }
            },
            logger: logger
        )
        let pump = Task {
            while !Task.isCancelled {
                await venue.tick()
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
        defer { pump.cancel() }
        try await app.runService()
    }

    static func response(_ answer: HTTPAnswer) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = answer.contentType
        return Response(status: HTTPResponse.Status(code: answer.status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body)))
    }

    /// One WebSocket connection: a writer draining the connection's queue, and the
    /// reader handing each text message to the venue.
    static func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, channel: any Channel,
                      peer: String, venue: VenueServer, reference: ReferenceRoute? = nil) async throws {
        guard let (id, queue) = await venue.connect(peer: peer, reference: reference, hangUp: { channel.close(promise: nil) }) else {
            RequestLog.line("WS from \(peer) refused: \(VenueServer.maxConnections) connections are open")
            try? await outbound.close(.policyViolation, reason: "too many connections")
            return
        }
        if let reference {
            RequestLog.line("WS #\(id) reference (\(reference.form == .combined ? "combined" : "raw")) open from \(peer), streams: \(reference.streams.joined(separator: " "))")
        } else {
            RequestLog.line("WS #\(id) open from \(peer)")
        }
        let writer = Task {
            for await item in queue {
                switch item {
                case .text(let text):
                    try? await outbound.write(.text(text))
                case .drop:
                    channel.close(promise: nil)
                    return
                case .close(let reason):
                    try? await outbound.close(.normalClosure, reason: reason)
                    return
                }
            }
        }
        defer { writer.cancel() }
        do {
            for try await message in inbound.messages(maxSize: 1 << 20) {
                guard case .text(let text) = message else {
                    await venue.send(#"{"channel":"error","data":"Error parsing JSON into valid websocket request: binary frame"}"#, to: id)
                    continue
                }
                let parsed = try? OrderedJSON(parsing: text)  // outside the venue's actor
                for output in await venue.receive(text, parsed: parsed, from: id) {
                    guard case .action(let postID, let action) = output else { continue }
                    guard await venue.beginPost(on: id) else {
                        await venue.send(#"{"channel":"error","data":"Too many inflight post messages (at most 100 per connection)"}"#, to: id)
                        continue
                    }
                    Task {
                        let start = WallClock.now()
                        if action.delayMilliseconds > 0 { try? await Task.sleep(for: .milliseconds(action.delayMilliseconds)) }
                        let answer = await venue.execute(action)
                        await venue.send(await venue.postReply(id: postID, answer: answer), to: id)
                        await venue.endPost(on: id)
                        RequestLog.line("WS #\(id) post action \(action.account) \(answer.summary) \(RequestLog.elapsed(since: start))")
                    }
                }
                if !text.contains("\"ping\"") { RequestLog.line("WS #\(id) \(Self.describe(text))") }
            }
        } catch {
            RequestLog.line("WS #\(id) read error: \(error)")
        }
        await venue.disconnect(id)
        RequestLog.line("WS #\(id) closed")
    }

    /// Why a reference request was not upgraded: 404 when the feed is not served, 503
    /// while the drop fault holds it down, 400 for a plain GET.
    static func referenceRefusal(venue: VenueServer) async -> HTTPAnswer {
        if !venue.servesReferenceAtStart {
            return HTTPAnswer(status: 404, body: "hl-sim: the reference feed is off (--no-reference, or a journal market)\n", contentType: "text/plain", summary: "404")
        }
        if !(await venue.referenceAvailable()) {
            return HTTPAnswer(status: 503, body: "hl-sim: the reference feed is down (fault: --drop-reference-after)\n", contentType: "text/plain", summary: "503")
        }
        return HTTPAnswer(status: 400, body: "hl-sim: the reference feed is a WebSocket: connect with an upgrade request\n", contentType: "text/plain", summary: "400")
    }

    /// The largest request body taken (1 MiB); a larger one is answered 413 and logged.
    static let maxBodyBytes = 1 << 20

    /// A request's body, or a logged refusal (Hummingbird answers 413) when it is larger
    /// than ``maxBodyBytes`` or cannot be read.
    static func body(of request: Request, route: String, since start: Int64) async throws -> [UInt8] {
        do { return Array(buffer: try await request.body.collect(upTo: self.maxBodyBytes)) } catch {
            RequestLog.line("\(route) 413 body refused (over \(self.maxBodyBytes) bytes, or unreadable: \(error)) \(RequestLog.elapsed(since: start))")
            throw error
        }
    }

    /// The start of a client message, for the log.
    static func describe(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count > 160 ? String(flat.prefix(160)) + "…" : flat
    }
}
