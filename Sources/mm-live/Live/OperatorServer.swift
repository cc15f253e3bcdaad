import Engine
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// `/metrics` (Prometheus text), `/health`, `/state` (JSON) and the operator commands on
/// a local port: `POST /operator/kill?reason=…`, `/operator/reset` (refused while the
/// runbook's "when not to reset" holds; `?force=true` overrides), `/operator/pause`,
/// `/operator/resume`, `/operator/config?path=…&value=…`. Operator commands need the
/// operator token (`Authorization: Bearer TOKEN`); without a configured token they are
/// disabled. They become journaled `operator` inputs. The token is never logged.
struct OperatorServer: Sendable {
    let task: Task<Void, Error>

    /// Hummingbird's own log lines (its format, and an error line for the cancellation
    /// that every clean shutdown is) stay out of mm-live's log; what matters is logged
    /// through `LiveLog`.
    static let quietLogger: Logger = {
        var logger = Logger(label: "mm-live.operator")
        logger.logLevel = .critical
        return logger
    }()

    /// 405 naming the method the path takes.
    static func methodNotAllowed(allow: String, _ message: String) -> Response {
        Response(status: .methodNotAllowed, headers: [.allow: allow], body: ResponseBody(byteBuffer: ByteBuffer(string: message + "\n")))
    }

    static func start(port: Int, metrics: Shared<String>, health: Shared<String>, state: Shared<String>, token: String?,
                      operatorAction: @escaping @Sendable (OperatorAction) -> Void) async throws -> OperatorServer {
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.get())))
        }
        router.get("/health") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: health.get())))
        }
        router.get("/state") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: state.get())))
        }
        // Any other method on a known path: 405 with the method it takes (not 404).
        for method in [HTTPRequest.Method.get, .put, .delete, .patch] {
            router.on("/operator/:command", method: method) { _, _ -> Response in Self.methodNotAllowed(allow: "POST", "operator commands are POST requests") }
        }
        for path in ["/metrics", "/health", "/state"] {
            for method in [HTTPRequest.Method.post, .put, .delete, .patch] {
                router.on(RouterPath(stringLiteral: path), method: method) { _, _ -> Response in Self.methodNotAllowed(allow: "GET", "\(path) is read with GET") }
            }
        }
        router.post("/operator/:command") { request, context -> String in
            guard let token else {
                throw HTTPError(.forbidden, message: "operator commands are disabled: start mm-live with MM_OPERATOR_TOKEN or --operator-token-file")
            }
            let given = request.headers[.authorization].map { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : $0 } ?? ""
            guard Self.same(given, token) else { throw HTTPError(.unauthorized, message: "a valid operator token is needed (Authorization: Bearer TOKEN)") }
            let command = context.parameters.get("command") ?? ""
            let action: OperatorAction
            switch command {
            case "kill": action = .kill(reason: request.uri.queryParameters.get("reason") ?? "operator")
            case "reset": action = request.uri.queryParameters.get("force") == "true" ? .forceResetKillSwitch : .resetKillSwitch
            case "pause": action = .pause
            case "resume": action = .resume
            case "config":
                guard let path = request.uri.queryParameters.get("path"), let value = request.uri.queryParameters.get("value") else {
                    throw HTTPError(.badRequest, message: "config needs path=SECTION.KEY and value=TOML (for example path=risk.max_daily_loss&value=400)")
                }
                action = .configChange(path: path, value: value)
            default: throw HTTPError(.notFound, message: "unknown operator command '\(command)': kill, reset, pause, resume, config")
            }
            operatorAction(action)
            return "ok: \(command)\n"
        }
        let started = Shared(false)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "mm-live"),
                              onServerRunning: { channel in
                                  LiveLog.line("metrics and operator endpoint on http://127.0.0.1:\(channel.localAddress?.port ?? port) (/metrics, /health, /state, POST /operator/kill|reset|pause|resume|config"
                                               + (token == nil ? ": operator commands disabled, no token)" : ")"))
                                  started.set(true)
                              },
                              logger: Self.quietLogger)
        let task = Task { try await app.run() }
        for _ in 0..<200 where !started.get() { try await Task.sleep(for: .milliseconds(10)) }
        return OperatorServer(task: task)
    }

    /// Compares two tokens in time independent of where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<max(x.count, y.count) { difference |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0) }
        return difference == 0
    }

    func stop() async { self.task.cancel() }
}
