import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

/// hl-sim's request log under hostile requests: every request leaves a line, and client
/// text cannot drive the operator's terminal.
@Suite(.tags(.endToEnd)) struct RequestLogTests {
    /// POSTs `body` and returns the status.
    static func post(_ url: String, _ path: String, _ body: Data) throws -> Int {
        var request = URLRequest(url: URL(string: url + path)!)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var status = -1
        URLSession.shared.dataTask(with: request) { _, response, _ in
            status = (response as? HTTPURLResponse)?.statusCode ?? -1
            done.signal()
        }.resume()
        _ = done.wait(timeout: .now() + 30)
        return status
    }

    /// Was: a body over 1 MiB got a 413 and no log line, and an escape sequence in a
    /// request reached the terminal raw through the log.
    @Test func oversizedBodiesAreLoggedAndClientTextIsEscaped() throws {
        let sim = try SimProcess(["--seed", "5"])
        defer { sim.stop() }
        #expect(try Self.post(sim.url, "/info", Data(repeating: 0x20, count: (1 << 20) + 10)) == 413)
        // A JSON-escaped ESC: valid JSON whose coin name carries a terminal escape sequence.
        #expect(try Self.post(sim.url, "/info", Data(#"{"type":"l2Book","coin":"\u001b[31mRED"}"#.utf8)) == 200)
        Thread.sleep(forTimeInterval: 0.5)
        let log = sim.log
        #expect(log.contains("POST /info 413 body refused"), "\(log)")
        #expect(!log.contains("\u{1B}"), "an escape byte reached the log")
        #expect(log.contains("\\u{1B}[31mRED"), "\(log)")
    }

    /// Issue 16: `hl-sim --version` works like the other tools' (it was an unknown option).
    @Test func versionIsPrinted() throws {
        let run = try runChildProcess(SimProcess.executable, ["--version"])
        #expect(run.status == 0 && run.output.contains("0.1.0"), "\(run.output)")
    }
}
