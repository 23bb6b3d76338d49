import BylineTestSupport
import Foundation
import GRDB
import Hummingbird
import Testing

/// A config refused for a feed the database holds under another outlet writes nothing: a new
/// user's `b.toml` (the feed of `good` listed under `good2`, and a new outlet `newout`) was
/// refused by `pull`, yet `feeds` then listed `newout`'s feed as active, `feeds export` wrote it,
/// and the outlet table held `good2`; with the 38 default outlets plus one, all 38 feeds were
/// stored by the refused pull.
@Suite(.enabled(if: CLI.available, "skipped: .build/debug/byline is not built"))
struct RefusedConfigTests {
    static let rss = """
        <?xml version="1.0"?><rss version="2.0"><channel><title>Good</title>
        <item><guid>g1</guid><title>Parliament passes the budget</title><pubDate>Sat, 18 Sep 2021 09:30:00 GMT</pubDate></item>
        </channel></rss>
        """

    /// The rows of `sql` on the database at `path`, each row's columns joined by a space.
    static func rows(_ sql: String, in path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: sql).map { row in row.databaseValues.map { String.fromDatabaseValue($0) ?? $0.description }.joined(separator: " ") }
        }
    }

    @Test func aRefusedConfigStoresNoOutletOrFeed() async throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await LoopbackServer.with({ router in
            for path in ["/good.xml", "/new.xml"] {
                router.get("\(path)") { _, _ -> Response in
                    Response(status: .ok, headers: [.contentType: "application/rss+xml"],
                             body: .init(byteBuffer: ByteBuffer(string: Self.rss)))
                }
            }
        }) { server in
            let good = server.url("/good.xml"), new = server.url("/new.xml")
            try Data("[[outlet]]\nid = \"good\"\nname = \"Good\"\nfeeds = [\"\(good)\"]\n".utf8)
                .write(to: folder.appendingPathComponent("a.toml"))
            // The new outlet before the renamed one, and after it.
            let renamed = "[[outlet]]\nid = \"good2\"\nname = \"Good again\"\nfeeds = [\"\(good)\"]\n"
            let added = "[[outlet]]\nid = \"newout\"\nname = \"New\"\nfeeds = [\"\(new)\"]\n"
            try Data((renamed + added).utf8).write(to: folder.appendingPathComponent("b.toml"))
            try Data((added + renamed).utf8).write(to: folder.appendingPathComponent("c.toml"))

            let first = try await CLI.runAwaiting(["pull", "--config", "a.toml", "--db", "r.sqlite", "--no-model"], in: folder)
            #expect(first.status == 0, "\(first.stderr)")
            let path = folder.appendingPathComponent("r.sqlite").path
            let listed = try await CLI.runAwaiting(["feeds", "--db", "r.sqlite"], in: folder)
            let exported = try await CLI.runAwaiting(["feeds", "export", "--db", "r.sqlite"], in: folder)
            #expect(listed.status == 0 && exported.status == 0)
            #expect(try Self.rows("SELECT id, name FROM outlet", in: path) == ["good Good"])
            let feeds = try Self.rows("SELECT outlet_id, url, config_url FROM feed", in: path)
            #expect(feeds == ["good \(good) \(good)"])

            let refusal = "byline: feed '\(good)' is listed under outlet 'good2', but the database holds it as a feed of outlet 'good' "
                + "(an earlier config listed it there); a feed belongs to one outlet: list it under 'good' again\n"
            for config in ["b.toml", "c.toml"] {
                for command in ["pull", "run"] {
                    let refused = try await CLI.runAwaiting([command, "--config", config, "--db", "r.sqlite", "--no-model"], in: folder)
                    #expect(refused.status == 1, "\(command) \(config)")
                    #expect(refused.stderr.hasSuffix(refusal), "\(command) \(config): \(refused.stderr)")
                    #expect(refused.stdout == "", "\(command) \(config)")
                    // Nothing written: the outlets, the feeds, and what `feeds` and `feeds export` print.
                    #expect(try Self.rows("SELECT id, name FROM outlet", in: path) == ["good Good"], "\(command) \(config)")
                    #expect(try Self.rows("SELECT outlet_id, url, config_url FROM feed", in: path) == feeds, "\(command) \(config)")
                    #expect(try Self.rows("SELECT COUNT(*) FROM pull", in: path) == ["1"], "\(command) \(config)")
                    #expect(try await CLI.runAwaiting(["feeds", "--db", "r.sqlite"], in: folder).stdout == listed.stdout)
                    #expect(try await CLI.runAwaiting(["feeds", "export", "--db", "r.sqlite"], in: folder).stdout == exported.stdout)
                }
            }
            #expect(!listed.stdout.contains("newout") && !exported.stdout.contains("newout"))
        }
    }
}
