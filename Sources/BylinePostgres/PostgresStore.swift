import Foundation
public import BylineStore
import Logging
import PostgresNIO

/// Byline's store in a PostgreSQL database: the ingest side (outlets, feeds and their schedule,
/// the pull log, items and item versions), shared by several `byline run` workers.
///
/// The schema is SQLite's in PostgreSQL's dialect (``PostgresSchema``), brought up to date on
/// open under an advisory lock, so that workers starting together migrate once. Every pull is
/// recorded in one transaction with the same rules as ``BylineStore/Store/record(_:)``. Due
/// feeds are shared out with leases (``lease(feedIDs:owner:now:until:isDue:)``): rows locked with
/// `SELECT ... FOR UPDATE SKIP LOCKED`, a `lease_until` after which a killed worker's feeds are
/// taken over, and the lease ended by the transaction that records the pull.
///
/// Connections come from postgres-nio's pool, which reconnects after the server restarts.
/// Call ``close()`` when done.
public final class PostgresStore: IngestStore {
    /// The database, as given.
    public let database: PostgresLocation
    /// Whether this store was opened read-only: every write throws
    /// ``BylineStore/StoreError/readOnly(path:)``.
    public let isReadOnly: Bool
    let client: PostgresClient
    let runner: Task<Void, Never>
    let logger: Logger

    /// The URL without its password.
    public var location: String { database.description }

    /// True: several workers share the schedule through leases.
    public var sharesSchedule: Bool { true }

    /// The advisory lock key (`pg_advisory_xact_lock`) held while migrating: "bylineMG" as bytes.
    static let migrationLock: Int64 = 0x62796C696E654D47

