import Foundation
import GRDB
import RegistryClient

/// This device's disk is full: the agent says so (and waits for space) instead of blaming the
/// registry or the artifact.
public struct DiskFull: Error, Sendable, CustomStringConvertible {
    /// Where a write failed.
    public var path: String

    public init(path: String) {
        self.path = path
    }

    public var description: String { "disk full at \(path): free space needed" }

    /// The disk-full condition `error` stands for, if it is one: ENOSPC (or a quota) writing a
    /// download, a download that does not fit, or SQLite's "database or disk is full" writing the
    /// database at `databasePath`.
    public init?(_ error: any Error, databasePath: String? = nil) {
        switch error {
        case let full as DiskFull:
            self = full
        case let error as RegistryClientError where error.isDiskFull:
            guard case .file(let path, _) = error else { return nil }
            self.init(path: path)
        case let error as DatabaseError where error.resultCode == .SQLITE_FULL:
            self.init(path: databasePath ?? "the agent's database")
        default:
            return nil
        }
    }
}
