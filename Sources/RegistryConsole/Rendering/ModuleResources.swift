import Foundation

/// A SwiftPM module's resource folder beside the running executable (`<Package>_<Module>.resources`,
/// or `.bundle`), looked up by hand rather than through `Bundle.module`, which stops the process when
/// the folder is missing: the registry then answers 500 on what needs it, saying so, and the rest works.
public enum ModuleResources {
    /// The executable's folder, where the resource folders are installed.
    public static var executableFolder: URL { Bundle.main.bundleURL }

    /// The resource folder of `module` (`EffFleet_RegistryConsole`) that holds `entry`; nil when it is missing.
    public static func folder(of module: String, containing entry: String) -> URL? {
        ["\(module).resources", "\(module).bundle"].lazy
            .compactMap { Bundle(path: executableFolder.appendingPathComponent($0).path)?.resourceURL }
            .first { FileManager.default.fileExists(atPath: $0.appendingPathComponent(entry).path) }
    }
}
