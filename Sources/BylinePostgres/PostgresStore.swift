import Foundation
public import BylineStore
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import _ConnectionPoolModule

/// Byline's store in a PostgreSQL database, shared by several `byline run` workers: the ingest
/// side (outlets, feeds and their schedule, the pull log, items and item versions,
/// ``BylineStore/IngestStore``) and the analysis side (saved stories, the clusterer's state,
/// embeddings, ``BylineStore/AnalysisStore``).
///
/// The schema is SQLite's in PostgreSQL's dialect (``PostgresSchema``), brought up to date on
/// open under an advisory lock, so that workers starting together migrate once. Every pull is
/// recorded in one transaction with the same rules as ``BylineStore/Store/record(_:)``. Due
/// feeds are shared out with leases (``lease(feedIDs:owner:now:until:isDue:)``): rows locked with
/// `SELECT ... FOR UPDATE SKIP LOCKED`, a `lease_until` after which a killed worker's feeds are
/// taken over, and the lease ended by the transaction that records the pull. One worker at a
/// time runs the analysis stage (``withAnalysisLock(wait:_:)``: a session advisory lock). A
/// store opened read-only starts its sessions with `default_transaction_read_only`, so the
/// server itself refuses any write from a reading command.
///
/// Connections come from postgres-nio's pool. When the connection is lost (the server restarts
/// or goes away for a while), an operation waits for a new connection (the pool holds it for up
/// to 60 s), and every operation but ``lease(feedIDs:owner:now:until:isDue:)`` that fails is
/// tried again with backoff (0.5 s, doubling to 10 s) for up to `reconnectSeconds`; the loss
/// and the reconnection are each said once through `notice`. A
/// retried operation is safe to repeat: a pull is recorded once whatever the number of tries
/// (``record(_:)`` finds a pull of the same feed and time already stored), and the others
/// write what they would write the first time. Call ``close()`` when done.
public final class PostgresStore: IngestStore {
    /// The database, as given.
    public let database: PostgresLocation
    /// Whether this store was opened read-only: every write throws
    /// ``BylineStore/StoreError/readOnly(path:)``.
    public let isReadOnly: Bool
    let client: PostgresClient
    let runner: Task<Void, Never>
    let logger: Logger
    /// How long an operation is retried after the connection is lost, in seconds.
    let reconnectSeconds: Double
    /// The outage in progress, if any, and how it is said.
    let outage: Outage
    /// A read-only store's snapshot (nil read-write): a connection holding a `REPEATABLE READ`
    /// transaction begun when the store was opened, and the id `pg_export_snapshot()` gave it.
    /// Every read runs in a transaction that imports it (`SET TRANSACTION SNAPSHOT`), so the
    /// reads of one command see one state of the database while other processes write.
    let snapshot: (holder: PostgresConnection, id: String)?

    /// The URL without its password.
    public var location: String { database.description }

    /// True: several workers share the schedule through leases.
    public var sharesSchedule: Bool { true }

    /// The advisory lock key (`pg_advisory_xact_lock`) held while migrating: "bylineMG" as bytes.
    static let migrationLock: Int64 = 0x62796C696E654D47

