/// Little-endian helpers for the journal's fixed layouts.
extension Array where Element == UInt8 {
    @inline(__always)
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { self.append(contentsOf: $0.bindMemory(to: UInt8.self)) }
    }
}

extension UnsafeRawBufferPointer {
    @inline(__always)
    func littleEndian<T: FixedWidthInteger>(at offset: Int, as: T.Type = T.self) -> T {
        T(littleEndian: self.loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` that keeps the closure's typed error.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(JournalError) -> R) throws(JournalError) -> R {
        var outcome: Result<R, JournalError>?
        self.withUnsafeBytes { raw in outcome = Result { () throws(JournalError) -> R in try body(raw) } }
        return try outcome!.get()
    }

    /// `withUnsafeMutableBytes` that keeps the closure's typed error.
    mutating func withMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws(JournalError) -> R) throws(JournalError) -> R {
        var outcome: Result<R, JournalError>?
        self.withUnsafeMutableBytes { raw in outcome = Result { () throws(JournalError) -> R in try body(raw) } }
        return try outcome!.get()
    }
}
