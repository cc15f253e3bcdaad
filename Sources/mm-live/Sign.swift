import ArgumentParser
import CommandLineStatus
import Foundation
import Hyperliquid
import JSON

/// `mm-live sign`: the exact JSON body that would be POSTed to /exchange.
struct Sign: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign an L1 action and print the /exchange request body (a dry run).",
        discussion: HelpText.reflow("""
        Reads the action JSON (keys in wire order: the order is hashed) from --action \
        FILE or standard input (--action -), signs it as Hyperliquid's official SDK \
        does (msgpack, nonce, vault flag, optional expiresAfter, keccak, EIP-712 \
        phantom agent, secp256k1 with RFC 6979 nonces), and prints \
        {"action":...,"nonce":...,"signature":{"r":"0x..","s":"0x..","v":27|28},\
        "vaultAddress":...} plus "expiresAfter" when set.

        The private key comes from the HL_PRIVATE_KEY environment variable or \
        --key-file (which must not be readable or writable by group or others: mode 0600 or 0400). The key is \
        never printed; errors name the signer's address at most.

        Exit codes: 0 printed (and --help); 1 bad action JSON, bad key, a key file \
        that is missing, not a regular file or readable by others, bad option.

        """)
    )

    @Option(name: .long, help: "The action JSON file, or - for standard input.")
    var action: String

    @Option(name: .long, help: "Nonce (milliseconds; strictly increasing per signer).")
    var nonce: UInt64

    @Option(name: .long, help: "Vault or subaccount address (0x + 40 hex digits).")
    var vault: String?

    @Option(name: .long, help: "expiresAfter timestamp in milliseconds.")
    var expiresAfter: UInt64?

    @Flag(name: .long, help: "Sign for testnet (phantom agent source b) instead of mainnet.")
    var testnet = false

    @Option(name: .long, help: "File holding the private key (no group or other permissions: mode 0600 or 0400). Default: $HL_PRIVATE_KEY.")
    var keyFile: String?

    func run() throws {
        do {
            let key = try self.loadKey()
            let text: String
            if self.action == "-" {
                text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            } else {
                guard let data = FileManager.default.contents(atPath: self.action) else {
                    throw SignError.unreadableAction(path: self.action)
                }
                text = String(decoding: data, as: UTF8.self)
            }
            let action = try OrderedJSON(parsing: text)
            guard case .object = action, action["type"] != nil else {
                throw SignError.actionWithoutType
            }
            let request = try SignedRequest(action: action, nonce: self.nonce, vaultAddress: self.vault,
                                            expiresAfter: self.expiresAfter, isMainnet: !self.testnet, key: key)
            print(request.body.text)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    func loadKey() throws -> PrivateKey { try KeySource.load(keyFile: self.keyFile) }
}

/// Why `mm-live sign` has no action to sign.
enum SignError: Error, CustomStringConvertible {
    /// `--action PATH` cannot be read.
    case unreadableAction(path: String)
    /// The action is JSON but not an object with a "type".
    case actionWithoutType

    var description: String {
        switch self {
        case .unreadableAction(let path): return "--action \(path): cannot read the action file"
        case .actionWithoutType: return "the action must be a JSON object with a \"type\" (as the exchange expects)"
        }
    }
}
