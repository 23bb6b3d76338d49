/// An element's namespace and local name, classified once per distinct (name, namespace) pair.
///
/// Namespaces are matched by URI, never by prefix. URIs are compared without their scheme
/// (`http:`, `https:`, or none, as in `//search.yahoo.com/mrss/`) and trailing slash, because
/// feeds in the wild write them all three ways.
struct ElementName: Equatable {
    /// The namespaces the parser reads.
    enum Namespace: Equatable {
        case none, rss090, rss10, rdf, atom10, atom03, dc, dcterms, content, media, xhtml, other
    }

    /// The local names the parser reads; everything else is `.other`.
    enum Local: String {
        case rss, RDF, feed, channel, item, entry, title, link, description, guid, pubDate, author
        case category, creator, subject, date, encoded, modified, issued, created, updated, published
        case id, summary, content, name, group, language, lastBuildDate, ttl, subtitle, tagline
        case source, html, other
    }

    var namespace: Namespace
    var local: Local
    /// The local name as written (for error messages about the root element).
    var written: String

    init(localName: String, namespaceURI: String?) {
        written = localName
        local = Local(rawValue: localName) ?? .other
        namespace = Self.classify(namespaceURI)
    }

    static func classify(_ uri: String?) -> Namespace {
        guard var uri, !uri.isEmpty else { return .none }
        for scheme in ["http://", "https://", "//"] where uri.hasPrefix(scheme) {
            uri.removeFirst(scheme.count)
            break
        }
        while uri.hasSuffix("/") { uri.removeLast() }
        switch uri {
        case "purl.org/rss/1.0": return .rss10
        case "my.netscape.com/rdf/simple/0.9": return .rss090
        case "www.w3.org/1999/02/22-rdf-syntax-ns#": return .rdf
        case "www.w3.org/2005/Atom": return .atom10
        case "purl.org/atom/ns#": return .atom03
        case "purl.org/dc/elements/1.1": return .dc
        case "purl.org/dc/terms": return .dcterms
        case "purl.org/rss/1.0/modules/content": return .content
        case "search.yahoo.com/mrss": return .media
        case "www.w3.org/1999/xhtml": return .xhtml
        case "backend.userland.com/rss2", "blogs.law.harvard.edu/tech/rss": return .none
        default: return .other
        }
    }

    /// RSS's own elements: no namespace, or the RSS 1.0 / 0.90 namespaces.
    var isRSS: Bool { namespace == .none || namespace == .rss10 || namespace == .rss090 }
    /// Atom 1.0 or 0.3.
    var isAtom: Bool { namespace == .atom10 || namespace == .atom03 }
}
