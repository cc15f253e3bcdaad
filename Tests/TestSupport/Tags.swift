import Testing

/// The test tiers. Every suite carries one tier tag (`unit`, `integration` or `endToEnd`)
/// and, when it needs a program the project does not build, `needsExternalTool` too. Write
/// a suite's tags on its `@Suite ... struct` line (and a test's extra tags on its
/// `@Test ... func` line): `scripts/test-fast` reads them from there, and `TagTests`
/// checks it.
///
/// The fast tier (`scripts/test-fast`) is everything except `endToEnd` and
/// `needsExternalTool`: well under a minute after a build. `swift test` runs everything.
extension Tag {
    /// In-process tests of one module's types (no child processes, no long runs).
    @Tag public static var unit: Tag
    /// In-process tests across modules or over the recordings and fixtures on disk
    /// (replays, journals, scenarios, short driver sessions).
    @Tag public static var integration: Tag
    /// Whole runs: tests that start the built executables (`mm-replay`, `mm-live`,
    /// `hl-sim`) or other child processes, and in-process runs of whole simulated live
    /// sessions or sweeps (seconds each).
    @Tag public static var endToEnd: Tag
    /// Tests that need a tool the project does not build: Chromium, Python with the
    /// Hyperliquid SDK or Ray, the `zstd`/`lz4`/`gzip`/`curl` command-line tools.
    /// `scripts/install-deps.sh` installs them; the tests fail (not skip) without them.
    @Tag public static var needsExternalTool: Tag
}