    /// Opens the database at `url` and brings its schema up to date.
    ///
    /// A read-only open (`readOnly`) creates and migrates nothing: the database must hold this
    /// build's schema, and every write throws ``BylineStore/StoreError/readOnly(path:)``. Its
    /// reads all see the database as it was when it was opened (PostgreSQL's exported snapshot,
    /// `pg_export_snapshot()`, held by one connection until ``close()``); when that connection
    /// is lost, reads throw rather than mix two states.
    ///
    /// - Parameters:
    ///   - url: `postgres://user[:password]@host[:port]/database` (see ``PostgresLocation``).
    ///   - readOnly: Open without writing anything; false by default.
    ///   - reconnectSeconds: How long an operation that lost its connection is retried (new
    ///     connections, backoff from 0.5 s doubling to 10 s) before it throws, in seconds; 300 by
    ///     default. The open itself is not retried.
    ///   - notice: Called with one line when the connection is lost (`<url>: connection lost
    ///     (<reason>); trying again for up to 300 s`) and when it is back (`<url>: reconnected
    ///     after 4.2 s`), once per outage, from any task.
    /// - Throws: ``BylineStore/StoreError/postgres(url:message:)`` when the URL is not usable or
    ///   the server cannot be reached or refuses the login; ``BylineStore/StoreError/notADatabase(path:)``
    ///   when the database holds other tables and no Byline schema (nothing is written then);
    ///   ``BylineStore/StoreError/newerSchema(path:)`` when a newer Byline migrated it;
    ///   ``BylineStore/StoreError/olderSchema(path:)`` when opened read-only and an older Byline
    ///   migrated it (an empty database is ``BylineStore/StoreError/notADatabase(path:)`` then).
    public init(url: String, readOnly: Bool = false, reconnectSeconds: Double = 300,
                notice: @escaping @Sendable (String) -> Void = { _ in }) async throws(StoreError) {
        database = try PostgresLocation(url: url)
        isReadOnly = readOnly
        self.reconnectSeconds = reconnectSeconds
        outage = Outage(notice: notice)
        var logger = Logger(label: "byline.postgres")
        logger.logLevel = .critical
        self.logger = logger
        let client = PostgresClient(configuration: database.clientConfiguration(readOnly: readOnly), backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
        if readOnly {
            let location = database.description
            do {
                let holder = try await PostgresConnection.connect(configuration: try database.connectionConfiguration(readOnly: true),
                                                                  id: 1, logger: logger)
                snapshot = (holder, try await Self.exportSnapshot(on: holder, location: location, logger: logger))
            } catch {
                runner.cancel()
                throw Self.storeError(error, location: location)
            }
        } else {
            snapshot = nil
        }
        do {
            // One direct connection first: a server that cannot be reached, a refused login or
            // a missing database is reported at once with the server's words (the pool would
            // retry behind a circuit breaker).
            let connection = try await PostgresConnection.connect(configuration: try database.connectionConfiguration(readOnly: readOnly),
                                                                  id: 0, logger: logger)
            do {
                try await migrate(on: connection)
                try await connection.close()
            } catch {
                try? await connection.close()
                throw error
            }
        } catch {
            if let snapshot { try? await snapshot.holder.close() }
            runner.cancel()
            throw storeError(error)
        }
    }

    /// Begins a read-only `REPEATABLE READ` transaction on `connection` and returns the id of its
    /// snapshot (`pg_export_snapshot()`), which other sessions can import while the transaction
    /// stays open. Closes the connection when it fails.
    private static func exportSnapshot(on connection: PostgresConnection, location: String, logger: Logger) async throws -> String {
        do {
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            var id = ""
            for try await row in try await connection.query("SELECT pg_export_snapshot()", logger: logger) {
                id = try row.decode(String.self)
            }
            // The id goes into a statement's text (SET takes no parameters): hex digits and
            // dashes only, as PostgreSQL writes it ("00000003-0000001B-1").
            guard !id.isEmpty, id.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
                throw StoreError.postgres(url: location, message: "unexpected snapshot id \(id)")
            }
            return id
        } catch {
            try? await connection.close()
            throw error
        }
    }

    deinit {
        snapshot?.holder.close().whenComplete { _ in }
        runner.cancel()
    }

    /// Closes the connections (a read-only store's snapshot with them). The store must not be
    /// used afterwards.
    public func close() async {
        if let snapshot { try? await snapshot.holder.close() }
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

    /// Runs `body` in a transaction, mapping errors to ``BylineStore/StoreError``; after a lost
    /// connection the whole transaction is run again (``retrying(_:_:)``) unless `retries` is false.
    func transaction<T: Sendable>(retries: Bool = true,
                                  _ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        if isReadOnly { throw StoreError.readOnly(path: location) }
        return try await retrying(retries) {
            try await self.client.withTransaction(logger: self.logger) { connection in try await body(connection) }
        }
    }

    /// Runs `body` on one connection outside a transaction (reads), mapping errors; retried
    /// after a lost connection. A read-only store reads in its ``snapshot`` instead
    /// (``readingConsistently(_:)``).
    func reading<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        if snapshot != nil { return try await readingConsistently(body) }
        return try await retrying(true) {
            try await self.client.withConnection { connection in try await body(connection) }
        }
    }

