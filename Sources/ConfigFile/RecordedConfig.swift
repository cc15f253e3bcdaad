import Engine
import Journal

extension ConfigFile {
    /// The config a journal was recorded with (its header's `config` TOML), if any.
    /// Throws when the journal cannot be opened or its header's config does not parse.
    public static func recordedConfig(of path: String) throws -> EngineConfig? {
        let reader = try JournalReader(path: path)
        guard let text = reader.metadata.config else { return nil }
        return try ConfigFile.parse(text, source: "\(path) (header)")
    }
}
