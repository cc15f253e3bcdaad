/// Why hl-sim cannot start with the files its options name. Each exits 1 with its message.
enum SimStartError: Error, CustomStringConvertible {
    /// `--market PATH`: nothing there.
    case noMarketJournal(path: String)
    /// `--market PATH`: a journal without a single book.
    case marketWithoutBooks(path: String)
    /// `--accounts PATH` cannot be read.
    case unreadableAccounts(path: String)
    /// `--accounts PATH` is not in the accounts format.
    case invalidAccounts(path: String, reason: String)

    var description: String {
        switch self {
        case .noMarketJournal(let path):
            return "--market: no journal at \(path) (give a journal path, or 'synth')"
        case .marketWithoutBooks(let path):
            return "--market \(path): the journal holds no book for any coin, so there is no market to serve"
        case .unreadableAccounts(let path):
            return "--accounts: cannot read \(path)"
        case .invalidAccounts(let path, let reason):
            return "--accounts \(path): \(reason)"
        }
    }
}