    /// Runs `body` on one connection in one read-only transaction of isolation level
    /// `REPEATABLE READ` (every statement sees the same snapshot, so rows read by two statements
    /// agree while another process writes; a read-only store's ``snapshot``, so all its reads
    /// agree), mapping errors; retried after a lost connection.
    func readingConsistently<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        try await retrying(true) {
            try await self.client.withConnection { connection in
                try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
                do {
                    if let snapshot = self.snapshot {
                        try await connection.query(PostgresQuery(unsafeSQL: "SET TRANSACTION SNAPSHOT '\(snapshot.id)'"), logger: self.logger)
                    }
                    let result = try await body(connection)
                    try await connection.query("COMMIT", logger: self.logger)
                    return result
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: self.logger)
                    throw error
                }
            }
        }
    }

    /// Runs `attempt`; when it fails because the connection was lost (``isConnectionLoss(_:)``)
    /// and `retries`, runs it again after 0.5 s, doubling to 10 s, until it succeeds or
    /// ``reconnectSeconds`` have passed (then the last error is thrown), or the task is cancelled.
    /// The outage is said once when it starts and once when an operation succeeds again.
    private func retrying<T: Sendable>(_ retries: Bool, _ attempt: () async throws -> T) async throws(StoreError) -> T {
        let start = ContinuousClock.now
        var delay = 0.5
        // Said whichever operation meets the outage first: one that is not retried here (a
        // lease) is asked again by its caller, and every other operation is retried this long.
        let retryNote = "trying again for up to \(Self.seconds(reconnectSeconds)) s"
        while true {
            let watchdog = watch(retrying: retryNote)
            do {
                let result = try await attempt()
                watchdog.cancel()
                await outage.ended(location)
                return result
            } catch {
                watchdog.cancel()
                guard Self.isConnectionLoss(error) else { throw storeError(error) }
                let waited = ContinuousClock.now - start
                await outage.began(location, reason: Self.message(error), retrying: retryNote)
                guard retries, waited + .seconds(delay) <= .seconds(reconnectSeconds) else { throw storeError(error) }
                do { try await Task.sleep(for: .seconds(delay)) } catch { throw storeError(error) }
                delay = min(delay * 2, 10)
            }
        }
    }

    /// A task that, when an operation has waited 2 s, tries one direct connection to the server
    /// and begins the outage when it cannot connect: postgres-nio's pool holds a request while it
    /// cannot connect (up to 60 s, then it fails it), so a server that went away would otherwise
    /// go unsaid. Cancel it when the operation ends.
    private func watch(retrying: String) -> Task<Void, Never> {
        Task { [database, logger, outage, location] in
            do { try await Task.sleep(for: .seconds(2)) } catch { return }
            guard await !outage.inProgress else { return }
            do {
                let connection = try await PostgresConnection.connect(configuration: try database.connectionConfiguration(), id: 0,
                                                                      logger: logger)
                try? await connection.close()
            } catch {
                guard !Task.isCancelled, Self.isConnectionLoss(error) else { return }
                await outage.began(location, reason: Self.message(error), retrying: retrying)
            }
        }
    }

    /// Whether `error` says the connection to the server was lost or cannot be made (the
    /// server stopped, restarts or refuses connections while starting), as opposed to a
    /// statement the server refused: then the operation may succeed on a new connection.
    static func isConnectionLoss(_ error: any Error) -> Bool {
        if let error = error as? PostgresTransactionError {
            return [error.beginError, error.closureError, error.commitError].contains { $0.map(isConnectionLoss) ?? false }
        }
        // The pool gives up on a request after failing to connect for 15 s (its circuit breaker).
        if let error = error as? ConnectionPoolError { return error == .connectionCreationCircuitBreakerTripped }
        guard let error = error as? PSQLError else { return false }
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            return true
        case .server:
            // Class 08 (connection exception) and 57P (operator intervention: admin or crash
            // shutdown, cannot connect now), PostgreSQL manual, Appendix A.
            let state = error.serverInfo?[.sqlState] ?? ""
            return state.hasPrefix("08") || state.hasPrefix("57P")
        default:
            return false
        }
    }

    /// `300`, `0.5`: seconds for a message.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// The outage of a store's connection in progress: when it began, so that it is said once
    /// when it begins and once when it ends, however many operations run into it.
    actor Outage {
        let notice: @Sendable (String) -> Void
        private var since: ContinuousClock.Instant?

        /// Whether an outage is in progress.
        var inProgress: Bool { since != nil }

        init(notice: @escaping @Sendable (String) -> Void) {
            self.notice = notice
        }

        /// An operation lost its connection: said when no outage is in progress.
        func began(_ location: String, reason: String, retrying: String) {
            guard since == nil else { return }
            since = .now
            notice("\(location): connection lost (\(reason)); \(retrying)")
        }

        /// An operation succeeded: the outage in progress, if any, is over.
        func ended(_ location: String) {
            guard let since else { return }
            self.since = nil
            let elapsed = ContinuousClock.now - since
            let tenths = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            notice("\(location): reconnected after \(String(format: "%.1f", tenths)) s")
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
        Self.storeError(error, location: location)
    }

    /// ``storeError(_:)`` for the database at `location` (before a store exists).
    static func storeError(_ error: any Error, location: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = (error as? PostgresTransactionError)?.closureError as? StoreError { return error }
        return .postgres(url: location, message: message(error))
    }

    /// Why a connection could not be made, one short clause with the address where NIO names
    /// it: `127.0.0.1:1: Connection refused` (the system's words for the last address tried),
    /// `db.example:5432: the name does not resolve (Name or service not known)`,
    /// `10.0.0.9:5432: no answer within 10 s`, `the server closed the connection before
    /// answering`; never a dump of NIO's error values (a case name is said in words).
    static func connectReason(_ error: any Error) -> String {
        /// A Swift case name as words (`serverClosedConnection`: `server closed connection`);
        /// other text up to its first `(`, where a value dump would begin.
        func words(_ text: String) -> String {
            let head = text.prefix { $0 != "(" }
            guard !head.isEmpty, head.allSatisfy({ $0.isLetter || $0.isNumber }) else { return String(head.isEmpty ? text[...] : head) }
            return head.reduce(into: "") { out, character in
                if character.isUppercase, !out.isEmpty { out += " " + character.lowercased() } else { out.append(character) }
            }
        }
        var error = error
        var address = ""
        if let failure = error as? PSQLError {
            switch failure.code {
            case .serverClosedConnection: return "the server closed the connection before answering (is it PostgreSQL?)"
            case .sslUnsupported: return "the server does not accept TLS, which the URL asks for (sslmode)"
            case .authMechanismRequiresPassword: return "the server asks for a password and the URL gives none"
            default: return words("\(failure.code)")
            }
        }
        if let failure = error as? NIOConnectionError {
            if let last = failure.connectionErrors.last {
                error = last.error
                let host = last.target.ipAddress ?? failure.host
                // An IPv6 address in brackets, as in a URL ([::1]:5432).
                address = "\(host.contains(":") ? "[\(host)]" : host):\(last.target.port ?? failure.port): "
            } else if let dns = failure.dnsAError ?? failure.dnsAAAAError {
                let reason = (dns as? SocketAddressError.UnknownHost)?.errorDescription ?? "no address found"
                return "\(failure.host):\(failure.port): the name does not resolve (\(reason))"
            } else {
                return "\(failure.host):\(failure.port): no address to connect to"
            }
        }
        if let failure = error as? IOError { return address + String(cString: strerror(failure.errnoCode)) }
        if let unknown = error as? SocketAddressError.UnknownHost {
            return "\(unknown.host):\(unknown.port): the name does not resolve (\(unknown.errorDescription))"
        }
        if case .connectTimeout(let amount)? = error as? ChannelError {
            return address + "no answer within \(Self.seconds(Double(amount.nanoseconds) / 1e9)) s"
        }
        return address + words(String(describing: error))
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
                return error.code == .connectionError ? "cannot connect to the server (\(connectReason(underlying)))"
                                                      : "\(error.code): \(underlying)"
            }
            return connectReason(error)
        }
        if let error = error as? ConnectionPoolError, error == .connectionCreationCircuitBreakerTripped {
            return "cannot connect to the server"
        }
        return "\(error)"
    }
}
