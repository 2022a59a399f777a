import Foundation

/// Locations of the real data tests run on: the repository, and the git-ignored cache that
/// `scripts/fetch-weights` and `scripts/fetch-photos` fill (`$EFF_CACHE`, default `<repo>/.cache`).
public enum Fixtures {
    /// A fixture is missing; the message says which script provides it.
    public struct Missing: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// The repository root.
    public static let repository: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// The cache folder.
    public static var cache: URL {
        if let path = ProcessInfo.processInfo.environment["EFF_CACHE"], !path.isEmpty {
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        return repository.appendingPathComponent(".cache", isDirectory: true)
    }

    /// The real `.pth` weights of `variant` (`lite0`…`lite2`).
    public static func torchWeights(_ variant: String) throws -> URL {
        let folder = cache.appendingPathComponent("weights")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        guard let name = names.sorted().first(where: { $0.hasPrefix("efficientnet-\(variant)-") && $0.hasSuffix(".pth") }) else {
            throw Missing(description: "no \(variant) weights in \(folder.path): run scripts/fetch-weights")
        }
        return folder.appendingPathComponent(name)
    }

    /// A photo from `scripts/fetch-photos` (`set` is `evaluation` or `calibration`).
    public static func photo(_ name: String, set: String = "evaluation") throws -> URL {
        let url = cache.appendingPathComponent("photos/\(set)/\(name).npy")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw Missing(description: "no photo \(url.path): run scripts/fetch-photos")
        }
        return url
    }

    /// A fresh temporary directory; remove it when done.
    public static func temporaryDirectory(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A built executable of this package (next to the running test bundle).
    public static func executable(_ name: String) -> URL {
        let bundle = Bundle.main.bundleURL
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name),
            bundle.deletingLastPathComponent().appendingPathComponent(name),
            bundle.appendingPathComponent(name),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }
}
