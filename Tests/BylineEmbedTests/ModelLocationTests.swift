import BylineEmbed
import Foundation
import Testing

@Suite struct ModelLocationTests {
    @Test func explicitPathWins() {
        let url = ModelLocation.resolve(explicit: "/opt/model", environment: ["BYLINE_MODEL": "/env/model"])
        #expect(url?.path == "/opt/model")
    }

    @Test func environmentVariableComesNext() {
        #expect(ModelLocation.resolve(explicit: nil, environment: ["BYLINE_MODEL": "/env/model"])?.path == "/env/model")
        #expect(ModelLocation.resolve(explicit: "", environment: ["BYLINE_MODEL": "/env/model"])?.path == "/env/model")
    }

    @Test func tildeExpandsToHome() {
        let url = ModelLocation.resolve(explicit: "~/models/m", environment: ["HOME": "/home/ana"])
        #expect(url?.path == "/home/ana/models/m")
    }

    @Test func defaultDirectoryFollowsXDG() {
        #expect(ModelLocation.defaultDirectory(environment: ["HOME": "/home/ana"]).path
            == "/home/ana/.local/share/byline/models/all-MiniLM-L6-v2")
        #expect(ModelLocation.defaultDirectory(environment: ["HOME": "/home/ana", "XDG_DATA_HOME": "/data"]).path
            == "/data/byline/models/all-MiniLM-L6-v2")
        // A relative XDG_DATA_HOME is ignored.
        #expect(ModelLocation.defaultDirectory(environment: ["HOME": "/home/ana", "XDG_DATA_HOME": "rel"]).path
            == "/home/ana/.local/share/byline/models/all-MiniLM-L6-v2")
    }

    @Test func defaultIsUsedOnlyIfItExists() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["HOME": "/nonexistent", "XDG_DATA_HOME": root.path]
        #expect(ModelLocation.resolve(explicit: nil, environment: environment) == nil)
        let expected = ModelLocation.defaultDirectory(environment: environment)
        try FileManager.default.createDirectory(at: expected, withIntermediateDirectories: true)
        #expect(ModelLocation.resolve(explicit: nil, environment: environment)?.path == expected.path)
    }
}
