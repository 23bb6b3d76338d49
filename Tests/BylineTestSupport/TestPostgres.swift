import Foundation
public import BylineStore
import BylinePostgres
import Logging
import PostgresNIO
public import Testing

/// The PostgreSQL server the tests use: `BYLINE_TEST_POSTGRES_URL`
/// (`postgres://user@127.0.0.1:port/database`), which `.ci/run` sets after starting a throwaway
/// server (`scripts/start-test-postgres`).
///
/// Tests that need it are enabled only when it is set, with a visible message otherwise:
/// `@Test(.enabled(if: TestPostgres.available, TestPostgres.missingMessage))`.
public enum TestPostgres {
    /// The server's URL, when set.
    public static var url: String? {
        guard let url = ProcessInfo.processInfo.environment["BYLINE_TEST_POSTGRES_URL"], !url.isEmpty else { return nil }
        return url
    }

    /// Whether a test server is configured.
    public static var available: Bool { url != nil }

    /// The message a skipped test shows.
    public static let missingMessage: Comment =
        "skipped: BYLINE_TEST_POSTGRES_URL is not set (.ci/run sets it; scripts/start-test-postgres starts a server by hand)"

    /// Creates a new empty database on the test server (or the server of `server`, a database
    /// URL) and returns its URL, so that each test has a store of its own.
    ///
    /// - Throws: when no server is configured or it refuses.
    public static func freshDatabase(on server: String? = nil) async throws -> String {
        guard let url = server ?? url, var components = URLComponents(string: url) else {
            throw PostgresTestError("BYLINE_TEST_POSTGRES_URL is not set")
        }
        let name = "byline_t_" + UUID().uuidString.prefix(13).lowercased().replacingOccurrences(of: "-", with: "")
        try await execute("CREATE DATABASE \(name)", in: url)
        components.path = "/" + name
        // The test server has no TLS: saying so spares every connection loading the system's
        // trust store (libpq's default, `prefer`, would try TLS first).
        components.queryItems = [URLQueryItem(name: "sslmode", value: "disable")]
        return components.string ?? url
    }

    /// A fresh database (``freshDatabase(on:)``) with the schema `migrations` make, each recorded
    /// as applied as the store records it, then `rows` (SQL statements) run, and the id sequences
    /// of `feed`, `pull`, `item` and `item_version` set past the rows' ids: a store made before a
    /// later migration, for the test of that migration. Returns its URL.
    public static func database(applying migrations: some Sequence<(identifier: String, sql: String)>, rows: [String]) async throws -> String {
        let url = try await freshDatabase()
        try await execute("CREATE TABLE byline_migrations(identifier TEXT PRIMARY KEY NOT NULL)", in: url)
        for migration in migrations {
            for statement in migration.sql.components(separatedBy: ";\n") where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                try await execute(statement, in: url)
            }
            try await execute("INSERT INTO byline_migrations(identifier) VALUES ('\(migration.identifier)')", in: url)
        }
        for statement in rows { try await execute(statement, in: url) }
        for table in ["feed", "pull", "item", "item_version"] {
            try await execute("SELECT setval(pg_get_serial_sequence('\(table)', 'id'), (SELECT MAX(id) FROM \(table)))", in: url)
        }
        return url
    }

    /// Runs one statement in the database at `url`.
    public static func execute(_ sql: String, in url: String) async throws {
        try await withConnection(to: url) { connection, logger in
            _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        }
    }

    /// The names of the tables in the database at `url`, sorted.
    public static func tables(in url: String) async throws -> [String] {
        try await withConnection(to: url) { connection, logger in
            try await connection.query("""
                SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1
                """, logger: logger).collect().map { try $0.decode(String.self) }
        }
    }

    /// The rows of `sql` in the database at `url`, each column as text (cast each column to
    /// `text` in the query), nil for NULL.
    public static func rows(_ sql: String, in url: String) async throws -> [[String?]] {
        try await withConnection(to: url) { connection, logger in
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).collect().map { row in
                try row.makeRandomAccess().map { try $0.decode(String?.self) }
            }
        }
    }

    /// Runs `body` on a new connection to the database at `url`, then closes it.
    static func withConnection<T: Sendable>(
        to url: String, _ body: (PostgresConnection, Logger) async throws -> T
    ) async throws -> T {
        guard let components = URLComponents(string: url), let host = components.host else {
            throw PostgresTestError("\(url) is not a postgres:// URL")
        }
        let database = String(components.path.drop { $0 == "/" })
        let configuration = PostgresConnection.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: database.isEmpty ? "postgres" : database, tls: .disable)
        var logger = Logger(label: "byline.test.postgres")
        logger.logLevel = .critical
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            let result = try await body(connection, logger)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

