import BylineReport
import BylineTestSupport
import Foundation
import Hummingbird
import Testing

/// The HTML report in a real browser: headless Chromium (Debian's `chromium`) loads pages whose
/// every feed string is an attack, each pointing at a loopback server, and nothing runs and
/// nothing is fetched.
///
/// What runs is read from the DOM Chromium dumps after loading (`--dump-dom`): each attack
/// marks the document (`data-pwned`) if it runs. What is fetched is what the loopback server
/// records. A control page with the same attacks unescaped runs them and fetches from the
/// server, so that both checks are seen to work.
@Suite(.enabled(if: Chromium.binary != nil, "skipped: chromium is not installed (Debian package chromium; .ci/run installs it)"))
struct HTMLChromiumTests {
    @Test func hostilePagesRunNothingAndRequestNothing() async throws {
        let recorder = Recorder()
        try await LoopbackServer.with({ router in
            router.get("**") { request, _ -> String in
                await recorder.record(request)
                return "x"
            }
        }) { server in
            let folder = TestFolders.root.appendingPathComponent("byline-html-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let report = HTMLEscapingTests.hostile(host: server.url(""))
            _ = try ReportWriter.write(report, to: folder.appendingPathComponent("R"))
            var doms: [String: String] = [:]
            for page in ["index.html", "story-7.html", "outlets.html"] {
                let dom = try await Chromium.dumpDOM(folder.appendingPathComponent("R/\(page)"), profile: folder.appendingPathComponent("profile"))
                #expect(dom.contains("</html>"), "\(page): Chromium gave no DOM")
                #expect(!dom.contains("data-pwned="), "\(page): an attack ran")
                doms[page] = dom
            }
            // The title is there as text.
            #expect((doms["story-7.html"] ?? "").contains("&lt;script&gt;document.documentElement.setAttribute('data-pwned','script')&lt;/script&gt;"))
            #expect(await recorder.requests == 0)

            // The control: the same title unescaped runs and fetches.
            let control = folder.appendingPathComponent("control.html")
            try Data("<!DOCTYPE html><html><body>\(report.stories[0].headline)</body></html>".utf8).write(to: control)
            let controlDOM = try await Chromium.dumpDOM(control, profile: folder.appendingPathComponent("profile"))
            #expect(controlDOM.contains("data-pwned="))
            // The image's request may still be on its way to the recorder when the DOM is out.
            var waited = 0
            while await recorder.requests == 0, waited < 50 {
                try await Task.sleep(for: .milliseconds(100))
                waited += 1
            }
            #expect(await recorder.requests > 0)
        }
    }
}
