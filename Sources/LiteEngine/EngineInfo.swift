/// Facts about this engine build, reported by agents and stamped on benchmark results.
public enum EngineInfo {
    /// The engine's version.
    public static let version = "0.1.0"
}
