import Engine
import Journal

/// Level arrays of books a consumer is done with, kept by a decoding thread to decode the
/// next books into (``JournalRecord/decodeBook(in:reusing:)``): a replay decodes a book
/// per record, and reusing two arrays saves two allocations and two frees a record.
struct BookLevelPool {
    /// At most this many arrays are kept (a batch's worth of books, twice over).
    static let limit = 4096
    private var arrays: [[BookLevel]] = []

    /// Keeps `event`'s level arrays if it is a book (released otherwise).
    mutating func keep(_ event: consuming Event) {
        guard case .book(let book) = consume event, self.arrays.count + 2 <= Self.limit else { return }
        self.arrays.append(book.bids)
        self.arrays.append(book.asks)
    }

    /// An array to decode levels into: a kept one, or an empty new one.
    mutating func take() -> [BookLevel] {
        self.arrays.popLast() ?? []
    }
}

extension JournalRecord {
    /// Decodes a `book` record (its type must be ``RecordType/book``) into arrays from
    /// `pool`, with the same checks and errors as ``decode(in:)``.
    func decodeBook(in path: String, reusing pool: inout BookLevelPool) throws(RecordDecodingError) -> Event {
        do throws(BinaryDecodingError) {
            if let problem = Limits.timeProblem(self.time) { throw BinaryDecodingError.outsideLimits(what: "record time", reason: problem) }
            var bids = pool.take()
            var asks = pool.take()
            let result = self.payload.withUnsafeBytes { raw in
                Result { () throws(BinaryDecodingError) -> Event in try Event(bookPayload: raw, reusingBids: &bids, asks: &asks) }
            }
            return try result.get()
        } catch {
            throw RecordDecodingError(path: path, seq: self.seq, type: self.typeName, reason: error.description)
        }
    }
}
