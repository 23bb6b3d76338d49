import BylineTestSupport
import Foundation
import Testing

/// The libxml2 shim (`Sources/CLibXML2/shim.h`) compiles against both definitions of
/// `xmlStructuredErrorFunc`: `(void *, xmlErrorPtr)` before libxml2 2.12 and
/// `(void *, const xmlError *)` from 2.12.0 (`LIBXML_VERSION` 21200) on, as Debian 13 and Fedora
/// ship it.
///
/// Each case compiles a C file that includes the shim and installs a handler through its two
/// setters, with the C compiler (`clang`, else `cc`) at `-Werror`, against the installed headers
/// (`pkg-config --cflags libxml-2.0`) seen through a two-file overlay that sets `LIBXML_VERSION`
/// and the typedef of the other release line: the overlay's `xmlerror.h` includes the installed
/// one with the typedef renamed, then declares the typedef as that release does. The control
/// case is the assignment the old handler code made (a handler taking `xmlErrorPtr` put straight
/// into `serror`): it must fail against the 2.12 typedef, so the check does see the change.
@Suite(.enabled(if: CTools.compiler != nil && CTools.libxml2Flags != nil,
                "skipped: no C compiler (clang, cc) or no pkg-config for libxml-2.0 on PATH"))
struct LibXML2ShimTests {
    /// A libxml2 release line as the overlay presents it.
    struct Line: Sendable, CustomTestStringConvertible {
        let name: String
        let version: Int
        let errorParameter: String
        var testDescription: String { name }
    }

    static let lines = [
        Line(name: "before 2.12", version: 20914, errorParameter: "xmlError *error"),
        Line(name: "2.12", version: 21200, errorParameter: "const xmlError *error"),
    ]

    /// The C file: the shim, a read-only handler installed through both setters, and with
    /// `BYLINE_CHECK_UNGUARDED` the old direct assignment of a non-const handler.
    static let source = """
        #include "shim.h"
        static void handler(void *context, const xmlError *error) { (void)context; (void)error; }
        void byline_check_use(xmlSAXHandler *sax, xmlTextReaderPtr reader) {
            clibxml2_sax_set_error_handler(sax, handler);
            clibxml2_reader_set_error_handler(reader, handler, 0);
        }
        #ifdef BYLINE_CHECK_UNGUARDED
        static void old_handler(void *context, xmlErrorPtr error) { (void)context; (void)error; }
        void byline_check_unguarded(xmlSAXHandler *sax) { sax->serror = old_handler; }
        #endif

        """

    static let shimFolder = SharedData.packageRoot.appendingPathComponent("Sources/CLibXML2")

    /// Compiles the C file (syntax and types only, warnings as errors) against the installed
    /// headers, through the overlay of `line` when given; the compiler's status and messages.
    static func compile(as line: Line?, unguarded: Bool = false) throws -> (status: Int32, output: String) {
        let folder = TestFolders.root.appendingPathComponent("byline-shim-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let overlay = folder.appendingPathComponent("overlay/libxml")
        try FileManager.default.createDirectory(at: overlay, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("use.c")
        try Data(source.utf8).write(to: file)
        var arguments = [try #require(CTools.compiler), "-fsyntax-only", "-Werror", "-Wall", "-std=c11"]
        if let line {
            try Data("""
                #ifndef BYLINE_CHECK_XMLVERSION_H
                #define BYLINE_CHECK_XMLVERSION_H
                #include_next <libxml/xmlversion.h>
                #undef LIBXML_VERSION
                #define LIBXML_VERSION \(line.version)
                #endif

                """.utf8).write(to: overlay.appendingPathComponent("xmlversion.h"))
            try Data("""
                #ifndef BYLINE_CHECK_XMLERROR_H
                #define BYLINE_CHECK_XMLERROR_H
                #define xmlStructuredErrorFunc byline_installed_xmlStructuredErrorFunc
                #include_next <libxml/xmlerror.h>
                #undef xmlStructuredErrorFunc
                typedef void (*xmlStructuredErrorFunc)(void *userData, \(line.errorParameter));
                #endif

                """.utf8).write(to: overlay.appendingPathComponent("xmlerror.h"))
            arguments.append("-I" + overlay.deletingLastPathComponent().path)
        }
        if unguarded { arguments.append("-DBYLINE_CHECK_UNGUARDED") }
        arguments += try #require(CTools.libxml2Flags) + ["-I" + shimFolder.path, file.path]
        return try CTools.run(arguments)
    }

    @Test func theShimCompilesAgainstTheInstalledHeaders() throws {
        let result = try Self.compile(as: nil)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test(arguments: lines)
    func theShimCompilesAgainstEachHandlerSignature(_ line: Line) throws {
        let result = try Self.compile(as: line)
        #expect(result.status == 0, "\(result.output)")
    }

    /// The control: a non-const handler assigned without the shim compiles before 2.12 and not
    /// from 2.12 on, where the compiler names the incompatible function pointer.
    @Test func theOldAssignmentBreaksOn2_12() throws {
        let before = try Self.compile(as: Self.lines[0], unguarded: true)
        #expect(before.status == 0, "\(before.output)")
        let after = try Self.compile(as: Self.lines[1], unguarded: true)
        #expect(after.status != 0)
        #expect(after.output.contains("xmlStructuredErrorFunc"))
        #expect(after.output.contains("use.c:9"))
    }
}

/// The C compiler and libxml2's flags, found once.
enum CTools {
    /// The first of `clang`, `cc` on PATH.
    static let compiler: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["clang", "cc"] {
            for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }()

    /// `pkg-config --cflags libxml-2.0`, split at spaces.
    static let libxml2Flags: [String]? = {
        guard let result = try? run(["/usr/bin/env", "pkg-config", "--cflags", "libxml-2.0"]), result.status == 0 else { return nil }
        return result.output.split(whereSeparator: \.isWhitespace).map(String.init)
    }()

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readToEndClosing()
        return (try process.exitStatus(within: 120), String(decoding: data, as: UTF8.self))
    }
}
