import Foundation
import PostgresNIO
import RegistryStore

/// Where a registry's PostgreSQL database is: `postgres://USER@HOST:PORT/DATABASE`, optionally
/// `?sslmode=disable|prefer|require` (default `prefer`) or `?host=/DIR` for the server's Unix
/// socket in DIR (then HOST is ignored). The password never appears in the URL (URLs end up in
/// process lists and shell history); it comes from a file or the environment.
public struct PostgresURL: Hashable, Sendable, CustomStringConvertible {
    public enum TLSMode: String, Hashable, Sendable { case disable, prefer, require }

    public var user: String
    public var host: String
    public var port: Int
    public var database: String
    public var tls: TLSMode
    /// A folder holding the server's socket (`.s.PGSQL.PORT`), instead of TCP.
    public var socketDirectory: String?

    /// Parses `text`; throws ``RegistryStore/StoreError`` `invalid` with one line saying what is wrong.
    public init(_ text: String) throws {
        func invalid(_ reason: String) -> StoreError {
            StoreError(.invalid, "--database must be postgres://USER@HOST:PORT/DATABASE: \(reason) in '\(text)'")
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme else { throw invalid("not a URL") }
        guard scheme == "postgres" || scheme == "postgresql" else { throw invalid("the scheme is '\(scheme)', not postgres") }
        guard components.password == nil else {
            throw StoreError(
                .invalid,
                "--database must not hold a password (it would be visible to every user of this machine): pass --database-password-file "
                    + "FILE or set EFF_DATABASE_PASSWORD")
        }
        guard let user = components.user, !user.isEmpty else { throw invalid("no user") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw invalid("no database name") }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        if let unknown = query.keys.first(where: { $0 != "sslmode" && $0 != "host" }) { throw invalid("unknown parameter '\(unknown)'") }
        guard let tls = TLSMode(rawValue: query["sslmode"] ?? "prefer") else {
            throw invalid("sslmode must be disable, prefer or require")
        }
        let socketDirectory = query["host"].flatMap { $0.isEmpty ? nil : $0 }
        guard let host = components.host.map({ $0.removingPercentEncoding ?? $0 }), !host.isEmpty || socketDirectory != nil else {
            throw invalid("no host")
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw invalid("port \(port) is out of range") }
        self.user = user.removingPercentEncoding ?? user
        self.host = host
        self.port = port
        self.database = database.removingPercentEncoding ?? database
        self.tls = tls
        self.socketDirectory = socketDirectory
    }

    /// The same server and user, another database.
    public func with(database: String) -> PostgresURL {
        var url = self
        url.database = database
        return url
    }

    /// The client configuration, with `password` if the server asks for one.
    public func configuration(password: String?) -> PostgresClient.Configuration {
        if let socketDirectory {
            return PostgresClient.Configuration(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: user, password: password, database: database)
        }
        let tls: PostgresClient.Configuration.TLS =
            switch self.tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        return PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
    }

    /// The configuration of a single connection (to check that the server answers and accepts
    /// the credentials before a pool is started), with `password` if the server asks for one.
    public func connectionConfiguration(password: String?) throws -> PostgresConnection.Configuration {
        if let socketDirectory {
            return PostgresConnection.Configuration(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: user, password: password, database: database)
        }
        let tls: PostgresConnection.Configuration.TLS =
            switch self.tls {
            case .disable: .disable
            case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        return PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
    }

    public var description: String {
        var text = "postgres://\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)"
        var parameters: [String] = []
        if tls != .prefer { parameters.append("sslmode=\(tls.rawValue)") }
        if let socketDirectory { parameters.append("host=\(socketDirectory)") }
        if !parameters.isEmpty { text += "?" + parameters.joined(separator: "&") }
        return text
    }
}
