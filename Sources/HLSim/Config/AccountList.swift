import Engine

/// Why an `--accounts` file was refused.
public struct AccountListError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The line at fault (from 1), or nil when the problem is the whole file.
    public var line: Int?
    public var reason: String
    public var description: String { self.line.map { "accounts file line \($0): \(self.reason)" } ?? "accounts file: \(self.reason)" }
}

/// The `--accounts FILE` format: one account per line, `ADDRESS [BALANCE]`, where
/// ADDRESS is `0x` + 40 hex digits and BALANCE a USDC amount (the default balance when
/// omitted). Blank lines and `#` comments are ignored.
public enum AccountList {
    /// Parses the file's text into lowercased addresses and balances.
    public static func parse(_ text: String, defaultBalance: Amount) throws(AccountListError) -> [String: Amount] {
        var accounts: [String: Amount] = [:]
        var number = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "," })
            guard let first = fields.first else { continue }
            guard fields.count <= 2 else { throw AccountListError(line: number, reason: "expected 'ADDRESS [BALANCE]', found \(fields.count) fields") }
            let address = first.lowercased()
            guard Self.isAddress(address) else {
                throw AccountListError(line: number, reason: "'\(first)' is not an address (0x and 40 hex digits)")
            }
            var balance = defaultBalance
            if fields.count == 2 {
                do { balance = try Amount(parsing: fields[1]) } catch {
                    throw AccountListError(line: number, reason: "balance '\(fields[1])': \(error)")
                }
                guard !balance.isNegative else { throw AccountListError(line: number, reason: "balance '\(fields[1])' is negative") }
            }
            guard accounts[address] == nil else { throw AccountListError(line: number, reason: "\(address) is listed twice") }
            accounts[address] = balance
        }
        guard !accounts.isEmpty else { throw AccountListError(line: nil, reason: "the file lists no account (one 'ADDRESS [BALANCE]' per line)") }
        return accounts
    }

    /// Whether `text` is `0x` followed by 40 hex digits.
    public static func isAddress(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 42, bytes[0] == UInt8(ascii: "0"), bytes[1] == UInt8(ascii: "x") || bytes[1] == UInt8(ascii: "X") else { return false }
        return bytes[2...].allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) || ($0 >= 65 && $0 <= 70) }
    }
}
