import BylineFeed
import Foundation
import Testing

/// A document in which no element starts (only an XML declaration, comments or whitespace) is
/// refused as having no root element, not with libxml2's "Extra content at the end of the
/// document".
@Suite struct NoRootElementTests {
    @Test(arguments: [
        ("<?xml version=\"1.0\"?>", 1),
        ("<?xml version=\"1.0\"?>\n", 2),
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- nothing here -->\n", 3),
    ])
    func aDocumentWithoutAnElementHasNoRootElement(text: String, line: Int) {
        #expect(throws: FeedError.malformed(line: line, message: "no root element: the document ends before any element starts")) {
            try FeedParser().parse(Data(text.utf8))
        }
    }

    /// A bad first tag keeps libxml2's own words, which say what is wrong.
    @Test func aBadFirstTagKeepsLibxml2sMessage() {
        #expect(throws: FeedError.malformed(line: 2, message: "StartTag: invalid element name")) {
            try FeedParser().parse(Data("<?xml version=\"1.0\"?>\n<1abc>".utf8))
        }
    }
}
