import Foundation
import Testing
import TestSupport

/// The CI recipe of docs/ci-recipe.md, run as written: it passes on the shipped
/// recordings and fails, naming the journal, when one no longer reproduces. Also the
/// several-journal forms of `journal verify` and `verify` it relies on.
@Suite(.tags(.endToEnd)) struct CIRecipeTests {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/ci-recipe.md").standardized.path

    /// The shell block between `<!-- recipe: check-incidents -->` and `<!-- end recipe -->`.
    static func recipe() throws -> String { try documentedRecipe("check-incidents", in: Self.docs) }

    @Test func theDocumentedRecipePassesAndFailsAsItSays() throws {
        let scratch = Scratch()
        let script = scratch.file("check-incidents.sh")
        try Self.recipe().write(toFile: script, atomically: true, encoding: .utf8)
        let incidents = scratch.file("incidents")
        try FileManager.default.createDirectory(atPath: incidents, withIntermediateDirectories: true)
        for name in ["cancel-fill-race.mmj", "stale-feed.mmj", "orphan-fill.mmj"] {
            try FileManager.default.copyItem(atPath: RecordingsTests.directory + "/" + name, toPath: incidents + "/" + name)
        }
        let environment: [String: String?] = ["MM_REPLAY": MMReplay.executable]
        let report = scratch.file("report.jsonl")
        let pass = try runChildProcess("/bin/bash", [script, incidents, report], environment: environment)
        #expect(pass.status == 0, "\(pass.stdout)\(pass.stderr)")
        #expect(pass.stdout.contains("3 verified: 3 identical, 0 diverged, 0 could not be verified"), "\(pass.stdout)")
        #expect(pass.stdout.contains("3 journals: 3 intact, 0 with a torn tail, 0 corrupt or unreadable"), "\(pass.stdout)")
        #expect(pass.stdout.contains("every incident reproduces"))
        #expect((try String(contentsOfFile: report, encoding: .utf8)).split(separator: "\n").count == 4)
        // One journal with a command dropped: the job fails and the report names it.
        let victim = incidents + "/orphan-fill.mmj"
        let tampered = scratch.file("tampered.mmj")
        try rewrite(victim, to: tampered, droppingCommandNumber: 12)
        try FileManager.default.removeItem(atPath: victim)
        try FileManager.default.moveItem(atPath: tampered, toPath: victim)
        let fail = try runChildProcess("/bin/bash", [script, incidents, report], environment: environment)
        #expect(fail.status == 1, "\(fail.stdout)\(fail.stderr)")
        #expect(fail.stdout.contains("orphan-fill.mmj: diverged at seq"), "\(fail.stdout)")
        #expect(fail.stderr.contains("the engine no longer reproduces a journal"))
        let lines = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n")
        #expect(lines.contains { $0.contains("orphan-fill.mmj") && $0.contains("\"result\":\"diverged\"") })
    }

    static let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path

    /// The GitHub Actions job of the doc, run step by step as a runner would, in a scratch
    /// workspace: the project's checkout is its sources (linked) and the user's is the shell
    /// block saved as `scripts/check-incidents.sh` with a copy of `recordings/` as
    /// `incidents/`; the apt step is checked (it installs what the build needs) and the
    /// release build is stood in for by the built `mm-replay` at the path it would have;
    /// every other `run:` step runs with bash, as written. The job passes, fails on a
    /// tampered journal, and leaves the report the upload step names either way.
    @Test func theDocumentedGitHubActionsJobRunsItsSteps() throws {
        let job = try WorkflowJob(yaml: documentedRecipe("github-actions", in: Self.docs, language: "yaml"))
        let text = try String(contentsOfFile: Self.docs, encoding: .utf8)
        #expect(text.contains("Save the block above as `scripts/check-incidents.sh` in your repository, with your\njournals in `incidents/`"))
        // The YAML is what a YAML parser reads too (PyYAML, when this machine has it).
        if try runShell("python3 -c 'import yaml'").status == 0 {
            #expect(try WorkflowJob.pyYAML(documentedRecipe("github-actions", in: Self.docs, language: "yaml")) == job)
        }
        // The image: the toolchain the project is built with (the README's, the one running
        // these tests) on Debian 12, as the project's own machines.
        let readme = try String(contentsOfFile: Self.project + "/README.md", encoding: .utf8)
        let toolchain = try #require(readme.firstMatch(of: /with the Swift (\d+\.\d+) toolchain/)?.1)
        #expect(job.container == "swift:\(toolchain)-bookworm", "the job's image \(job.container ?? "none")")
        let running = try runShell("swift --version 2>&1")
        #expect(running.status == 0 && running.output.contains("Swift version \(toolchain)"), "\(running.output)")
        // Its steps: the two checkouts, apt, the build, the check, the upload.
        #expect(job.steps.filter { $0.keys["uses"]?.hasPrefix("actions/checkout@") == true }.count == 2)
        #expect(job.steps.filter { $0.keys["run"] != nil }.count == 3)
        let upload = try #require(job.steps.first { $0.keys["uses"]?.hasPrefix("actions/upload-artifact@") == true })
        #expect(upload.keys["if"] == "always()", "the report is uploaded when the check fails too")
        let report = try #require(upload.with["path"])

        let journals = try FileManager.default.contentsOfDirectory(atPath: RecordingsTests.directory).filter { $0.hasSuffix(".mmj") }.sorted()
        #expect(journals.count >= 12)
        let pass = try Self.emulate(job)
        #expect(pass.failed == nil, "step \(pass.failed ?? -1) failed:\n\(pass.log)")
        #expect(pass.log.contains("\(journals.count) verified: \(journals.count) identical, 0 diverged, 0 could not be verified"), "\(pass.log)")
        #expect(pass.log.contains("every incident reproduces"))
        let lines = try String(contentsOfFile: pass.workspace + "/" + report, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == journals.count + 1, "\(lines)")
        // One journal with a command dropped: the check step fails, the report is left.
        let fail = try Self.emulate(job) { incidents in
            let victim = incidents + "/orphan-fill.mmj"
            try rewrite(RecordingsTests.directory + "/orphan-fill.mmj", to: victim + ".tampered", droppingCommandNumber: 12)
            try FileManager.default.removeItem(atPath: victim)
            try FileManager.default.moveItem(atPath: victim + ".tampered", toPath: victim)
        }
        let check = try #require(job.steps.lastIndex { $0.keys["run"] != nil })
        #expect(fail.failed == check, "\(fail.log)")
        #expect(fail.log.contains("orphan-fill.mmj: diverged at seq") && fail.log.contains("the engine no longer reproduces a journal"), "\(fail.log)")
        let failed = try String(contentsOfFile: fail.workspace + "/" + report, encoding: .utf8).split(separator: "\n")
        #expect(failed.contains { $0.contains("orphan-fill.mmj") && $0.contains("\"result\":\"diverged\"") }, "\(failed)")
    }

    /// Runs `job` as a runner would in a fresh workspace (kept alive by `scratch`); `tamper`
    /// gets the user's incidents directory after the checkout. Returns the index of the
    /// step that failed (steps after it run only with `if: always()`) and the steps' output.
    static func emulate(_ job: WorkflowJob, tamper: (String) throws -> Void = { _ in }) throws -> (workspace: String, failed: Int?, log: String, scratch: Scratch) {
        let scratch = Scratch()
        let workspace = scratch.file("workspace")
        let files = FileManager.default
        try files.createDirectory(atPath: workspace, withIntermediateDirectories: true)
        var failed: Int?
        var log = ""
        for (index, step) in job.steps.enumerated() {
            if failed != nil && step.keys["if"] != "always()" { continue }
            if let uses = step.keys["uses"], uses.hasPrefix("actions/checkout@") {
                let path = workspace + "/" + (step.with["path"] ?? "")
                try files.createDirectory(atPath: path, withIntermediateDirectories: true)
                if step.with["repository"] != nil {
                    // This project: its files, without its build directory.
                    for entry in try files.contentsOfDirectory(atPath: Self.project) where entry != ".build" {
                        try files.createSymbolicLink(atPath: path + "/" + entry, withDestinationPath: Self.project + "/" + entry)
                    }
                } else {
                    // The user's repository: the recipe where the doc says to save it, the journals.
                    try files.createDirectory(atPath: path + "/scripts", withIntermediateDirectories: true)
                    try Self.recipe().write(toFile: path + "/scripts/check-incidents.sh", atomically: true, encoding: .utf8)
                    try files.createDirectory(atPath: path + "/incidents", withIntermediateDirectories: true)
                    for name in try files.contentsOfDirectory(atPath: RecordingsTests.directory) where name.hasSuffix(".mmj") {
                        try files.copyItem(atPath: RecordingsTests.directory + "/" + name, toPath: path + "/incidents/" + name)
                    }
                    try tamper(path + "/incidents")
                }
            } else if let uses = step.keys["uses"], uses.hasPrefix("actions/upload-artifact@") {
                let path = workspace + "/" + (step.with["path"] ?? "")
                if !files.fileExists(atPath: path) { log += "upload: no \(path)\n"; failed = failed ?? index }
            } else if let run = step.keys["run"] {
                let words = run.split(separator: " ").map(String.init)
                if words.first == "apt-get" {
                    try Self.checkPackages(run)
                } else if words.starts(with: ["swift", "build"]) {
                    try Self.standInForBuild(words, in: workspace)
                } else {
                    let script = scratch.file("step-\(index).sh")
                    try run.write(toFile: script, atomically: true, encoding: .utf8)
                    // A runner's default shell for `run:` outside Windows: `bash -e {0}`.
                    let result = try runChildProcess("/bin/bash", ["-e", script], environment: ["MM_REPLAY": nil], directory: workspace)
                    log += result.output
                    if result.status != 0 { log += "step \(index) exit \(result.status)\n"; failed = failed ?? index }
                }
            } else {
                Issue.record("a step the emulation does not know: \(step)")
            }
        }
        return (workspace, failed, log, scratch)
    }

    /// The apt step installs every package `scripts/install-deps.sh` installs for building
    /// (the system libraries Package.swift links, found through pkg-config), and nothing
    /// the project does not know.
    static func checkPackages(_ run: String) throws {
        let installs = run.components(separatedBy: "&&").map { $0.split(separator: " ").map(String.init) }
            .filter { $0.starts(with: ["apt-get", "install"]) }.flatMap { $0.dropFirst(2).filter { !$0.hasPrefix("-") } }
        let script = try String(contentsOfFile: Self.project + "/scripts/install-deps.sh", encoding: .utf8)
        let known = try #require(script.firstMatch(of: /\nPACKAGES=\(([^)]*)\)/)?.1).split(separator: " ").map(String.init)
        let manifest = try String(contentsOfFile: Self.project + "/Package.swift", encoding: .utf8)
        var forBuilding = manifest.matches(of: /\.apt\(\[([^\]]*)\]\)/).flatMap { $0.1.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"")) } }
        if manifest.contains("pkgConfig:") { forBuilding.append("pkg-config") }
        #expect(forBuilding.count >= 3 && Set(forBuilding).isSubset(of: known), "Package.swift's system packages \(forBuilding) are not all in install-deps.sh's \(known)")
        #expect(Set(forBuilding).isSubset(of: installs), "the job installs \(installs), the build needs \(forBuilding)")
        #expect(Set(installs).isSubset(of: known), "the job installs \(installs), install-deps.sh knows \(known)")
    }

    /// `swift build -c release --product P --package-path D`: the built `P` of these tests
    /// goes where that build would put it, `D/.build/release/P`, when `D` is the project's
    /// checkout and `P` one of its executable products.
    static func standInForBuild(_ words: [String], in workspace: String) throws {
        var configuration = "debug", product: String?, packagePath = "."
        var rest = words.dropFirst(2)
        while let option = rest.popFirst() {
            let value = rest.popFirst()
            switch option {
            case "-c", "--configuration": configuration = value ?? ""
            case "--product": product = value
            case "--package-path": packagePath = value ?? ""
            default: Issue.record("swift build: an option the emulation does not know: \(option)")
            }
        }
        let name = try #require(product, "swift build builds one product")
        let package = workspace + "/" + packagePath
        #expect(FileManager.default.fileExists(atPath: package + "/Package.swift"), "\(packagePath) is not the project's checkout")
        let manifest = try String(contentsOfFile: Self.project + "/Package.swift", encoding: .utf8)
        #expect(manifest.contains(".executable(name: \"\(name)\""), "\(name) is not an executable product of Package.swift")
        #expect(FileManager.default.isExecutableFile(atPath: builtExecutable(name)), "no built \(name)")
        let directory = package + "/.build/" + configuration
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: directory + "/" + name, withDestinationPath: builtExecutable(name))
    }

    /// `journal verify` takes several journals: each reported, a summary, and exit 1 when
    /// one is corrupt (over 2 for a torn tail).
    @Test func journalVerifyTakesSeveralJournals() throws {
        let scratch = Scratch()
        let good = RecordingsTests.directory + "/cold-start.mmj"
        let torn = scratch.file("torn.mmj")
        let bytes = contents(good)
        store(Array(bytes.dropLast(40)), torn)
        let garbage = scratch.file("garbage.mmj")
        store(Array("not a journal".utf8), garbage)
        let two = try MMReplay.run(["journal", "verify", good, torn])
        #expect(two.status == 2, "\(two.stdout)\(two.stderr)")
        #expect(two.stdout.contains("2 journals: 1 intact, 1 with a torn tail, 0 corrupt or unreadable"))
        let three = try MMReplay.run(["journal", "verify", good, torn, garbage])
        #expect(three.status == 1)
        #expect(three.stdout.contains("3 journals: 1 intact, 1 with a torn tail, 1 corrupt or unreadable"))
        #expect(three.stderr.contains("garbage.mmj"))
    }

    /// Was: `recordings --update-digests` skipped journals it could not regenerate (live
    /// sessions, imported incidents) silently. They are rebaselined (same inputs, the
    /// engine's new commands), each update says what it did, and the directory checks clean.
    @Test func updatingDigestsRebaselinesLiveRecordings() throws {
        let scratch = Scratch()
        let (_, run) = try replayedSyntheticJournal(seed: 6, events: 3000, in: scratch)
        let directory = scratch.file("incidents")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try rewrite(run, to: directory + "/session.mmj", droppingCommandNumber: 5)
        try FileManager.default.copyItem(atPath: RecordingsTests.directory + "/cold-start.mmj", toPath: directory + "/cold-start.mmj")
        let update = try MMReplay.run(["recordings", directory, "--update-digests"])
        #expect(update.status == 0, "\(update.stdout)\(update.stderr)")
        #expect(update.stdout.contains("cold-start.mmj: regenerated (scenario cold-start"), "\(update.stdout)")
        #expect(update.stdout.contains("session.mmj: rebaselined: same "), "\(update.stdout)")
        #expect(update.stdout.contains("commands first differ at seq"), "\(update.stdout)")
        #expect(update.stdout.contains("updated 2 recording(s)"))
        let check = try MMReplay.run(["recordings", directory])
        #expect(check.status == 0 && check.stdout.hasSuffix("2 checked, 2 ok, 0 changed\n"), "\(check.stdout)")
    }
}

