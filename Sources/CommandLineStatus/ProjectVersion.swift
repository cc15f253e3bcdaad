/// The version the three executables print for `--version` (and write into journal
/// headers as the engine version): one place for all of them.
public enum ProjectVersion {
    /// The release, `MAJOR.MINOR.PATCH`.
    public static let current = "0.1.0"
}
