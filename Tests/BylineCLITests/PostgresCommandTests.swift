import BylinePostgres
import BylineTestSupport
import Foundation
import Testing

/// `--db postgres://...` as a user gives it: every command stores into or reads PostgreSQL, and
/// a server that cannot be reached is one line without the password.
@Suite(.enabled(if: CLI.available, "skipped: .build/debug/byline is not built"))
struct PostgresCommandTests {
    @Test(arguments: [["report"], ["stories"], ["outlets"], ["compare", "1"], ["analyze"]])
    func aStoryCommandOnAnUnreachableServerIsOneLine(_ command: [String]) throws {
        let folder = try CLI.temporaryFolder()
        let outcome = try CLI.run(command + ["--db", "postgres://reader:secret@127.0.0.1:1/byline"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("byline: postgres://reader@127.0.0.1:1/byline: cannot connect to the server"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(!outcome.stderr.contains("secret"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func aLeaseUnderOneSecondIsRefused() throws {
        let folder = try CLI.temporaryFolder()
        let outcome = try CLI.run(["run", "--lease", "0", "--db", "postgres://writer@127.0.0.1:1/byline"], in: folder)
        #expect(outcome.status == 64)
        #expect(outcome.stderr.hasPrefix("Error: --lease must be at least 1 second\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// A lease no longer than the pull timeout would let a second worker lease a feed whose pull
    /// is still running; a timeout under a second is refused on any store.
    @Test(arguments: [
        (["run", "--lease", "30", "--db", "postgres://writer@127.0.0.1:1/byline"],
         "Error: --lease (30 s) must be longer than --timeout (30 s), the longest a pull may take\n"),
        (["run", "--lease", "120", "--timeout", "200", "--db", "postgres://writer@127.0.0.1:1/byline"],
         "Error: --lease (120 s) must be longer than --timeout (200 s), the longest a pull may take\n"),
        (["pull", "--timeout", "0"], "Error: --timeout must be at least 1 second\n"),
    ])
    func aLeaseWithinThePullTimeoutIsRefused(arguments: [String], error: String) throws {
        let folder = try CLI.temporaryFolder()
        let outcome = try CLI.run(arguments, in: folder)
        #expect(outcome.status == 64)
        #expect(outcome.stderr.hasPrefix(error))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func anUnreachableServerIsOneLineWithoutThePassword() throws {
        let folder = try CLI.temporaryFolder()
        let archive = SharedData.packageRoot.appendingPathComponent("Tests/BylinePipelineTests/Fixtures/archive")
        let outcome = try CLI.run(["import", archive.path, "--db", "postgres://writer:secret@127.0.0.1:1/byline"], in: folder)
        #expect(outcome.status == 1)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.last?.hasPrefix("byline: postgres://writer@127.0.0.1:1/byline: cannot connect to the server") == true)
        #expect(!outcome.stderr.contains("secret"))
    }

    /// A connect error is one line that names the address and what failed, in words, never
    /// NIO's values (`NIOConnectionError(...)`, `SocketAddressError.UnknownHost: ...`).
    @Test(arguments: [
        ("postgres://writer@127.0.0.1:1/byline", "cannot connect to the server (127.0.0.1:1: Connection refused)"),
        // `.invalid` never resolves (RFC 6761); the resolver's words differ by machine.
        ("postgres://writer@no-such-host.invalid:5432/byline", "cannot connect to the server (no-such-host.invalid:5432: the name does not resolve ("),
        // An IPv6 address in brackets is an address, not a name to resolve.
        ("postgres://writer@[::1]:1/byline", "cannot connect to the server ([::1]:1: Connection refused)"),
    ])
    func aConnectErrorNamesTheAddressAndWhatFailed(url: String, reason: String) throws {
        let folder = try CLI.temporaryFolder()
        let outcome = try CLI.run(["feeds", "list", "--db", url], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("byline: \(url): \(reason)"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(!outcome.stderr.contains("Error(") && !outcome.stderr.contains("SocketAddressError"))
    }

    /// A URL without a user logs in as the operating-system user, as libpq does, whatever
    /// `$USER` says or when it is unset; the database defaults to the user.
    @Test(arguments: [["-u", "USER"], ["USER=someone-else"]])
    func withoutAUserTheOperatingSystemUserLogsIn(environment: [String]) throws {
        let folder = try CLI.temporaryFolder()
        let outcome = try CLI.run(["feeds", "list", "--db", "postgres://127.0.0.1:1"], in: folder,
                                  launcher: ["/usr/bin/env"] + environment)
        let user = NSUserName()
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("byline: postgres://\(user)@127.0.0.1:1/\(user): cannot connect to the server"))
    }

    @Test(.enabled(if: TestPostgres.available, TestPostgres.missingMessage))
    func importStoresTheArchiveInPostgreSQLWithItsStories() async throws {
        let folder = try CLI.temporaryFolder()
        let url = try await TestPostgres.freshDatabase()
        let archive = SharedData.packageRoot.appendingPathComponent("Tests/BylinePipelineTests/Fixtures/archive")
        let first = try CLI.run(["import", archive.path, "--db", url], in: folder)
        #expect(first.status == 0)
        #expect(first.stdout.hasPrefix("imported 6 of 7 snapshots from 3 outlets: 7 new items, 0 new versions;"))
        #expect(first.stdout.contains("\nstories: 7 items placed: "))
        let again = try CLI.run(["import", archive.path, "--db", url], in: folder)
        #expect(again.stdout.hasPrefix("imported 0 of 7 snapshots from 3 outlets: 0 new items, 0 new versions; 7 already stored"))
        #expect(again.stdout.hasSuffix("\nstories: 0 items placed: 0 new stories, 0 merges, 0 splits; 0 stories touched\n"))
        // `feeds` reads the same store without writing: the imported outlets, as such.
        let feeds = try CLI.run(["feeds", "list", "--db", url], in: folder)
        #expect(feeds.status == 0)
        #expect(feeds.stdout == """
            outlet   url              status    last_status_code  last_success          next_due  failures  last_error
            bbc      archive:bbc      imported                    2021-09-18T12:00:00Z            0
            cnn      archive:cnn      imported                    2021-09-18T11:00:00Z            0
            nytimes  archive:nytimes  imported                    2021-09-18T11:30:00Z            0

            """)
    }
}
