import Foundation
import NIOSSL
import PostgresNIO
public import BylineStore

/// A PostgreSQL database named by a URL: `postgres://user[:password]@host[:port]/database`
/// (`postgresql://` too), the form libpq reads (PostgreSQL manual, 34.1.1 "Connection URIs").
///
/// The user defaults to the operating-system user name, as libpq's does (`NSUserName()`: the
/// effective user's name from the password database, else `$USER`), the port to 5432, the
/// database to the user. A host may be an IPv6 address in brackets (`postgres://u@[::1]:5432/db`).
/// `?sslmode=disable` turns TLS off, `?sslmode=require` (or `verify-full`) requires it; otherwise
/// TLS is used when the server offers it (`prefer`, libpq's default).
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    /// The server's host name or address.
    public var host: String
    /// The server's TCP port.
    public var port: Int
    /// The user to log in as.
    public var user: String
    /// The password, when the URL gives one.
    public var password: String?
    /// The database name.
    public var database: String
    /// `disable`, `prefer` or `require`.
    public var sslMode: String

    /// Whether `text` names a PostgreSQL database (starts with `postgres://` or `postgresql://`)
    /// rather than a SQLite file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Reads a `postgres://` or `postgresql://` URL.
    ///
    /// - Throws: ``BylineStore/StoreError/postgres(url:message:)`` when it is not such a URL or
    ///   has no host.
    public init(url text: String) throws(StoreError) {
        guard Self.isURL(text), let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            throw .postgres(url: Self.withoutPassword(text),
                            message: "not a PostgreSQL URL; use postgres://user@host[:port]/database")
        }
        // An IPv6 address comes in brackets (RFC 3986 section 3.2.2); the connection wants it bare.
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        port = components.port ?? 5432
        user = components.user.flatMap { $0.removingPercentEncoding } ?? NSUserName()
        password = components.password.flatMap { $0.removingPercentEncoding }
        let name = String(components.path.drop { $0 == "/" })
        database = name.isEmpty ? user : (name.removingPercentEncoding ?? name)
        sslMode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
    }

    /// The URL without its password, for messages: `postgres://user@host:port/database`.
    public var description: String {
        "postgres://\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)"
    }

    /// `text` with any password replaced by `***`, for messages about a URL that did not parse
    /// or that Byline does not use: `postgres://u:***@[::1`. A URL that does not parse has its
    /// user information read as what lies between `://` and the last `@`, and everything after
    /// its first `:` is hidden (more than the password, at worst; never less).
    public static func withoutPassword(_ text: String) -> String {
        if var components = URLComponents(string: text) {
            guard components.password != nil else { return text }
            components.password = "***"
            if let string = components.string { return string }
        }
        guard let start = text.range(of: "://")?.upperBound, let at = text[start...].lastIndex(of: "@"),
              let colon = text[start..<at].firstIndex(of: ":") else { return text }
        return String(text[...colon]) + "***" + String(text[at...])
    }

    /// Whether TLS is off, required, or used when offered.
    enum TLSUse { case off, required, preferred }

    var tlsUse: TLSUse {
        switch sslMode {
        case "disable", "allow": .off
        case "require", "verify-ca", "verify-full": .required
        default: .preferred
        }
    }

    /// The run-time parameter a read-only store's sessions start with: every transaction is
    /// read-only (PostgreSQL refuses any write in it), so a reading command cannot write.
    static let readOnlyParameters = [("default_transaction_read_only", "on")]

    /// The configuration of one direct connection to this database; with `readOnly`, its
    /// transactions are read-only (``readOnlyParameters``).
    ///
    /// - Throws: NIOSSL's error when the system's TLS trust store cannot be loaded.
    func connectionConfiguration(readOnly: Bool = false) throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch tlsUse {
        case .off: tls = .disable
        case .required: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .preferred: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password,
                                                             database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        if readOnly { configuration.options.additionalStartupParameters = Self.readOnlyParameters }
        return configuration
    }

    /// The configuration of the connection pool for this database; with `readOnly`, its
    /// transactions are read-only (``readOnlyParameters``).
    func clientConfiguration(readOnly: Bool = false) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch tlsUse {
        case .off: tls = .disable
        case .required: tls = .require(.makeClientConfiguration())
        case .preferred: tls = .prefer(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password,
                                                         database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        if readOnly { configuration.options.additionalStartupParameters = Self.readOnlyParameters }
        return configuration
    }
}