/// A test server that is not usable.
public struct PostgresTestError: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// The store back ends a parameterised test runs against: SQLite always, PostgreSQL when the
/// test server is configured (``TestPostgres``).
public enum StoreBackend: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case postgres

    /// The back ends available here.
    public static var available: [StoreBackend] {
        TestPostgres.available ? [.sqlite, .postgres] : [.sqlite]
    }

    public var testDescription: String { rawValue }

    /// A new empty store of this back end: a SQLite file in a new temporary folder, or a new
    /// database on the test server.
    public func freshStore() async throws -> any AnalysisStore {
        switch self {
        case .sqlite:
            let folder = TestFolders.root.appendingPathComponent("byline-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return try Store(path: folder.appendingPathComponent("byline.sqlite").path)
        case .postgres:
            return try await PostgresStore(url: try await TestPostgres.freshDatabase())
        }
    }
}

/// Closes a store made by ``StoreBackend/freshStore()`` (a PostgreSQL store's connections).
public func closeStore(_ store: any IngestStore) async {
    await (store as? PostgresStore)?.close()
}

/// A PostgreSQL server of a test's own (`scripts/start-test-postgres` in a new folder, on a free
/// loopback port), for tests that stop and start it under running clients. Needs Debian's
/// `postgresql` server binaries.
public final class ThrowawayPostgres: Sendable {
    /// The cluster's folder.
    public let folder: URL
    /// The port it listens on (127.0.0.1).
    public let port: Int
    /// `postgres://postgres@127.0.0.1:PORT/byline_test`.
    public let url: String

    static let script = SharedData.packageRoot.appendingPathComponent("scripts/start-test-postgres")

    /// Whether the server binaries are installed (`/usr/lib/postgresql/*/bin/pg_ctl`).
    public static var available: Bool {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        return versions.contains { FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/pg_ctl") }
    }

    /// The message a skipped test shows.
    public static let missingMessage: Comment = "skipped: no PostgreSQL server binaries (apt-get install postgresql)"

    /// Creates a cluster in a new temporary folder and starts it on a free port.
    ///
    /// - Throws: ``PostgresTestError`` when the script fails (its standard error is the message).
    public init() throws {
        folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("byline-pg-\(UUID().uuidString.prefix(8))")
        port = try Self.freePort()
        url = try Self.script([folder.path, String(port)])
    }

    /// Starts the server again after ``halt()`` (same folder, port and databases).
    public func start() throws {
        _ = try Self.script([folder.path, String(port)])
    }

    /// Stops the server (`pg_ctl stop -m fast`: clients are disconnected), keeping its cluster.
    public func halt() throws {
        _ = try Self.script(["--halt", folder.path])
    }

    /// Stops the server and removes its folder.
    public func stop() {
        _ = try? Self.script(["--stop", folder.path])
    }

    /// Runs the script with `arguments`; its standard output, trimmed.
    static func script(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = script
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readToEndClosing(), as: UTF8.self)
        let message = String(decoding: errors.fileHandleForReading.readToEndClosing(), as: UTF8.self)
        guard try process.exitStatus(within: 120) == 0 else {
            throw PostgresTestError("start-test-postgres \(arguments.joined(separator: " ")): \(message)")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A TCP port on 127.0.0.1 that nothing listens on now (the kernel's pick for port 0).
    static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw PostgresTestError("socket() failed") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw PostgresTestError("cannot bind a port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
