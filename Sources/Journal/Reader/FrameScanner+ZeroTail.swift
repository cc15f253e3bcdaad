/// Recognizing the zero-filled tail that a power loss leaves: the file system had already
/// extended the file (its size was recorded) but the data blocks of the last write never
/// reached the disk, so the file ends with a run of zero bytes.
///
/// Such a tail is a *torn tail*, not corruption, when the unit that fails its checks is
/// the last one: the zero run that ends the file starts inside that unit (so nothing but
/// zeros follows it). A unit that fails with intact bytes after it is still corruption.
extension FrameScanner {
    /// Bytes read per step when looking back for the start of the trailing zero run.
    private static let zeroScanChunk = 64 << 10

    /// Where the run of zero bytes that ends the file starts, looking back no further than
    /// `floor` (so it returns `floor` when everything from there is zero); `nil` when the
    /// file's last byte is not zero or `floor` is at the end.
    func trailingZeroRunStart(notBefore floor: UInt64) throws(JournalError) -> UInt64? {
        var end = self.fileSize
        while end > floor {
            let count = Int(min(UInt64(Self.zeroScanChunk), end - floor))
            let start = end - UInt64(count)
            let bytes = try self.file.read(count: count, at: start)
            guard bytes.count == count else { return nil }  // the file shrank under us
            if let last = bytes.lastIndex(where: { $0 != 0 }) {
                let runStart = start + UInt64(last) + 1
                return runStart < self.fileSize ? runStart : nil
            }
            end = start
        }
        return floor < self.fileSize ? floor : nil
    }

    /// Whether the unit at `offset`, which failed a check and claims to end at
    /// `claimedEnd`, is a zero-filled torn tail: the file ends with zero bytes from a
    /// point at or after `offset` and before `claimedEnd`.
    func isZeroFilledTail(unitAt offset: UInt64, claimedEnd: UInt64) throws(JournalError) -> Bool {
        guard let start = try self.trailingZeroRunStart(notBefore: offset) else { return false }
        return start < claimedEnd
    }
}
