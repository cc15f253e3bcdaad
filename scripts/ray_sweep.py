#!/usr/bin/env python3
"""Fan a sweep out over a Ray cluster: one Ray task per shard, then merge.

Each task runs `mm-replay sweep SPEC CAPTURE... --shard i/N --out OUT/shard-i` on whichever
node Ray schedules it; the driver then runs `mm-replay sweep merge`. The results are
byte-identical to a single-machine `mm-replay sweep`.

Every node needs the mm-replay executable and the spec and captures at the same paths,
and OUT must be on storage all nodes share (on one machine, any directory).

    ray start --head --node-ip-address 127.0.0.1 --port 6380
    scripts/ray_sweep.py spec.toml a.mmj b.mmj --out results --shards 4 --address 127.0.0.1:6380
"""
import argparse
import os
import subprocess
import sys
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("spec")
    parser.add_argument("captures", nargs="+")
    parser.add_argument("--out", required=True, help="output directory (shared by the nodes)")
    parser.add_argument("--shards", type=int, default=4, help="number of shards (Ray tasks)")
    parser.add_argument("--jobs-per-shard", type=int, default=1, help="worker threads inside each shard")
    parser.add_argument("--address", default="auto", help="Ray cluster address (default: auto)")
    parser.add_argument("--mm-replay", default=os.environ.get("MM_REPLAY", "mm-replay"), help="path of mm-replay on every node")
    parser.add_argument("--config", help="base engine config (TOML) for mm-replay sweep")
    args = parser.parse_args()
    if args.shards < 1:
        parser.error("--shards must be >= 1")

    import ray  # imported here so --help works without Ray

    spec = os.path.abspath(args.spec)
    captures = [os.path.abspath(c) for c in args.captures]
    out = os.path.abspath(args.out)
    binary = os.path.abspath(args.mm_replay) if os.path.sep in args.mm_replay else args.mm_replay
    config = [ "--config", os.path.abspath(args.config)] if args.config else []
    os.makedirs(out, exist_ok=True)

    ray.init(address=args.address, log_to_driver=False)

    @ray.remote(num_cpus=args.jobs_per_shard)
    def run_shard(index):
        directory = os.path.join(out, "shard-%d" % index)
        command = [binary, "sweep", spec, *captures, "--out", directory, "--shard", "%d/%d" % (index, args.shards),
                   "--jobs", str(args.jobs_per_shard), *config]
        done = subprocess.run(command, capture_output=True, text=True)
        return index, directory, done.returncode, done.stderr[-2000:]

    started = time.time()
    pending = [run_shard.remote(i) for i in range(1, args.shards + 1)]
    directories = {}
    while pending:
        ready, pending = ray.wait(pending, num_returns=1)
        index, directory, code, stderr = ray.get(ready[0])
        if code != 0:
            print("shard %d failed (exit %d):\n%s" % (index, code, stderr), file=sys.stderr)
            sys.exit(1)
        directories[index] = directory
        print("shard %d/%d done (%d of %d, %.1f s)" % (index, args.shards, len(directories), args.shards, time.time() - started),
              file=sys.stderr)
    merge = subprocess.run([binary, "sweep", "merge", *[directories[i] for i in sorted(directories)], "--out", out],
                           capture_output=True, text=True)
    if merge.returncode != 0:
        print("merge failed:\n" + merge.stderr, file=sys.stderr)
        sys.exit(1)
    print(merge.stdout.strip())


if __name__ == "__main__":
    main()
