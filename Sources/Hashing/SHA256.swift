import COpenSSL

/// SHA-256 (FIPS 180-4) from the system's OpenSSL libcrypto: command digests, config
/// hashes and file digests. A value: a copy hashes on independently of the original.
public struct SHA256 {
    /// The digest's length in bytes.
    public static let byteCount = 32

    private var context: DigestContext

    /// An empty hash.
    public init() { self.context = DigestContext() }

    /// Adds `bytes` to the hashed message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        if !isKnownUniquelyReferenced(&self.context) { self.context = self.context.copy() }
        self.context.update(bytes)
    }

    /// Adds `bytes` to the hashed message.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { self.update($0) }
    }

    /// The digest of the message so far (32 bytes); the hash can go on being updated.
    public func finalize() -> [UInt8] { self.context.copy().finish() }

    /// The digest as 64 lowercase hex digits.
    public func finalizeHex() -> String { Self.hex(self.finalize()) }

    /// The digest of `bytes` (32 bytes).
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.context.finish()
    }

    /// The digest of `bytes` as 64 lowercase hex digits.
    public static func hexDigest(of bytes: [UInt8]) -> String { Self.hex(Self.hash(bytes)) }

    /// `bytes` as lowercase hex digits, two per byte.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(2 * Self.byteCount)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// An OpenSSL `EVP_MD_CTX` for SHA-256, owned (freed on deinit).
private final class DigestContext {
    let pointer: OpaquePointer

    init() {
        guard let pointer = EVP_MD_CTX_new() else { fatalError("libcrypto: out of memory for a digest context") }
        guard EVP_DigestInit_ex(pointer, EVP_sha256(), nil) == 1 else { fatalError("libcrypto: SHA-256 is not available") }
        self.pointer = pointer
    }

    private init(copying other: DigestContext) {
        guard let pointer = EVP_MD_CTX_new(), EVP_MD_CTX_copy_ex(pointer, other.pointer) == 1 else {
            fatalError("libcrypto: cannot copy a digest context")
        }
        self.pointer = pointer
    }

    deinit { EVP_MD_CTX_free(self.pointer) }

    func copy() -> DigestContext { DigestContext(copying: self) }

    func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        guard EVP_DigestUpdate(self.pointer, bytes.baseAddress, bytes.count) == 1 else { fatalError("libcrypto: SHA-256 update failed") }
    }

    /// The digest; the context is spent afterwards.
    func finish() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: SHA256.byteCount)
        var length: UInt32 = 0
        let status = digest.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(self.pointer, $0.baseAddress, &length) }
        guard status == 1, length == UInt32(SHA256.byteCount) else { fatalError("libcrypto: SHA-256 final failed") }
        return digest
    }
}
