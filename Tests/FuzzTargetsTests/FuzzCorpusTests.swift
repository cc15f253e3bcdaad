import Foundation
import FuzzTargets
import TestSupport
import Testing

/// The fuzz targets' properties over their seeds, the corpora libFuzzer built
/// (`Fuzz/Corpus/<target>`), and every input that once failed (`Fuzz/Regressions/<target>`):
/// what the fuzzers found stays fixed, and `swift test` checks it without libFuzzer.
@Suite(.tags(.integration)) struct FuzzCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The files of a directory, in name order (none when it is missing).
    static func inputs(_ directory: String) -> [(name: String, bytes: [UInt8])] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        return names.compactMap { name in
            (try? Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))).map { (name, Array($0)) }
        }
    }

    /// The seeds build from the project's samples, most of them are accepted by the
    /// decoder (so the properties past decoding are exercised, not just refusals), and
    /// every seed keeps its target's properties.
    @Test(arguments: FuzzTarget.all.map(\.name))
    func seedsKeepTheProperties(target name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        let seeds = try target.seeds(Self.root)
        #expect(seeds.count >= 3, "\(name): too few seeds")
        var accepted = 0
        for (index, seed) in seeds.enumerated() {
            let outcome = target.check(seed)
            if outcome == .accepted { accepted += 1 }
            #expect(outcome.finding == nil, "\(name) seed \(index + 1): \(outcome.finding?.description ?? "")")
        }
        #expect(accepted * 4 >= seeds.count * 3, "\(name): only \(accepted) of \(seeds.count) seeds are accepted")
    }

    /// Every input libFuzzer kept, and every input that once broke a property or crashed,
    /// now keeps the target's properties.
    @Test(arguments: FuzzTarget.all.map(\.name))
    func savedInputsKeepTheProperties(target name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        let corpus = Self.inputs(Self.root + "/Fuzz/Corpus/" + name)
        let regressions = Self.inputs(Self.root + "/Fuzz/Regressions/" + name)
        #expect(!corpus.isEmpty, "\(name): no corpus in Fuzz/Corpus/\(name) (run scripts/fuzz)")
        for (file, bytes) in regressions + corpus {
            let finding = target.check(bytes).finding
            #expect(finding == nil, "\(name)/\(file): \(finding?.description ?? "")")
        }
    }

    /// Every target has one name (the corpus directory's).
    @Test func everyTargetIsRegisteredOnce() {
        let names = FuzzTarget.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.count == 7)
    }
}
