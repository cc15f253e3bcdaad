import Testing

/// The test tiers. Every suite carries one tier tag (`unit`, `integration` or `endToEnd`)
/// and, when it needs a program the project does not build, `needsExternalTool` too.
///
/// `scripts/test-fast` runs the fast tier: everything except `endToEnd` and
/// `needsExternalTool` (`swift test --skip tag:endToEnd --skip tag:needsExternalTool`).
/// `swift test` runs everything.
extension Tag {
    /// In-process tests of one module's types: no files outside a temporary directory, no
    /// child processes, well under a second each.
    @Tag public static var unit: Tag
    /// In-process tests across modules or over the recordings and fixtures on disk
    /// (replays, journals, simulated sessions).
    @Tag public static var integration: Tag
    /// Tests that start the built executables (`mm-replay`, `mm-live`, `hl-sim`) or other
    /// child processes.
    @Tag public static var endToEnd: Tag
    /// Tests that need a tool the project does not build: Chromium, Python with the
    /// Hyperliquid SDK or Ray, the `zstd`/`lz4`/`gzip`/`curl` command-line tools.
    /// `scripts/install-deps.sh` installs them; the tests fail (not skip) without them.
    @Tag public static var needsExternalTool: Tag
}
