import Hashing
import TestSupport
import Testing

/// SHA-256 against the NIST FIPS 180-4 example vectors.
@Suite(.tags(.unit)) struct SHA256Tests {
    @Test func emptyMessage() {
        #expect(SHA256.hexDigest(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func abc() {
        #expect(SHA256.hexDigest(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func twoBlockMessage448Bits() {
        let message = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(message.count * 8 == 448)
        #expect(SHA256.hexDigest(of: message) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func millionAsInUnevenUpdates() {
        var hasher = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 997)
        var left = 1_000_000
        while left > 0 {
            let n = min(left, chunk.count)
            hasher.update(Array(chunk[0..<n]))
            left -= n
        }
        #expect(hasher.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func copiesHashOnIndependentlyAndFinalizeDoesNotEnd() {
        var first = SHA256()
        first.update(Array("ab".utf8))
        var second = first
        second.update(Array("c".utf8))
        #expect(first.finalizeHex() == SHA256.hexDigest(of: Array("ab".utf8)))
        #expect(second.finalizeHex() == SHA256.hexDigest(of: Array("abc".utf8)))
        first.update(Array("c".utf8))
        #expect(first.finalizeHex() == second.finalizeHex())
        #expect(SHA256.hash(Array("abc".utf8)).count == SHA256.byteCount)
    }
}
