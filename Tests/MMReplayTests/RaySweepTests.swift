import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `scripts/ray_sweep.py` on a Ray cluster of two nodes on loopback (a head and a worker node
/// joined with `ray start --address`) that share no path with the driver: each node runs in
/// a mount namespace of its own in which the driver's directory and the directory of the
/// built mm-replay are hidden under an empty tmpfs, with a temporary directory of its own.
/// The results must equal a single-machine `mm-replay sweep` byte for byte.
@Suite(.serialized, .tags(.endToEnd, .needsExternalTool)) struct RaySweepTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../scripts/ray_sweep.py").standardized.path

    @Test func aSweepRunsOnNodesThatShareNoPathWithTheDriver() throws {
        let cluster = try LocalRayCluster()
        defer { cluster.stop() }
        let driver = cluster.root + "/driver"
        try cluster.prepare(grid: "\"strategy.gamma\" = [0.05, 0.2]\n\"quoting.levels\" = [1, 2]\n")

        // The nodes' mm-replay (the same path, another build) differs from the driver's: nothing runs.
        let mismatch = try cluster.sweep(["--out", driver + "/mismatch", "--mm-replay", cluster.root + "/bin/mm-replay"])
        #expect(mismatch.status == 1, "\(mismatch.output)")
        let version = try MMReplay.run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(mismatch.stderr.contains("mm-replay version mismatch; the driver's is \(version)"), "\(mismatch.stderr)")
        #expect(mismatch.stderr.contains("/bin/mm-replay is 0.0.1-another-build"), "\(mismatch.stderr)")
        #expect(mismatch.stderr.components(separatedBy: "0.0.1-another-build").count == 3, "both nodes are named: \(mismatch.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: driver + "/mismatch/jobs").isEmpty, "no work started")

        // The driver's mm-replay shipped through the object store; the inputs too, once per node.
        let ray = try cluster.sweep(["--out", driver + "/ray", "--ship-binary"])
        try #require(ray.status == 0, "\(ray.output)")
        try Self.expectSameResults(driver + "/ray", driver + "/single", jobs: true)
        // The driver's progress lines, as it also appends them to OUT/sweep.log.
        let progress = (try? String(contentsOfFile: driver + "/ray/sweep.log", encoding: .utf8)) ?? ""
        #expect(Self.nodes(progress).count == 2, "both nodes ran jobs: \(progress)\n\(ray.output)")
        #expect(progress.components(separatedBy: "fetched 3 files").count == 3, "each node fetched the spec and the two captures once: \(progress)")
        #expect(progress.contains("8/8 jobs") && progress.contains("jobs/s, ETA") && progress.contains("jobs per node: "), "\(progress)")
        for node in ["head", "worker"] {
            let left = try FileManager.default.contentsOfDirectory(atPath: "\(cluster.root)/\(node)/tmp").filter { $0.hasPrefix("mm-replay-ray-") }
            #expect(left.isEmpty, "the \(node) node's temporary files are removed: \(left)")
        }

        // A rerun runs only the jobs that are missing.
        for name in ["c0001-k01.json", "c0003-k02.json", "c0004-k01.json", "../results.csv", "../results.json"] {
            try FileManager.default.removeItem(atPath: driver + "/ray/jobs/" + name)
        }
        let rerun = try cluster.sweep(["--out", driver + "/ray", "--ship-binary"])
        #expect(rerun.status == 0, "\(rerun.output)")
        let reran = (try? String(contentsOfFile: driver + "/ray/sweep.log", encoding: .utf8)) ?? ""
        #expect(reran.contains("8 jobs (5 reused) in 8 shards, 3 to run"), "\(reran)\n\(rerun.output)")
        try Self.expectSameResults(driver + "/ray", driver + "/single", jobs: true)

        // A capture the nodes fetch from a URL gives the same results.
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let port = try LocalRayCluster.freePorts(1)[0]
        server.arguments = ["python3", "-m", "http.server", "--bind", "127.0.0.1", "--directory", driver, String(port)]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        // SIGKILL: a child of the test process inherits its blocked signals, SIGTERM among them.
        defer { Glibc.kill(server.processIdentifier, SIGKILL); server.waitUntilExit() }
        let url = try cluster.sweep(["--out", driver + "/url", "--ship-binary"], captures: [driver + "/c1.mmj", "http://127.0.0.1:\(port)/c2.mmj"], waitForURL: "http://127.0.0.1:\(port)/c2.mmj")
        #expect(url.status == 0, "\(url.output)")
        try Self.expectSameResults(driver + "/url", driver + "/single", jobs: false)

        // A job that fails is named with its configuration and capture; the others are kept.
        // A journal whose header reads (the plan takes its coins from there) but whose
        // frames are damaged: its jobs fail when they run.
        var damaged = contents(driver + "/c2.mmj")
        for i in stride(from: damaged.count / 2, to: damaged.count / 2 + 64, by: 1) { damaged[i] ^= 0xFF }
        store(damaged, driver + "/bad.mmj")
        let failed = try cluster.sweep(["--out", driver + "/failed", "--ship-binary"], captures: [driver + "/c1.mmj", driver + "/bad.mmj"])
        #expect(failed.status == 1, "\(failed.output)")
        let failures = (try? String(contentsOfFile: driver + "/failed/sweep.log", encoding: .utf8)) ?? ""
        #expect(failures.contains("FAILED job c0003-k02: config c0003 (quoting.levels=2, strategy.gamma=0.05) on capture bad.mmj"), "\(failures)\n\(failed.output)")
        #expect(failures.contains("bad.mmj"), "\(failures)")
        #expect(failed.stderr.contains("4 of 8 jobs are not done; the 4 finished are in"), "\(failed.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: driver + "/failed/jobs").sorted() == ["c0001-k01.json", "c0002-k01.json", "c0003-k01.json", "c0004-k01.json"])
    }

    @Test func aSweepSurvivesAWorkerNodeKilledMidway() throws {
        let cluster = try LocalRayCluster()
        defer { cluster.stop() }
        let driver = cluster.root + "/driver"
        try cluster.prepare(grid: "\"strategy.gamma\" = [0.05, 0.1, 0.2]\n\"quoting.levels\" = [1, 2, 3]\n")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script, driver + "/spec.toml", driver + "/c1.mmj", driver + "/c2.mmj", "--out", driver + "/ray",
                             "--address", "127.0.0.1:\(cluster.port)", "--mm-replay", MMReplay.executable, "--ship-binary", "--wait-nodes", "2"]
        FileManager.default.createFile(atPath: driver + "/driver.log", contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: driver + "/driver.log"))
        process.standardOutput = log
        process.standardError = log
        try process.run()
        // Once both nodes have finished a job, kill the worker node (its raylet, workers and all).
        let started = Date()
        while process.isRunning, Date().timeIntervalSince(started) < 120 {
            let text = (try? String(contentsOfFile: driver + "/driver.log", encoding: .utf8)) ?? ""
            if Self.nodes(text).count == 2 { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let before = try FileManager.default.contentsOfDirectory(atPath: driver + "/ray/jobs").count
        cluster.kill("worker")
        while process.isRunning, Date().timeIntervalSince(started) < 240 { Thread.sleep(forTimeInterval: 0.2) }
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let text = try String(contentsOfFile: driver + "/driver.log", encoding: .utf8)
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(before < 18, "the worker was killed mid-sweep (\(before) of 18 jobs done)")
        #expect(text.contains("18/18 jobs"), "\(text)")
        try Self.expectSameResults(driver + "/ray", driver + "/single", jobs: true)
    }

    /// The nodes named in the driver's `shard i/N done on NODE (ADDRESS): …` lines.
    static func nodes(_ text: String) -> Set<String> {
        Set(text.split(separator: "\n").compactMap { line in
            line.range(of: " done on ").flatMap { line[$0.upperBound...].split(separator: " ").first.map(String.init) }
        })
    }

    static func expectSameResults(_ directory: String, _ expected: String, jobs: Bool) throws {
        for name in ["results.csv", "results.json", "sweep.json"] {
            #expect(contents(directory + "/" + name) == contents(expected + "/" + name), "\(name) differs from the single-machine sweep's")
        }
        if jobs {
            let names = try FileManager.default.contentsOfDirectory(atPath: expected + "/jobs").sorted()
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/jobs").sorted() == names)
            for name in names { #expect(contents(directory + "/jobs/" + name) == contents(expected + "/jobs/" + name), "\(name) differs") }
        }
    }
}

/// Two Ray nodes on 127.0.0.1, each started by `ray start --block` as the leader of a process
/// group of its own (so it is stopped, with everything it started, by that group's id) inside
/// a mount namespace where `ROOT/driver` and the directory of the built mm-replay are empty,
/// and `ROOT/bin/mm-replay` is a stand-in that reports another version.
final class LocalRayCluster {
    let root: String
    let port: Int
    private var groups: [String: Int32] = [:]
    private var ports: [Int]

    init() throws {
        let probe = try runShell("python3 -c 'import ray' && command -v ray && unshare --mount --propagation private true")
        try #require(probe.status == 0, "needs Ray (scripts/install-deps.sh: pip install ray) and `unshare --mount` (root)\n\(probe.output)")
        // Short: Ray's socket paths below it must stay under the 107 bytes of a Unix socket path.
        self.root = try runShell("mktemp -d /tmp/rs-XXXXXX").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        self.ports = try Self.freePorts(15)
        self.port = self.ports.removeFirst()
        for directory in ["driver", "bin", "head/tmp", "worker/tmp"] {
            try FileManager.default.createDirectory(atPath: self.root + "/" + directory, withIntermediateDirectories: true)
        }
        try FileManager.default.createSymbolicLink(atPath: self.root + "/bin/mm-replay", withDestinationPath: MMReplay.executable)
    }

    deinit { self.stop() }

    /// Kills every node and removes the directory.
    func stop() {
        for name in self.groups.keys { self.kill(name) }
        try? FileManager.default.removeItem(atPath: self.root)
    }

    /// Free loopback ports (bound then released).
    static func freePorts(_ count: Int) throws -> [Int] {
        let script = "import socket\ns=[socket.socket() for _ in range(\(count))]\nfor x in s: x.bind(('127.0.0.1',0))\nprint(' '.join(str(x.getsockname()[1]) for x in s))"
        let result = try runChildProcess("/usr/bin/env", ["python3", "-c", script])
        return result.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Two captures and a spec in ROOT/driver, their single-machine sweep in ROOT/driver/single,
    /// then the cluster.
    func prepare(grid: String) throws {
        let directory = self.root + "/driver"
        for seed in [1, 2] {
            let synth = try MMReplay.run(["journal", "synth", "--out", "\(directory)/c\(seed).mmj", "--seed", "\(seed)", "--events", "20000", "--coins", "BTC,ETH"])
            try #require(synth.status == 0, "\(synth.stderr)")
        }
        try "objective = \"pnl\"\n[grid]\n\(grid)".write(toFile: directory + "/spec.toml", atomically: true, encoding: .utf8)
        let single = try MMReplay.run(["sweep", directory + "/spec.toml", directory + "/c1.mmj", directory + "/c2.mmj", "--out", directory + "/single", "--jobs", "2"])
        try #require(single.status == 0, "\(single.stderr)")
        try self.start()
    }

    /// The head, then the worker node (joined to the head's address).
    func start() throws {
        try self.startNode("head", arguments: "--head --port \(self.port) --include-dashboard false")
        try self.startNode("worker", arguments: "--address 127.0.0.1:\(self.port)")
    }

    private func startNode(_ name: String, arguments: String) throws {
        let first = name == "head" ? 1 : 7
        let ports = "--node-manager-port \(self.ports[first]) --object-manager-port \(self.ports[first + 1]) --metrics-export-port \(self.ports[first + 2]) "
            + "--dashboard-agent-listen-port \(self.ports[first + 3]) --dashboard-agent-grpc-port \(self.ports[first + 4]) --runtime-env-agent-port \(self.ports[first + 5])"
        let hidden = [self.root + "/driver", URL(fileURLWithPath: MMReplay.executable).deletingLastPathComponent().path, self.root + "/bin"]
        let node = self.root + "/" + name
        let script = """
            #!/bin/sh
            set -e
            \(hidden.map { "mount -t tmpfs none '\($0)'" }.joined(separator: "\n"))
            printf '#!/bin/sh\\necho 0.0.1-another-build\\n' > '\(self.root)/bin/mm-replay'
            chmod +x '\(self.root)/bin/mm-replay'
            export TMPDIR='\(node)/tmp'
            exec ray start \(arguments) --node-ip-address 127.0.0.1 --num-cpus 1 --disable-usage-stats --temp-dir '\(node)/ray' \(ports) --block
            """
        try script.write(toFile: node + "/start.sh", atomically: true, encoding: .utf8)
        // Python starts it: in a session of its own, and with no descriptor but its log (an
        // inherited pipe would keep a test's reader waiting for the pipe's end).
        let launcher = """
            import subprocess, sys
            log = open(sys.argv[1] + "/log", "wb")
            node = subprocess.Popen(["unshare", "--mount", "--propagation", "private", "sh", sys.argv[1] + "/start.sh"], stdin=subprocess.DEVNULL,
                                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True, close_fds=True)
            print(node.pid)
            """
        let launch = try runChildProcess("/usr/bin/env", ["python3", "-c", launcher, node])
        guard launch.status == 0, let pid = Int32(launch.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw CLITestFailure(description: "cannot start the \(name) node: \(launch.output)")
        }
        self.groups[name] = pid
        let started = Date()
        while Date().timeIntervalSince(started) < 90 {
            let log = (try? String(contentsOfFile: node + "/log", encoding: .utf8)) ?? ""
            if log.contains("Ray runtime started") { return }
            if Glibc.kill(pid, 0) != 0 { break }
            Thread.sleep(forTimeInterval: 0.3)
        }
        let log = (try? String(contentsOfFile: node + "/log", encoding: .utf8)) ?? ""
        throw CLITestFailure(description: "the \(name) node did not start:\n\(log.suffix(3000))")
    }

    /// Kills the node: every process of its group.
    func kill(_ name: String) {
        guard let group = self.groups.removeValue(forKey: name) else { return }
        Glibc.kill(-group, SIGKILL)
        Thread.sleep(forTimeInterval: 0.5)
    }

    /// Runs the driver against this cluster on the two captures (or `captures`).
    func sweep(_ arguments: [String], captures: [String]? = nil, waitForURL: String? = nil) throws -> ChildProcessResult {
        let driver = self.root + "/driver"
        if let url = waitForURL {
            _ = try runShell("for i in $(seq 50); do python3 -c \"import urllib.request; urllib.request.urlopen('\(url)')\" 2>/dev/null && break; sleep 0.1; done")
        }
        let inputs = captures ?? [driver + "/c1.mmj", driver + "/c2.mmj"]
        let mmReplay = arguments.contains("--mm-replay") ? [] : ["--mm-replay", MMReplay.executable]
        return try runChildProcess("/usr/bin/env", ["python3", RaySweepTests.script, driver + "/spec.toml"] + inputs
            + ["--address", "127.0.0.1:\(self.port)", "--wait-nodes", "2"] + mmReplay + arguments)
    }
}
