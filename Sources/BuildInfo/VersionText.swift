/// The text `--version` prints, the same for effctl, effagent and effregistry.
public enum VersionText {
    /// One engine backend and why it cannot run here (nil when it can).
    public struct Backend: Sendable {
        public var name: String
        public var unavailability: String?

        public init(name: String, unavailability: String?) {
            self.name = name
            self.unavailability = unavailability
        }
    }

    /// The lines for `program`: its version, the commit it was built from and the engine's backends
    /// (`engine` is nil for a binary that runs no models).
    public static func render(program: String, engine: (version: String, backends: [Backend])?) -> String {
        var lines = ["\(program) \(BuildInfo.version)", "commit: \(BuildInfo.commit)"]
        if let engine {
            let backends = engine.backends.map { backend in
                backend.unavailability.map { "\(backend.name) (unavailable: \($0))" } ?? "\(backend.name)"
            }
            lines.append("engine: \(engine.version), backends: \(backends.joined(separator: ", "))")
        } else {
            lines.append("engine: not in this binary (it runs no models)")
        }
        return lines.joined(separator: "\n")
    }
}