/// One job of a GitHub Actions workflow, as far as the recipe's tests need it: its
/// container image and its steps.
struct WorkflowJob: Equatable {
    /// A step's scalar keys (`uses`, `run`, `if`, `name`) and its `with:` map.
    struct Step: Equatable {
        var keys: [String: String] = [:]
        var with: [String: String] = [:]
    }

    var container: String?
    var steps: [Step] = []

    init(container: String?, steps: [Step]) {
        self.container = container
        self.steps = steps
    }

    /// A small line reader for workflows written as the doc writes them: `key: value`
    /// lines, one job, a `steps:` list of `- key: value` items with further keys indented
    /// under them, `with:` as a flow map (`{ a: b, c: d }`) or an indented block, and
    /// `run: |` block scalars.
    init(yaml: String) throws {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }
        func unquote(_ value: String) -> String {
            let v = value.trimmingCharacters(in: .whitespaces)
            if v.count >= 2, let first = v.first, first == v.last, first == "\"" || first == "'" { return String(v.dropFirst().dropLast()) }
            return v
        }
        func keyValue(_ text: Substring) -> (String, String)? {
            guard let colon = text.firstIndex(of: ":") else { return nil }
            return (text[..<colon].trimmingCharacters(in: .whitespaces), unquote(String(text[text.index(after: colon)...])))
        }
        func flowMap(_ value: String) -> [String: String] {
            var map: [String: String] = [:]
            for pair in value.dropFirst().dropLast().split(separator: ",") { if let (k, v) = keyValue(pair) { map[k] = v } }
            return map
        }
        var index = 0
        var stepsIndent: Int?
        var itemIndent: Int?
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            index += 1
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if let steps = stepsIndent, indent(line) <= steps { stepsIndent = nil }
            guard let steps = stepsIndent else {
                if trimmed.hasPrefix("container:"), let (_, value) = keyValue(Substring(trimmed)) {
                    // `container: IMAGE` or `container:` with `image: IMAGE` under it.
                    if !value.isEmpty { self.container = value }
                    else if index < lines.count, let (key, image) = keyValue(Substring(lines[index].trimmingCharacters(in: .whitespaces))), key == "image" { self.container = image }
                } else if trimmed == "steps:" {
                    stepsIndent = indent(line)
                }
                continue
            }
            var content = Substring(trimmed)
            if trimmed.hasPrefix("- ") {
                itemIndent = indent(line)
                self.steps.append(Step())
                content = content.dropFirst(2)
            }
            guard let item = itemIndent, indent(line) > steps, !self.steps.isEmpty, let (key, value) = keyValue(content) else {
                throw CLITestFailure(description: "workflow line not understood: \(line)")
            }
            // The lines indented under this key (a block map or a block scalar).
            var block: [String] = []
            while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces).isEmpty || indent(lines[index]) > item + 2 {
                block.append(lines[index])
                index += 1
            }
            if key == "with" {
                if value.hasPrefix("{") { self.steps[self.steps.count - 1].with = flowMap(value) }
                for entry in block { if let (k, v) = keyValue(Substring(entry.trimmingCharacters(in: .whitespaces))) { self.steps[self.steps.count - 1].with[k] = v } }
            } else if value == "|" {
                let margin = block.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(indent).min() ?? 0
                self.steps[self.steps.count - 1].keys[key] = block.map { String($0.dropFirst(min(margin, indent($0)))) }.joined(separator: "\n") + "\n"
            } else {
                self.steps[self.steps.count - 1].keys[key] = value
            }
        }
    }

    /// The same job read by PyYAML (`python3`, when it has `yaml`): the workflow's only job.
    static func pyYAML(_ yaml: String) throws -> WorkflowJob {
        let script = """
        import json, sys, yaml
        jobs = list(yaml.safe_load(sys.stdin)["jobs"].values())
        assert len(jobs) == 1, "one job"
        job = jobs[0]
        container = job.get("container")
        if isinstance(container, dict): container = container.get("image")
        steps = [{"keys": {k: str(v) for k, v in s.items() if k != "with"}, "with": {k: str(v) for k, v in (s.get("with") or {}).items()}} for s in job["steps"]]
        print(json.dumps({"container": container, "steps": steps}))
        """
        let result = try runChildProcess("/usr/bin/env", ["python3", "-c", script], stdin: yaml)
        guard result.status == 0, let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw CLITestFailure(description: "PyYAML could not read the workflow: \(result.output)")
        }
        let steps = (object["steps"] as? [[String: [String: String]]] ?? []).map { Step(keys: $0["keys"] ?? [:], with: $0["with"] ?? [:]) }
        return WorkflowJob(container: object["container"] as? String, steps: steps)
    }
}
