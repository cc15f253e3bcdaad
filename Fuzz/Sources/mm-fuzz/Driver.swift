import FuzzTargets

#if canImport(Glibc)
import Glibc
#endif

// `mm-fuzz <target> [libFuzzer flags] [corpus dirs]` runs one target under libFuzzer;
// `mm-fuzz --list` names the targets; `mm-fuzz --seeds <target> <project> <dir>` writes the
// target's seed inputs. Built with `-sanitize=fuzzer,address -parse-as-library`, where
// SwiftPM names the entry point `mm_fuzz_main` and libFuzzer's own main is never linked.

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// Writes a message to standard error.
func printError(_ message: String) {
    var text = message
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

/// The target libFuzzer is driving (set once, before the driver starts).
nonisolated(unsafe) var selected: FuzzTarget?

func runOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let finding = selected!.check(bytes).finding {
        // A property failed: report it and crash, so libFuzzer saves the input.
        printError("mm-fuzz: \(selected!.name): property failed: \(finding)\n")
        abort()
    }
    return 0
}

func usage() -> CInt {
    printError("usage: mm-fuzz <target> [libFuzzer flags] [corpus dirs]\n       mm-fuzz --list\n       mm-fuzz --seeds <target> <project dir> <out dir>\n")
    return 1
}

@_cdecl("mm_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    let arguments = (0..<Int(argc)).map { String(cString: argv[$0]!) }
    guard arguments.count >= 2 else { return usage() }
    if arguments[1] == "--list" {
        for target in FuzzTarget.all { print("\(target.name)\t\(target.summary)") }
        return 0
    }
    if arguments[1] == "--seeds" {
        guard arguments.count == 5, let target = FuzzTarget.named(arguments[2]) else { return usage() }
        do {
            let seeds = try target.seeds(arguments[3])
            for (index, seed) in seeds.enumerated() {
                let path = arguments[4] + "/seed-" + String(index + 1)
                guard let file = fopen(path, "wb") else { printError("mm-fuzz: cannot write \(path)\n"); return 1 }
                _ = seed.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
                fclose(file)
            }
            print("\(target.name): \(seeds.count) seeds in \(arguments[4])")
            return 0
        } catch {
            printError("mm-fuzz: \(target.name): cannot build the seeds: \(error)\n")
            return 1
        }
    }
    // libFuzzer re-runs itself for -merge (and -fork) with its own flags only: the target
    // then comes from MM_FUZZ_TARGET, which the first run sets.
    let inherited = getenv("MM_FUZZ_TARGET").map { String(cString: $0) }
    let named = FuzzTarget.named(arguments[1])
    guard let target = named ?? (arguments[1].hasPrefix("-") ? inherited.flatMap(FuzzTarget.named) : nil) else {
        printError("mm-fuzz: unknown target '\(arguments[1])'; the targets are: \(FuzzTarget.all.map(\.name).joined(separator: ", "))\n")
        return 1
    }
    selected = target
    setenv("MM_FUZZ_TARGET", target.name, 1)
    // libFuzzer sees the program name and everything after the target's name.
    let skipped = named == nil ? 1 : 2
    var rest: [UnsafeMutablePointer<CChar>?] = [argv[0]] + (skipped..<Int(argc)).map { argv[$0] } + [nil]
    var count = CInt(rest.count - 1)
    return rest.withUnsafeMutableBufferPointer { buffer in
        var pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = buffer.baseAddress
        return LLVMFuzzerRunDriver(&count, &pointer, runOne)
    }
}
