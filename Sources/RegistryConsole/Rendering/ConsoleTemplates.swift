import Foundation
import HTTPTypes
import Mustache

/// The console's Mustache templates, `Sources/RegistryConsole/Templates/*.mustache` (one per page,
/// each filling the blocks of `layout.mustache`), and its two static assets,
/// `Sources/RegistryConsole/Assets/console.css` and `console.js`. They ship as the module's
/// resources (`EffFleet_RegistryConsole.resources` beside the `effregistry` binary).
struct ConsoleTemplates: Sendable {
    /// A static file the pages link to.
    struct Asset: Sendable {
        var contentType: String
        var bytes: [UInt8]
    }

    private let library: Result<MustacheLibrary, ConsoleError>
    let assets: [String: Asset]

    /// The templates and assets bundled with the module: SwiftPM's resource folder of this module
    /// beside the running executable. Looked up by hand rather than through `Bundle.module`, which
    /// stops the process when the folder is missing; here the console answers 500 saying so and the
    /// API keeps working.
    static let bundled: ConsoleTemplates = {
        let beside = Bundle.main.bundleURL
        let root = ["EffFleet_RegistryConsole.resources", "EffFleet_RegistryConsole.bundle"].lazy
            .compactMap { Bundle(path: beside.appendingPathComponent($0).path)?.resourceURL }
            .first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("Templates").path) }
        guard let root else {
            return ConsoleTemplates(
                failure: "the console's templates are missing: install EffFleet_RegistryConsole.resources beside \(beside.path)")
        }
        return ConsoleTemplates(templates: root.appendingPathComponent("Templates"), assets: root.appendingPathComponent("Assets"))
    }()

    /// Reads every `*.mustache` file in `templates` and every file in `assets`. A template that
    /// does not parse makes every page answer 500 with its name; the registry's API is unaffected.
    init(templates: URL, assets: URL) {
        do {
            var library = MustacheLibrary()
            for file in try FileManager.default.contentsOfDirectory(at: templates, includingPropertiesForKeys: nil)
            where file.pathExtension == "mustache" {
                let text = try String(contentsOf: file, encoding: .utf8)
                do {
                    try library.register(text, named: file.deletingPathExtension().lastPathComponent)
                } catch {
                    throw ConsoleError(.internalServerError, "console template \(file.lastPathComponent) does not parse: \(error)")
                }
            }
            self.library = .success(library)
        } catch {
            self.library = .failure(ConsoleError(error as? ConsoleError ?? ConsoleError(.internalServerError, "\(error)")))
        }
        let files = (try? FileManager.default.contentsOfDirectory(at: assets, includingPropertiesForKeys: nil)) ?? []
        self.assets = Dictionary(
            files.compactMap { file in
                guard let data = try? Data(contentsOf: file) else { return nil }
                let type = file.pathExtension == "css" ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8"
                return (file.lastPathComponent, Asset(contentType: type, bytes: Array(data)))
            }, uniquingKeysWith: { first, _ in first })
    }

    private init(failure: String) {
        library = .failure(ConsoleError(.internalServerError, failure))
        assets = [:]
    }

    /// `object` rendered with the template `name`.
    func render(_ object: Any, template name: String) throws(ConsoleError) -> String {
        let library = try library.get()
        guard let html = library.render(object, withTemplate: name) else {
            throw ConsoleError(.internalServerError, "no console template '\(name)'")
        }
        return html
    }
}
