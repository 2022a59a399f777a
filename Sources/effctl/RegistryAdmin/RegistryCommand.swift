import ArgumentParser
import Foundation
import RegistryAPI
import RegistryClient

/// `effctl registry …`: operations on the registry itself.
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "Operate the registry itself.",
        subcommands: [RegistryBackupCommand.self]
    )
}

/// `effctl registry backup --out FILE`: an online backup of the registry's database.
struct RegistryBackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the registry's database while it serves (SQLite online backup) to FILE.",
        discussion:
            "Restore: stop the registry, replace DATA/registry.sqlite with FILE (remove registry.sqlite-wal and -shm), start it. See "
            + "Docs/OPERATIONS.md."
    )

    @OptionGroup var registry: RegistryOptions
    @Option(help: "Where to write the backup.") var out: String
    @Flag(help: "Replace --out if it exists.") var force = false

    /// `--out` is checked before the registry is asked for anything: its folder must exist and be
    /// writable, and an existing file is replaced only with --force.
    func validate() throws {
        let url = URL(fileURLWithPath: out)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else { throw ValidationError("--out \(out) is a folder: name the backup file") }
            guard force else { throw ValidationError("--out \(out) exists: pass --force to replace it") }
        }
        let folder = url.deletingLastPathComponent().path
        guard FileManager.default.isWritableFile(atPath: folder) else {
            throw ValidationError("--out: cannot write in \(folder) (missing, or not writable)")
        }
    }

    func run() async throws {
        let backup = try await registry.client().backup(to: out)
        print("backup \(backup.id): \(backup.sizeBytes) bytes, sha256 \(backup.sha256), written to \(out)")
    }
}