    /// Opens the database at `url` and brings its schema up to date.
    ///
    /// A read-only open (`readOnly`) creates and migrates nothing: the database must hold this
    /// build's schema, and every write throws ``BylineStore/StoreError/readOnly(path:)``.
    ///
    /// - Parameters:
    ///   - url: `postgres://user[:password]@host[:port]/database` (see ``PostgresLocation``).
    ///   - readOnly: Open without writing anything; false by default.
    /// - Throws: ``BylineStore/StoreError/postgres(url:message:)`` when the URL is not usable or
    ///   the server cannot be reached or refuses the login; ``BylineStore/StoreError/notADatabase(path:)``
    ///   when the database holds other tables and no Byline schema (nothing is written then);
    ///   ``BylineStore/StoreError/newerSchema(path:)`` when a newer Byline migrated it;
    ///   ``BylineStore/StoreError/olderSchema(path:)`` when opened read-only and an older Byline
    ///   migrated it (an empty database is ``BylineStore/StoreError/notADatabase(path:)`` then).
    public init(url: String, readOnly: Bool = false) async throws(StoreError) {
        database = try PostgresLocation(url: url)
        isReadOnly = readOnly
        var logger = Logger(label: "byline.postgres")
        logger.logLevel = .critical
        self.logger = logger
        let client = PostgresClient(configuration: database.clientConfiguration, backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
        do {
            // One direct connection first: a server that cannot be reached, a refused login or
            // a missing database is reported at once with the server's words (the pool would
            // retry behind a circuit breaker).
            let connection = try await PostgresConnection.connect(configuration: try database.connectionConfiguration(), id: 0,
                                                                  logger: logger)
            do {
                try await migrate(on: connection)
                try await connection.close()
            } catch {
                try? await connection.close()
                throw error
            }
        } catch {
            runner.cancel()
            throw storeError(error)
        }
    }

    deinit {
        runner.cancel()
    }

    /// Closes the connections. The store must not be used afterwards.
    public func close() async {
        runner.cancel()
        _ = await runner.value
    }

    /// Checks that the database is empty or a Byline one this build reads, then applies the
    /// migrations it lacks, in one transaction under an advisory lock.
    private func migrate(on connection: PostgresConnection) async throws {
        let location = self.location
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: self.logger)
            let tables = try await self.strings(connection, """
                SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()
                """)
            if (!tables.isEmpty || self.isReadOnly) && !tables.contains("byline_migrations") {
                throw StoreError.notADatabase(path: location)
            }
            if self.isReadOnly {
                let applied = Set(try await self.strings(connection, "SELECT identifier FROM byline_migrations"))
                let known = Set(PostgresSchema.migrations.map(\.identifier))
                if !applied.isSubset(of: known) { throw StoreError.newerSchema(path: location) }
                if applied != known { throw StoreError.olderSchema(path: location) }
                return
            }
            try await connection.query("CREATE TABLE IF NOT EXISTS byline_migrations(identifier TEXT PRIMARY KEY NOT NULL)",
                                       logger: self.logger)
            let applied = Set(try await self.strings(connection, "SELECT identifier FROM byline_migrations"))
            let known = Set(PostgresSchema.migrations.map(\.identifier))
            if !applied.isSubset(of: known) { throw StoreError.newerSchema(path: location) }
            for migration in PostgresSchema.migrations where !applied.contains(migration.identifier) {
                for statement in migration.sql.components(separatedBy: ";\n") {
                    let sql = statement.trimmingCharacters(in: .whitespacesAndNewlines)
                    if sql.isEmpty { continue }
                    try await connection.query(PostgresQuery(unsafeSQL: sql), logger: self.logger)
                }
                try await connection.query("INSERT INTO byline_migrations(identifier) VALUES (\(migration.identifier))",
                                           logger: self.logger)
            }
        }
    }

    // MARK: Running statements

    /// Runs `body` in a transaction, mapping errors to ``BylineStore/StoreError``.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        if isReadOnly { throw StoreError.readOnly(path: location) }
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch {
            throw storeError(error)
        }
    }

    /// Runs `body` on one connection outside a transaction (reads), mapping errors.
    func reading<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw storeError(error)
        }
    }

    /// The rows of `query`, each readable by column name.
    func rows(_ connection: PostgresConnection, _ query: PostgresQuery) async throws -> [Row] {
        try await connection.query(query, logger: logger).collect().map { Row(row: $0.makeRandomAccess()) }
    }

    /// The first row of `query`, or nil.
    func row(_ connection: PostgresConnection, _ query: PostgresQuery) async throws -> Row? {
        try await rows(connection, query).first
    }

    /// The first column of each row of `query`, as text.
    func strings(_ connection: PostgresConnection, _ query: PostgresQuery) async throws -> [String] {
        try await connection.query(query, logger: logger).collect().map { try $0.makeRandomAccess()[0].decode(String.self) }
    }

    /// Runs a statement that returns no rows.
    func execute(_ connection: PostgresConnection, _ query: PostgresQuery) async throws {
        try await connection.query(query, logger: logger)
    }

    /// One row of a result, read by column name.
    struct Row {
        let row: PostgresRandomAccessRow

        /// The value of column `name`.
        subscript<T: PostgresDecodable>(_ name: String) -> T {
            get throws { try row[name].decode(T.self) }
        }
    }

    /// `error` as a ``BylineStore/StoreError``: the server's message (with its detail) when it
    /// sent one, else what the connection says.
    func storeError(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = (error as? PostgresTransactionError)?.closureError as? StoreError { return error }
        return .postgres(url: location, message: Self.message(error))
    }

    /// One line for a postgres-nio error (whose own description hides the server's words).
    static func message(_ error: any Error) -> String {
        if let error = error as? StoreError { return error.description }
        if let error = error as? PostgresTransactionError {
            if let inner = error.closureError ?? error.beginError ?? error.commitError { return message(inner) }
            return "transaction failed"
        }
        if let error = error as? PSQLError {
            if let server = error.serverInfo, let text = server[.message] {
                let detail = server[.detail].map { " (\($0))" } ?? ""
                return text + detail
            }
            if let underlying = error.underlying {
                return error.code == .connectionError ? "cannot connect to the server (\(underlying))" : "\(error.code): \(underlying)"
            }
            return "\(error.code)"
        }
        return "\(error)"
    }
}
