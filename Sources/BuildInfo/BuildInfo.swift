/// What a binary of this package says about itself under `--version`.
///
/// ``commit`` is written by the build (Plugins/BuildInfoPlugin), never by hand.
public enum BuildInfo {
    /// EffFleet's version.
    public static let version = "0.1.0"
}
