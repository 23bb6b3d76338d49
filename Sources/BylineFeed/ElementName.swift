import Foundation

/// An element's namespace and local name, classified once per distinct (name, namespace) pair.
///
/// Namespaces are matched by URI, never by prefix. URIs are compared without their scheme
/// (`http:`, `https:`, or none, as in `//search.yahoo.com/mrss/`) and trailing slash, because
/// feeds in the wild write them all three ways; the URIs feedparser takes for RSS's and
/// Atom's own (Userland's RSS 0.9x, the pre-Atom Echo and Pie drafts) are read as those.
/// Local names are matched without regard to ASCII case, as feedparser does (`<TITLE>`,
/// `<pubdate>`; CDF writes its names in capitals). Classification works on libxml2's
/// NUL-terminated UTF-8 names directly: no String is made.
struct ElementName: Equatable {
    /// The namespaces the parser reads.
    enum Namespace: Equatable {
        case none, rss090, rss10, rdf, atom10, atom03, dc, dcterms, content, media, xhtml, other
    }

    /// The local names the parser reads; everything else is `.other`.
    enum Local: String, CaseIterable {
        case rss, RDF, feed, channel, item, entry, title, link, description, guid, pubDate, author
        case category, creator, subject, date, encoded, modified, issued, created, updated, published
        case id, summary, content, name, group, language, lastBuildDate, ttl, subtitle, tagline
        case source, html, abstract, keywords, other
    }

    var namespace: Namespace
    var local: Local
    /// The first eight bytes of the local name, ASCII lower-cased, packed as ``HTMLText/pack(_:)``
    /// packs tag names.
    var packed: UInt64

    /// Whether the local name is an HTML block-level tag (``HTMLText/blockTags``): inside
    /// XHTML content such an element separates words.
    var isBlock: Bool { HTMLText.blockTags.contains(packed) }

    /// Classifies libxml2's local name and namespace URI (NUL-terminated UTF-8).
    init(local name: UnsafePointer<UInt8>, namespaceURI uri: UnsafePointer<UInt8>?) {
        let length = strlen(name)
        local = .other
        for (bytes, candidate) in Self.locals where bytes.count == length {
            if Self.sameIgnoringCase(bytes, name) {
                local = candidate
                break
            }
        }
        var packed: UInt64 = 0
        for i in 0..<min(length, 8) {
            let b = name[i]
            packed = (packed << 8) | UInt64(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
        }
        self.packed = packed
        namespace = Self.classify(uri)
    }

    /// The local names as lower-cased bytes, for ``init(local:namespaceURI:)``.
    private static let locals: [([UInt8], Local)] = Local.allCases.filter { $0 != .other }
        .map { (Array($0.rawValue.lowercased().utf8), $0) }

    /// The namespace URIs read, without scheme and trailing slash.
    private static let namespaces: [([UInt8], Namespace)] = ([
        ("purl.org/rss/1.0", .rss10), ("my.netscape.com/rdf/simple/0.9", .rss090),
        ("www.w3.org/1999/02/22-rdf-syntax-ns#", .rdf), ("www.w3.org/2005/Atom", .atom10),
        ("purl.org/atom/ns#", .atom03), ("purl.org/dc/elements/1.1", .dc), ("purl.org/dc/terms", .dcterms),
        ("purl.org/rss/1.0/modules/content", .content), ("search.yahoo.com/mrss", .media),
        ("www.w3.org/1999/xhtml", .xhtml), ("backend.userland.com/rss2", .none),
        ("backend.userland.com/rss", .none), ("blogs.law.harvard.edu/tech/rss", .none),
        ("purl.org/rss/1.0/modules/rss091#", .none),
        ("example.com/newformat#", .atom03), ("example.com/necho", .atom03), ("purl.org/echo", .atom03),
        ("uri/of/echo/namespace#", .atom03), ("purl.org/pie", .atom03),
    ] as [(String, Namespace)]).map { (Array($0.0.lowercased().utf8), $0.1) }

    private static let userland = Array("backend.userland.com/rss".utf8)

    private static let schemes: [[UInt8]] = ["http://", "https://", "//"].map { Array($0.utf8) }

    /// The namespace of a URI (NUL-terminated UTF-8); `.none` for no or an empty URI.
    static func classify(_ uri: UnsafePointer<UInt8>?) -> Namespace {
        guard let uri, uri[0] != 0 else { return .none }
        var end = strlen(uri)
        var start = 0
        for scheme in schemes where end >= scheme.count {
            if Self.same(scheme, uri) {
                start = scheme.count
                break
            }
        }
        while end > start, uri[end - 1] == 0x2F { end -= 1 }
        let length = end - start
        // Any version of Userland's RSS namespace (`.../rss2.1`) is RSS (feedparser).
        if length >= userland.count, sameIgnoringCase(userland, uri + start) { return .none }
        for (bytes, namespace) in namespaces where bytes.count == length {
            if Self.sameIgnoringCase(bytes, uri + start) { return namespace }
        }
        return .other
    }

    /// Whether the bytes at `p` start with the lower-cased `bytes`, ASCII case ignored.
    private static func sameIgnoringCase(_ bytes: [UInt8], _ p: UnsafePointer<UInt8>) -> Bool {
        for i in bytes.indices {
            let b = p[i]
            if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) != bytes[i] { return false }
        }
        return true
    }

    /// Whether the bytes at `p` start with `bytes` (`p` holds at least that many bytes, or a
    /// NUL before them, which then differs).
    private static func same(_ bytes: [UInt8], _ p: UnsafePointer<UInt8>) -> Bool {
        for i in bytes.indices where p[i] != bytes[i] { return false }
        return true
    }

    /// RSS's own elements: no namespace, or the RSS 1.0 / 0.90 namespaces.
    var isRSS: Bool { namespace == .none || namespace == .rss10 || namespace == .rss090 }
    /// Atom 1.0 or 0.3.
    var isAtom: Bool { namespace == .atom10 || namespace == .atom03 }
}
