import Engine
import Hummingbird
import NIOCore

/// `/metrics` (Prometheus text), `/health` and the operator commands on a local port:
/// `POST /operator/kill?reason=…`, `/operator/reset`, `/operator/pause`,
/// `/operator/resume`, `/operator/config?path=…&value=…`. Operator commands become
/// journaled `operator` inputs.
struct OperatorServer: Sendable {
    let task: Task<Void, Error>

    static func start(port: Int, metrics: Shared<String>, health: Shared<String>,
                      operatorAction: @escaping @Sendable (OperatorAction) -> Void) async throws -> OperatorServer {
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.get())))
        }
        router.get("/health") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: health.get())))
        }
        router.post("/operator/:command") { request, context -> String in
            let command = context.parameters.get("command") ?? ""
            let action: OperatorAction
            switch command {
            case "kill": action = .kill(reason: request.uri.queryParameters.get("reason") ?? "operator")
            case "reset": action = .resetKillSwitch
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
                                  LiveLog.line("metrics and operator endpoint on http://127.0.0.1:\(channel.localAddress?.port ?? port) (/metrics, /health, POST /operator/kill|reset|pause|resume|config)")
                                  started.set(true)
                              })
        let task = Task { try await app.run() }
        for _ in 0..<200 where !started.get() { try await Task.sleep(for: .milliseconds(10)) }
        return OperatorServer(task: task)
    }

    func stop() async { self.task.cancel() }
}
