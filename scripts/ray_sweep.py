#!/usr/bin/env python3
"""Run `mm-replay sweep` on a Ray cluster that shares no filesystem with the driver.

The driver reads the spec, the base config and every capture once and puts them in
Ray's object store; each task (a shard: `--shard i/N`, by default one job each) runs
`mm-replay sweep ... --shard i/N` in a temporary directory of its own on whichever node
Ray picks and returns the job result files it made. A node fetches each input at most
once per sweep and keeps it in a cache under its temporary directory (removed at the
end). The driver writes the job files to OUT/jobs and has its own `mm-replay sweep
merge` write OUT/results.csv and OUT/results.json: byte-identical to a single-machine
`mm-replay sweep` (results name captures by file name, and the nodes see the same names).

The mm-replay executable on the nodes is either a path there (--mm-replay, default
`mm-replay` on PATH: a container image, a package) or, with --ship-binary, the driver's
own executable, sent through the object store and cached per node (it needs the Swift
runtime there: build with `swift build -c release --static-swift-stdlib`). Before any
work, a probe on every node checks that its `mm-replay --version` equals the driver's.

A capture may be a URL (http, https, file) that the nodes fetch themselves instead.
Lost tasks (a node or worker that died) are retried (--retries); a job that fails is
reported with its configuration and capture; finished jobs are kept in OUT/jobs, so the
same command again runs only what is missing. Progress (jobs done, jobs/s, ETA, jobs per
node) goes to standard error.

    ray start --head --port 6379                    # on the head node
    ray start --address HEAD:6379                   # on every other node
    scripts/ray_sweep.py spec.toml a.mmj b.mmj --out results --address HEAD:6379 --ship-binary

Exit codes: 0 done; 1 a bad spec, config or capture, a version mismatch, failed jobs, or
an OUT holding another sweep; 2 bad arguments.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid

# A shard index beyond any sweep's job count: `--shard LAST/LAST` plans the sweep (checks
# the spec, config and OUT, writes OUT/sweep.json) without running a job.
PLAN_ONLY_SHARD = "2147483647/2147483647"
URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def fail(message):
    print("ray_sweep: " + message, file=sys.stderr)
    sys.exit(1)


def run_text(command):
    done = subprocess.run(command, capture_output=True, text=True)
    return done.returncode, done.stdout, done.stderr


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def tail(text, lines=12):
    return "\n".join(text.strip().splitlines()[-lines:])


# ---- on the nodes -------------------------------------------------------------------------

def node_directory(sweep_id, create=True):
    """This node's directory for this sweep: below the node's own temporary directory."""
    import ray
    node = ray.get_runtime_context().get_node_id()
    path = os.path.join(tempfile.gettempdir(), "mm-replay-ray-" + sweep_id, node[:16])
    if create:
        os.makedirs(os.path.join(path, "cache"), exist_ok=True)
    return path


def materialize(directory, blob, fetched):
    """The cached file of `blob` ({"sha", "ref"} or {"url"}) on this node; fetched once."""
    import ray
    key = blob.get("sha") or sha256(blob["url"].encode())
    path = os.path.join(directory, "cache", key)
    if not os.path.exists(path):
        if "ref" in blob:
            data = ray.get(blob["ref"][0])
        else:
            with urllib.request.urlopen(blob["url"], timeout=600) as response:
                data = response.read()
        partial = "%s.%s.partial" % (path, uuid.uuid4().hex)
        with open(partial, "wb") as handle:
            handle.write(data)
        os.chmod(partial, 0o755 if blob.get("executable") else 0o644)
        os.replace(partial, path)
        fetched.append(len(data))
    return path


def node_binary(directory, binary, fetched):
    return materialize(directory, binary, fetched) if "ref" in binary else binary["path"]


def node_identity():
    import ray
    return ray.get_runtime_context().get_node_id()


def probe(sweep_id, binary):
    """This node's mm-replay --version (or why it has none)."""
    node = node_identity()
    try:
        path = node_binary(node_directory(sweep_id), binary, [])
        code, out, err = run_text([path, "--version"])
        version = out.strip() if code == 0 else "(exit %d: %s)" % (code, tail(err, 3))
    except OSError as error:
        path, version = binary.get("path", "the shipped executable"), "(cannot run: %s)" % error
    return node, path, version


