#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Reads a secret (a private key, an operator token) from a file only its owner can
/// read or write.
///
/// The file is opened once (`O_NONBLOCK`, so a FIFO cannot block the start; symlinks
/// are followed) and everything is checked on that descriptor with `fstat`: a regular
/// file, no permission bits for group or others, at most ``maximumSize`` bytes, not
/// empty. Nothing of the content reaches a message.
enum SecretFile {
    /// The largest secret file accepted (a key is 66 bytes of text).
    static let maximumSize = 64 << 10

    /// The trimmed text of the file at `path`; `option` names the command-line option
    /// that gave it, for messages.
    static func read(_ path: String, option: String) throws(SecretFileError) -> String {
        func failure(_ problem: SecretFileError.Problem) -> SecretFileError {
            SecretFileError(option: option, path: path, problem: problem)
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw failure(.cannotOpen(errno: errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(.cannotStat(errno: errno)) }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else { throw failure(.notRegular(kind: SecretFileError.kindName(type))) }
        let mode = info.st_mode & 0o7777
        guard mode & 0o077 == 0 else { throw failure(.exposed(mode: mode)) }
        guard info.st_size <= off_t(Self.maximumSize) else { throw failure(.tooLarge(bytes: Int64(info.st_size))) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(.cannotRead(errno: errno))
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
            guard bytes.count <= Self.maximumSize else { throw failure(.tooLarge(bytes: Int64(bytes.count))) }
        }
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw failure(.empty) }
        return text
    }
}

/// Why a secret file cannot be used; the message starts with the option and the path
/// and says what to do.
struct SecretFileError: Error, Equatable, CustomStringConvertible {
    /// What is wrong with the file.
    enum Problem: Equatable {
        case cannotOpen(errno: Int32)
        case cannotStat(errno: Int32)
        /// Not a regular file: a directory, a FIFO, a device, a socket.
        case notRegular(kind: String)
        /// Group or others have some permission (`mode` holds the permission bits).
        case exposed(mode: mode_t)
        case tooLarge(bytes: Int64)
        case cannotRead(errno: Int32)
        /// Nothing but white space.
        case empty
    }

    /// The option that named the file (`--key-file`, `--operator-token-file`).
    var option: String
    var path: String
    var problem: Problem

    var description: String {
        let prefix = "\(self.option) \(self.path)"
        switch self.problem {
        case .cannotOpen(let code):
            return "\(prefix): cannot open: \(Self.message(code))"
        case .cannotStat(let code):
            return "\(prefix): cannot stat: \(Self.message(code))"
        case .notRegular(let kind):
            return "\(prefix): not a regular file (\(kind)); give the path of the file that holds the secret"
        case .exposed(let mode):
            return "\(prefix): readable or writable by group or others (mode \(String(mode, radix: 8))); chmod 600 it"
        case .tooLarge(let bytes):
            return "\(prefix): \(bytes) bytes is too large for a secret file (at most \(SecretFile.maximumSize)); is it the right file?"
        case .cannotRead(let code):
            return "\(prefix): cannot read: \(Self.message(code))"
        case .empty:
            return "\(prefix): the file is empty; write the secret into it"
        }
    }

    /// `strerror` for an errno value.
    static func message(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// A file type's name for messages.
    static func kindName(_ type: mode_t) -> String {
        switch type {
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "file type 0o\(String(type, radix: 8))"
        }
    }
}

/// `read(2)` (the name `read` is taken inside ``SecretFile``).
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { read(fd, buffer, count) }
