#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal WebSocket client over a loopback TCP socket (text frames, no extensions),
/// for talking to hl-sim without any client library.
final class RawWebSocket {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The status line of the upgrade answer ("HTTP/1.1 101 Switching Protocols").
    private(set) var status = ""
    private let socket: Int32
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1:`port` and asks for a WebSocket at `path`; `status` says
    /// whether it was upgraded (a refusal is not thrown: the test reads it).
    init(port: Int, path: String) throws {
        #if canImport(Glibc)
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = Darwin.socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(description: "socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); throw Failure(description: "cannot connect to port \(port)") }
        self.socket = fd
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        try Self.write(Array(request.utf8), to: self.socket)
        while true {
            if let end = Self.find([13, 10, 13, 10], in: self.buffer) {
                let head = String(decoding: self.buffer[..<end], as: UTF8.self)
                self.status = String(head.split(separator: "\r\n").first ?? "")
                self.buffer.removeFirst(end + 4)
                break
            }
            guard try self.fill(timeoutMilliseconds: 5_000) else { throw Failure(description: "no upgrade answer") }
        }
    }

    deinit { close(self.socket) }

    var upgraded: Bool { self.status.contains(" 101 ") }

    /// The next text frame, or nil when the connection closed (or nothing came in time).
    /// Pings and other control frames are skipped.
    func nextText(timeoutMilliseconds: Int32 = 5_000) throws -> String? {
        while true {
            if let (opcode, payload, length) = self.parseFrame() {
                self.buffer.removeFirst(length)
                switch opcode {
                case 1: return String(decoding: payload, as: UTF8.self)
                case 8: return nil
                default: continue
                }
            }
            guard try self.fill(timeoutMilliseconds: timeoutMilliseconds) else { return nil }
        }
    }

    /// Sends a masked text frame.
    func send(_ text: String) throws {
        let payload = Array(text.utf8)
        var frame: [UInt8] = [0x81]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else {
            frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        }
        let mask: [UInt8] = [1, 2, 3, 4]
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        try Self.write(frame, to: self.socket)
    }

    private func parseFrame() -> (UInt8, [UInt8], Int)? {
        guard self.buffer.count >= 2 else { return nil }
        let opcode = self.buffer[0] & 0x0F
        var length = Int(self.buffer[1] & 0x7F)
        var offset = 2
        if length == 126 {
            guard self.buffer.count >= 4 else { return nil }
            length = Int(self.buffer[2]) << 8 | Int(self.buffer[3])
            offset = 4
        } else if length == 127 {
            guard self.buffer.count >= 10 else { return nil }
            length = self.buffer[2..<10].reduce(0) { $0 << 8 | Int($1) }
            offset = 10
        }
        guard self.buffer.count >= offset + length else { return nil }
        return (opcode, Array(self.buffer[offset..<(offset + length)]), offset + length)
    }

    /// Reads what is there within the timeout; false when the peer closed or nothing came.
    private func fill(timeoutMilliseconds: Int32) throws -> Bool {
        var poller = pollfd(fd: self.socket, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeoutMilliseconds) > 0 else { return false }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = read(self.socket, &chunk, chunk.count)
        guard count > 0 else { return false }
        self.buffer += chunk[..<count]
        return true
    }

    private static func write(_ bytes: [UInt8], to socket: Int32) throws {
        var sent = 0
        while sent < bytes.count {
            #if canImport(Glibc)
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            #else
            let count = bytes[sent...].withUnsafeBytes { Darwin.send(socket, $0.baseAddress, $0.count, 0) }
            #endif
            guard count > 0 else { throw Failure(description: "send failed") }
            sent += count
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for index in 0...(haystack.count - needle.count) where Array(haystack[index..<(index + needle.count)]) == needle { return index }
        return nil
    }
}