def cleanup(sweep_id):
    """Removes this node's directory of the sweep (its cache)."""
    path = node_directory(sweep_id, create=False)
    shutil.rmtree(path, ignore_errors=True)
    try:
        os.rmdir(os.path.dirname(path))
    except OSError:
        pass


def run_shard(sweep_id, shard, count, inputs, binary, version, finished, threads):
    """Runs shard `shard` of `count` in a fresh directory of this node; returns its new job files."""
    node = node_identity()
    directory = node_directory(sweep_id)
    fetched = []
    path = node_binary(directory, binary, fetched)
    code, out, err = run_text([path, "--version"])
    if code != 0 or out.strip() != version:
        return {"shard": shard, "node": node, "fetched": fetched, "jobs": {},
                "error": "mm-replay on this node is %r (%s), the driver's is %r" % (out.strip() or tail(err, 3), path, version)}
    work = tempfile.mkdtemp(prefix="shard-%d-" % shard, dir=directory)
    try:
        names = []  # under their names on the driver: results name captures by file name
        for kind, name, blob in [("spec", inputs["spec_name"], inputs["spec"])] + [("captures",) + c for c in inputs["captures"]] + (
                [("config", inputs["config_name"], inputs["config"])] if inputs["config"] else []):
            target = os.path.join(work, kind, name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.symlink(materialize(directory, blob, fetched), target)
            names.append(target)
        out_dir = os.path.join(work, "out")
        os.makedirs(os.path.join(out_dir, "jobs"))
        for name, text in finished.items():  # this shard's jobs done earlier: mm-replay resumes
            with open(os.path.join(out_dir, "jobs", name), "wb") as handle:
                handle.write(text)
        command = [path, "sweep", names[0], *names[1:1 + len(inputs["captures"])], "--out", out_dir,
                   "--shard", "%d/%d" % (shard, count), "--jobs", str(threads)]
        if inputs["config"]:
            command += ["--config", names[-1]]
        code, _, err = run_text(command)
        if code < 0:  # killed by a signal (shutdown, out of memory): let Ray retry the task
            raise RuntimeError("mm-replay was killed by signal %d on node %s" % (-code, node))
        jobs = {}
        for name in sorted(os.listdir(os.path.join(out_dir, "jobs"))):
            if name.endswith(".json") and name not in finished:
                with open(os.path.join(out_dir, "jobs", name), "rb") as handle:
                    jobs[name] = handle.read()
        manifest = None
        if os.path.exists(os.path.join(out_dir, "sweep.json")):
            with open(os.path.join(out_dir, "sweep.json"), "rb") as handle:
                manifest = handle.read()
        return {"shard": shard, "node": node, "fetched": fetched, "jobs": jobs, "manifest": manifest,
                "error": None if code == 0 else "exit %d: %s" % (code, tail(err))}
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ---- on the driver ------------------------------------------------------------------------

class Inputs:
    """The spec, base config and captures: bytes (put in the object store) or URLs."""

    def __init__(self, args):
        self.spec_path = args.spec
        self.config_path = args.config
        self.captures = []  # (name, local path or None, url or None)
        for capture in args.captures:
            if URL.match(capture):
                name = os.path.basename(urllib.parse.unquote(urllib.parse.urlparse(capture).path))
                self.captures.append((name, None, capture))
            else:
                self.captures.append((os.path.basename(capture), capture, None))
        for path in [args.spec, args.config] + [c[1] for c in self.captures]:
            if path and not os.path.isfile(path):
                fail("no such file: %s" % path)

    def plan_arguments(self, scratch):
        """mm-replay's arguments naming the inputs here. A URL's capture is fetched into
        `scratch` for the plan (the plan reads each capture's coins from its header);
        the nodes fetch it themselves for the work."""
        captures = []
        for name, path, url in self.captures:
            if path is None:
                path = os.path.join(scratch, name)
                try:
                    urllib.request.urlretrieve(url, path)
                except Exception as error:  # any failure: say which URL and why
                    fail("cannot fetch %s for the plan: %s" % (url, error))
            captures.append(path)
        return [self.spec_path, *captures] + (["--config", self.config_path] if self.config_path else [])

    def put(self, ray):
        """The inputs as the tasks get them; every file goes to the object store once."""
        def blob(path):
            with open(path, "rb") as handle:
                data = handle.read()
            # A list around the reference keeps Ray from fetching it before the task starts:
            # the task fetches only what its node's cache lacks.
            return {"sha": sha256(data), "ref": [ray.put(data)]}, len(data)
        spec, _ = blob(self.spec_path)
        config = blob(self.config_path)[0] if self.config_path else None
        captures, total = [], 0
        for name, path, url in self.captures:
            if url:
                captures.append((name, {"url": url}))
            else:
                item, size = blob(path)
                captures.append((name, item))
                total += size
        return {"spec_name": os.path.basename(self.spec_path), "spec": spec,
                "config_name": os.path.basename(self.config_path or "config.toml"), "config": config,
                "captures": captures}, total


def plan(binary, inputs, out):
    """Checks the sweep and OUT with mm-replay itself; returns (manifest text, [(job id, config, capture)])."""
    scratch = tempfile.mkdtemp(prefix="ray-sweep-plan-")
    try:
        code, _, err = run_text([binary, "sweep", *inputs.plan_arguments(scratch), "--out", out,
                                 "--shard", PLAN_ONLY_SHARD, "--jobs", "1"])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if code != 0:
        fail("mm-replay sweep refused the sweep:\n" + err.strip())
    with open(os.path.join(out, "sweep.json"), "rb") as handle:
        manifest = handle.read()
    parsed = json.loads(manifest)
    jobs = []
    for config in parsed["configs"]:  # config-major, as mm-replay numbers them
        for k, capture in enumerate(parsed["captures"]):
            jobs.append(("%s-k%02d" % (config["id"], k + 1), config, capture))
    if len(jobs) != parsed["jobs"]:
        fail("cannot read the plan in %s/sweep.json (%d jobs listed, %d derived)" % (out, parsed["jobs"], len(jobs)))
    return manifest, jobs


def describe(job):
    job_id, config, capture = job
    parameters = ", ".join("%s=%s" % item for item in config["parameters"].items())
    return "job %s: config %s (%s) on capture %s" % (job_id, config["id"], parameters, capture)


def alive_nodes(ray):
    return [n for n in ray.nodes() if n.get("Alive") and n.get("Resources", {}).get("CPU", 0) > 0]


def node_label(ray, node, known={}):
    """`ID (ADDRESS)`: the node's id, shortened, and its address."""
    if node not in known:
        known.update({n["NodeID"]: n.get("NodeManagerAddress", "?") for n in ray.nodes()})
    return "%s (%s)" % (node[:8], known.get(node, "?"))


def check_versions(ray, remote_probe, sweep_id, binary, version, nodes):
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy
    probes = [remote_probe.options(num_cpus=0, scheduling_strategy=NodeAffinitySchedulingStrategy(n["NodeID"], soft=False))
              .remote(sweep_id, binary) for n in nodes]
    try:
        answers = ray.get(probes, timeout=300)
    except Exception as error:
        fail("the version probe did not come back from every node within 300 s: %s" % tail(str(error), 4))
    bad = []
    for node, path, found in answers:
        if found != version:
            bad.append("  node %s: %s is %s" % (node_label(ray, node), path, found))
    if bad:
        fail("mm-replay version mismatch; the driver's is %s, but\n%s\nno work was started: give every node the "
             "driver's build (--ship-binary, the same container image, or --mm-replay PATH)" % (version, "\n".join(bad)))


def logger(out):
    """Prints to standard error and appends to OUT/sweep.log (where mm-replay keeps timings and hosts)."""
    def say(text):
        print(text)
        with open(os.path.join(out, "sweep.log"), "a") as handle:
            handle.write("%s ray: %s\n" % (time.strftime("%Y-%m-%d %H:%M:%S +0000", time.gmtime()), text))
    return say


def write_atomically(path, data):
    partial = path + ".partial"
    with open(partial, "wb") as handle:
        handle.write(data)
    os.replace(partial, path)


class Progress:
    def __init__(self, total, reused):
        self.total, self.reused, self.ran = total, reused, 0
        self.per_node = {}
        self.started = time.time()

    def add(self, label, count):
        self.ran += count
        self.per_node[label] = self.per_node.get(label, 0) + count

    def line(self):
        elapsed = max(time.time() - self.started, 1e-9)
        rate = self.ran / elapsed
        left = self.total - self.reused - self.ran
        eta = "%d s" % round(left / rate) if rate > 0 else "?"
        nodes = ", ".join("%s %d" % item for item in sorted(self.per_node.items()))
        return "%d/%d jobs, %.2f jobs/s, ETA %s; jobs per node: %s" % (
            self.reused + self.ran, self.total, rate, eta, nodes or "none yet")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("spec", help="sweep spec (TOML), read by the driver")
    parser.add_argument("captures", nargs="+", help="capture journals read by the driver, or URLs the nodes fetch")
    parser.add_argument("--out", required=True, help="output directory on the driver (reused to resume)")
    parser.add_argument("--shards", type=int, default=0, help="number of Ray tasks (default: one per job)")
    parser.add_argument("--jobs-per-shard", type=int, default=1, help="worker threads (and CPUs) of each task")
    parser.add_argument("--address", default="auto", help="Ray cluster address (default: auto)")
    parser.add_argument("--mm-replay", default=os.environ.get("MM_REPLAY", "mm-replay"),
                        help="mm-replay on the driver and, without --ship-binary, on every node (default: on PATH)")
    parser.add_argument("--ship-binary", action="store_true",
                        help="send the driver's mm-replay to the nodes through the object store")
    parser.add_argument("--config", help="base engine config (TOML) for mm-replay sweep")
    parser.add_argument("--retries", type=int, default=5, help="retries of a task whose worker or node died (default 5)")
    parser.add_argument("--wait-nodes", type=int, default=1, help="wait up to 120 s for this many alive nodes (default 1)")
    args = parser.parse_args()
    if args.shards < 0 or args.jobs_per_shard < 1 or args.retries < 0 or args.wait_nodes < 1:
        parser.error("--shards must be >= 0; --jobs-per-shard and --wait-nodes >= 1; --retries >= 0")

    local = shutil.which(args.mm_replay) if os.path.sep not in args.mm_replay else os.path.abspath(args.mm_replay)
    if not local or not os.access(local, os.X_OK):
        fail("no mm-replay executable at %r on the driver (it plans the sweep and writes the results)" % args.mm_replay)
    code, out, err = run_text([local, "--version"])
    if code != 0:
        fail("%s --version failed: %s" % (local, err.strip()))
    version = out.strip()

    inputs = Inputs(args)
    os.makedirs(args.out, exist_ok=True)
    manifest, jobs = plan(local, inputs, args.out)
    say = logger(args.out)
    jobs_dir = os.path.join(args.out, "jobs")
    done = {name for name in os.listdir(jobs_dir) if name.endswith(".json")}
    count = args.shards or len(jobs)
    shards = {}
    for index, job in enumerate(jobs):
        shards.setdefault(index % count + 1, []).append(job)
    todo = {i: js for i, js in shards.items() if any(j[0] + ".json" not in done for j in js)}
    reused = sum(1 for j in jobs if j[0] + ".json" in done)

    if not todo:
        merge(local, args.out, "all %d jobs were done already (%s)" % (len(jobs), jobs_dir))
        return

    import ray  # imported here so --help works without Ray
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    ray.init(address=args.address, log_to_driver=False)
    sweep_id = uuid.uuid4().hex[:12]
    remote_probe = ray.remote(num_cpus=0)(probe)
    remote_cleanup = ray.remote(num_cpus=0)(cleanup)
    try:
        deadline = time.time() + 120
        while len(alive_nodes(ray)) < args.wait_nodes and time.time() < deadline:
            time.sleep(0.5)
        nodes = alive_nodes(ray)
        if len(nodes) < args.wait_nodes:
            fail("only %d of the %d nodes asked for by --wait-nodes are alive" % (len(nodes), args.wait_nodes))
        if args.ship_binary:
            with open(local, "rb") as handle:
                data = handle.read()
            binary = {"sha": sha256(data), "ref": [ray.put(data)], "executable": True}
        else:
            binary = {"path": args.mm_replay}
        check_versions(ray, remote_probe, sweep_id, binary, version, nodes)
        task_inputs, size = inputs.put(ray)
        progress = Progress(len(jobs), reused)
        say("sweep: %d jobs (%d reused) in %d shards, %d to run, on %d nodes; mm-replay %s; %.1f MB of captures in the object store"
              % (len(jobs), reused, count, len(todo), len(nodes), version, size / 1e6))
        remote_shard = ray.remote(num_cpus=args.jobs_per_shard, max_retries=args.retries, retry_exceptions=True)(run_shard)
        pending = {}
        for i, shard_jobs in sorted(todo.items()):
            finished = {}
            for job_id, _, _ in shard_jobs:
                if job_id + ".json" in done:
                    with open(os.path.join(jobs_dir, job_id + ".json"), "rb") as handle:
                        finished[job_id + ".json"] = handle.read()
            ref = remote_shard.remote(sweep_id, i, count, task_inputs, binary, version, finished, args.jobs_per_shard)
            pending[ref] = i
        failures, fetched = [], {}
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1)
            i = pending.pop(ready[0])
            try:
                result = ray.get(ready[0])
            except Exception as error:  # the retries are used up
                failures.append((i, None, "the task failed after %d retries: %s" % (args.retries, tail(str(error), 6))))
                continue
            if result.get("manifest") not in (None, manifest):
                failures.append((i, result, "the node planned another sweep than the driver (different mm-replay?)"))
                continue
            for name, data in result["jobs"].items():
                write_atomically(os.path.join(jobs_dir, name), data)
                done.add(name)
            label = node_label(ray, result["node"])
            fetched.setdefault(label, []).extend(result["fetched"])
            progress.add(label, len(result["jobs"]))
            if result["error"]:
                failures.append((i, result, result["error"]))
            say("shard %d/%d done on %s: %s" % (i, count, label, progress.line()))
        for label, sizes in sorted(fetched.items()):
            say("node %s fetched %d files (%.1f MB)" % (label, len(sizes), sum(sizes) / 1e6))
        if failures:
            for i, result, error in failures:
                missing = [j for j in shards[i] if j[0] + ".json" not in done]
                named = [j for j in missing if ("job %s " % j[0]) in error] or missing
                where = " on node %s" % node_label(ray, result["node"]) if result else ""
                for job in named:
                    say("FAILED %s (shard %d/%d%s): %s" % (describe(job), i, count, where, error))
            missing = sum(1 for j in jobs if j[0] + ".json" not in done)
            fail("%d of %d jobs are not done; the %d finished are in %s: run the same command again to run only the rest"
                 % (missing, len(jobs), len(done), jobs_dir))
    finally:
        try:
            ray.get([remote_cleanup.options(num_cpus=0, scheduling_strategy=NodeAffinitySchedulingStrategy(n["NodeID"], soft=False)).remote(sweep_id)
                     for n in alive_nodes(ray)], timeout=60)
        except Exception:
            pass
        ray.shutdown()
    merge(local, args.out, None)


def merge(binary, out, note):
    """Has mm-replay write OUT/results.csv and results.json from OUT/jobs (as `mm-replay sweep` would)."""
    if note:
        logger(out)(note)
    code, _, err = run_text([binary, "sweep", "merge", out, "--out", out])
    if code != 0:
        fail("mm-replay sweep merge failed:\n" + err.strip())
    print("results: %s, %s" % (os.path.join(out, "results.csv"), os.path.join(out, "results.json")))


if __name__ == "__main__":
    main()
