@testable import BylineFeed
import BylineTestSupport
import Foundation
import Testing

/// The one encoding decider: what `pull` and `import` store (``FeedParser``), and the encoding
/// and text the detail reading reports for feedparser's shape (``FeedDetail/encoding``).
/// The fixtures (`Fixtures/enc-*.xml`) were written in each encoding by Python's codecs.
@Suite struct EncodingDeciderTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let file: String
        let contentType: String?
        let encoding: String
        let title: String
        let item: String
        let summary: String
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(file: "enc-koi8r.xml", contentType: nil, encoding: "koi8-r", title: "Новости дня", item: "Привет, мир",
             summary: "Съешь же ещё этих мягких французских булок"),
        Case(file: "enc-koi8r-http.xml", contentType: "application/rss+xml; charset=KOI8-R", encoding: "koi8-r",
             title: "Новости дня", item: "Привет, мир", summary: "Без объявления"),
        Case(file: "enc-big5.xml", contentType: nil, encoding: "big5", title: "新聞頭條", item: "台北市長選舉結果",
             summary: "今天天氣很好"),
        Case(file: "enc-shiftjis.xml", contentType: nil, encoding: "shift_jis", title: "ニュース速報", item: "東京で地震、被害なし",
             summary: "パス C:\\temp ~ 終わり"),
        Case(file: "enc-1251-blank.xml", contentType: nil, encoding: "windows-1251", title: "Последние новости",
             item: "Выборы в Думу", summary: "Итоги голосования"),
        Case(file: "enc-latin2.xml", contentType: nil, encoding: "iso-8859-2", title: "Wiadomości", item: "Zażółć gęślą jaźń",
             summary: "Příliš žluťoučký kůň"),
    ]

    @Test(arguments: cases)
    func bothReadingsDecodeAlike(_ c: Case) throws {
        let data = try Fixture.data(c.file)
        let model = try FeedParser().parse(data, contentType: c.contentType)
        #expect(model.title == c.title)
        #expect(model.items.map(\.title) == [c.item])
        #expect(model.items.first?.summary == c.summary)
        // Labelled as what the bytes are: nothing to warn about (it said "bytes are not valid
        // UTF-8; decoded as big5" of a correct label).
        #expect(model.warnings.isEmpty)

        let detailed = try FeedParser(options: .init(detail: true)).parse(data, contentType: c.contentType)
        let detail = try #require(detailed.detail)
        #expect(detail.encoding == c.encoding)
        #expect(detail.problem == nil)
        #expect(detail.channel.title?.value == c.title)
        #expect(detailed.items.first?.detail?.title?.value == c.item)
        #expect(detailed.items.first?.detail?.summary?.value == c.summary)
    }

    /// feedparser's own cases of a correct label (its conformance suite: `not bozo`), read
    /// through the model with the response header the suite serves them with: a windows-1252
    /// `charset` on windows-1252 bytes, also over a declaration it overrides (RFC 3023), raises
    /// no warning and no `bozo`. A UTF-8 document declared as UTF-8 but served as `text/xml`
    /// without a charset (which RFC 3023 says means US-ASCII) raises no warning either: its
    /// declaration and its bytes agree; the feedparser reading still sets `bozo` there, as
    /// feedparser does (`CharacterEncodingOverride`).
    @Test(.enabled(if: SharedData.available, SharedData.missingMessage),
          arguments: [("http_text_xml_charset_2.xml", "text/xml; charset=windows-1252", "This is a £“test.”", true),
                      ("http_text_xml_charset_overrides_encoding_2.xml", "text/xml; charset=windows-1252", "This is a £“test.”", true),
                      ("bozo_http_i18n.xml", "text/xml", nil, false)])
    func aCorrectLabelRaisesNoWarning(file: String, contentType: String, summary: String?, feedparserClean: Bool) throws {
        let data = try Data(contentsOf: SharedData.root.appendingPathComponent("conformance/feedparser/suite/encoding/\(file)"))
        let model = try FeedParser().parse(data, contentType: contentType)
        #expect(model.warnings.isEmpty)
        if let summary { #expect(model.items.first?.summary == summary) }
        let detail = try #require(try FeedParser(options: .init(detail: true)).parse(data, contentType: contentType).detail)
        #expect((detail.problem == nil) == feedparserClean)
    }

    /// A label that really disagrees with the bytes still raises a warning: windows-1252 bytes
    /// (`é` as E9) under a UTF-8 declaration.
    @Test func aLabelTheBytesContradictIsStillWarnedAbout() throws {
        let data = Data("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Caf".utf8)
            + Data([0xE9]) + Data("</title></channel></rss>".utf8)
        let model = try FeedParser().parse(data)
        #expect(model.title == "Café")
        #expect(model.warnings == ["the XML declaration's encoding \"utf-8\" does not decode the bytes, and the bytes are not valid UTF-8; decoded as windows-1252"])
    }

    /// Big5 text that happens to be valid UTF-8 (`C2 A4 C3 A5 C4 A1`: "瞻疇纂", or "¤åġ" as
    /// UTF-8) is read as its label says, in both readings.
    @Test func aMultiByteLabelWinsOverCoincidentalUTF8() throws {
        let data = Data("<?xml version=\"1.0\" encoding=\"big5\"?><rss version=\"2.0\"><channel><title>".utf8)
            + Data([0xC2, 0xA4, 0xC3, 0xA5, 0xC4, 0xA1]) + Data("</title></channel></rss>".utf8)
        let model = try FeedParser().parse(data)
        #expect(model.title == "瞻疇纂")
        #expect(model.warnings == ["decoded as big5 as labelled, though the bytes are also valid UTF-8"])
        let detail = try #require(try FeedParser(options: .init(detail: true)).parse(data).detail)
        #expect(detail.channel.title?.value == "瞻疇纂")
        #expect(detail.encoding == "big5")
    }

    /// A label iconv does not know, from either source, falls back as feedparser does
    /// (declared, UTF-8, windows-1252), and the model's warning names it.
    @Test func anUnknownLabelFallsBackAndIsNamed() throws {
        let data = Data("<?xml version=\"1.0\" encoding=\"x-klingon\"?><rss version=\"2.0\"><channel><title>Caf".utf8)
            + Data([0xE9]) + Data("</title></channel></rss>".utf8)
        let model = try FeedParser().parse(data)
        #expect(model.title == "Café")
        #expect(model.warnings == ["the XML declaration's encoding \"x-klingon\" is an unknown encoding, and the bytes are not valid UTF-8; decoded as windows-1252"])
        let detail = try #require(try FeedParser(options: .init(detail: true)).parse(data).detail)
        #expect(detail.channel.title?.value == "Café")
        #expect(detail.encoding == "windows-1252")
        #expect(detail.problem == "document declared as x-klingon, an unknown encoding; parsed as windows-1252")
    }

    /// The same unknown label on bytes that are valid UTF-8 (`é` as C3 A9) is named too, with
    /// the encoding used instead, from either source (feedparser: `CharacterEncodingUnknown`,
    /// `bozo`); before, the fast path for UTF-8 read it without a word.
    @Test(arguments: [(nil, "the XML declaration's encoding"),
                      ("application/rss+xml; charset=x-klingon", "the HTTP Content-Type charset")])
    func anUnknownLabelOnUTF8IsNamed(contentType: String?, source: String) throws {
        let data = try Fixture.data("enc-unknown-utf8.xml")
        let model = try FeedParser().parse(data, contentType: contentType)
        #expect(model.title == "Café Klingon")
        #expect(model.items.map(\.title) == ["Qapla’ café"])
        #expect(model.warnings == ["\(source) \"x-klingon\" is an unknown encoding; the bytes are valid UTF-8, decoded as utf-8"])
        let detail = try #require(try FeedParser(options: .init(detail: true)).parse(data, contentType: contentType).detail)
        #expect(detail.encoding == "utf-8")
        #expect(detail.problem == "document declared as x-klingon, an unknown encoding; parsed as utf-8")
    }

    /// UTF-8 bytes under a Shift_JIS declaration, which CP932 cannot decode (it fails at byte
    /// 88, 0x81): read as the UTF-8 they are, and the warning says so; it used to say that the
    /// bytes were not valid UTF-8, and then decode them as UTF-8.
    @Test func aShiftJISLabelOnUTF8BytesSaysTheyAreUTF8() throws {
        let data = try Fixture.data("enc-shiftjis-utf8.xml")
        let model = try FeedParser().parse(data)
        #expect(model.title == "日本語のニュース")
        #expect(model.items.map(\.title) == ["東京で地震"])
        #expect(model.warnings == ["the XML declaration's encoding \"shift_jis\" does not decode the bytes; the bytes are valid UTF-8, decoded as utf-8"])
        let detail = try #require(try FeedParser(options: .init(detail: true)).parse(data).detail)
        #expect(detail.encoding == "utf-8")
        #expect(detail.problem == "document declared as shift_jis, but parsed as utf-8")
    }

    /// Shift_JIS with no label at all (feedparser's conformance file `chardet/shiftjis.xml`,
    /// rewritten as a small fixture of ours): UTF-8 is the default, windows-1252 fails on 0x81,
    /// and ISO-8859-2 decodes anything; neither reading claims a declaration the bytes lack.
    @Test func unlabelledShiftJISSaysNothingWasDeclared() throws {
        let data = try Fixture.data("enc-shiftjis-unlabelled.xml")
        let model = try FeedParser().parse(data)
        #expect(model.warnings == ["no encoding is declared, which means utf-8, but the bytes are not valid UTF-8; decoded as iso-8859-2 by fallback"])
        let detail = try #require(try FeedParser(options: .init(detail: true)).parse(data).detail)
        #expect(detail.encoding == "iso-8859-2")
        #expect(detail.problem == "no encoding is declared, which means utf-8, but the document is not utf-8; parsed as iso-8859-2")
    }
}
