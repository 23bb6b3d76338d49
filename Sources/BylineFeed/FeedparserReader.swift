internal import CLibXML2
import Foundation

/// The per-reader structured error handler for the feedparser-shaped walk.
/// (`clibxml2_error_handler`: the error is read-only on every libxml2, see the shim.)
private func feedparserErrorHandler(_ context: UnsafeMutableRawPointer?, _ error: UnsafePointer<xmlError>?) {
    guard let context, let error else { return }
    Unmanaged<ReaderErrors>.fromOpaque(context).takeUnretainedValue().record(error.pointee)
}

/// Walks normalised UTF-8 bytes with libxml2's streaming reader and feeds each element, text
/// and end tag to a ``FeedparserBuilder`` the way Python's SAX parser feeds feedparser.
enum FeedparserReader {
    /// What one walk gave: whether libxml2 stopped on a fatal error, and the first error.
    struct Outcome {
        var fatal = false
        var errorCount = 0
        var message: String?
        var line = 0
    }

    /// Walks `bytes` once: with the streaming reader (`recover` false), or over the tree a
    /// recovering parse builds (`recover` true, see ``RecoveryReader``).
    static func walk(_ bytes: [UInt8], url: String?, recover: Bool, maxDepth: Int, into b: FeedparserBuilder) -> Outcome {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_NOCDATA.rawValue)
        if recover {
            let outcome = bytes.withUnsafeBufferPointer { buffer in
                RecoveryReader.withReader(buffer, url: url, options: options) { reader -> Outcome in
                    let (status, tooDeep) = loop(reader, maxDepth: maxDepth, into: b)
                    var o = Outcome()
                    o.fatal = status < 0 || tooDeep
                    o.message = tooDeep ? "elements nested deeper than \(maxDepth)" : nil
                    return o
                }
            }
            return outcome ?? Outcome(fatal: true, message: "libxml2 recovered no document")
        }
        let errors = ReaderErrors()
        return bytes.withUnsafeBufferPointer { buffer -> Outcome in
            guard let base = buffer.baseAddress, buffer.count < Int(Int32.max) else { return Outcome(fatal: true, message: "no bytes") }
            let raw = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
            guard let reader = xmlReaderForMemory(raw, Int32(buffer.count), url, "UTF-8", options) else {
                return Outcome(fatal: true, message: "libxml2 could not create a reader")
            }
            defer { xmlFreeTextReader(reader) }
            return withExtendedLifetime(errors) {
                clibxml2_reader_set_error_handler(reader, feedparserErrorHandler, Unmanaged.passUnretained(errors).toOpaque())
                let (status, tooDeep) = loop(reader, maxDepth: maxDepth, into: b)
                var o = Outcome()
                o.fatal = status < 0 || tooDeep
                o.errorCount = errors.count
                o.message = tooDeep ? "elements nested deeper than \(maxDepth)" : errors.firstMessage
                o.line = errors.firstLine
                return o
            }
        }
    }

    /// The read loop: each node to the builder; libxml2's last status and whether the depth
    /// limit stopped it.
    private static func loop(_ reader: OpaquePointer, maxDepth: Int, into b: FeedparserBuilder) -> (Int32, Bool) {
        var status: Int32 = 1
        var tooDeep = false
        while true {
            status = xmlTextReaderRead(reader)
            guard status == 1 else { break }
            switch xmlTextReaderNodeType(reader) {
            case 1:
                if Int(xmlTextReaderDepth(reader)) > maxDepth { tooDeep = true; break }
                let empty = xmlTextReaderIsEmptyElement(reader) == 1
                let tag = startElement(reader, b)
                if empty { b.unknownEndtag(tag) }
            case 15:
                b.unknownEndtag(qualifiedName(reader, b))
            case 5:  // an entity reference left unexpanded (no NOENT): declared safe ones only
                if let name = xmlTextReaderConstName(reader).map({ String(cString: $0) }), let value = b.entities[name] {
                    b.handleData(value)
                }
            case 3, 4, 13, 14:
                if let v = xmlTextReaderConstValue(reader) { b.handleData(String(cString: v)) }
            default:
                break
            }
            if tooDeep { break }
        }
        return (status, tooDeep)
    }

    /// feedparser's strict-parser element name: the canonical prefix of a known namespace,
    /// else the prefix as written, `:`, the local name; lower-cased.
    static func qualifiedName(_ reader: OpaquePointer, _ b: FeedparserBuilder) -> String {
        let local = xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
        var ns = xmlTextReaderConstNamespaceUri(reader).map { String(cString: $0) } ?? ""
        var lowerNS = ns.lowercased()
        if lowerNS.contains("backend.userland.com/rss") { ns = "http://backend.userland.com/rss"; lowerNS = ns }
        let given = xmlTextReaderConstPrefix(reader).map { String(cString: $0) }
        let prefix = FeedparserBuilder.namespaces[lowerNS] ?? given
        var name = local
        if let prefix, !prefix.isEmpty { name = prefix.lowercased() + ":" + local }
        return name.lowercased()
    }

    /// Reads the current element's name and attributes and hands them to the builder.
    static func startElement(_ reader: OpaquePointer, _ b: FeedparserBuilder) -> String {
        var attrs: [(String, String)] = []
        var seen = Set<String>()
        if xmlTextReaderMoveToFirstAttribute(reader) == 1 {
            repeat {
                let value = xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
                let qname = xmlTextReaderConstName(reader).map { String(cString: $0) } ?? ""
                if xmlTextReaderIsNamespaceDecl(reader) == 1 {
                    let prefix: String? = qname.hasPrefix("xmlns:") ? String(qname.dropFirst(6)) : nil
                    if !value.isEmpty {
                        b.trackNamespace(prefix, value)
                        if let prefix, value == "http://www.w3.org/1999/xlink" { b.decls.append(("xmlns:" + prefix, value)) }
                    }
                    continue
                }
                let local = xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? qname
                let ns = xmlTextReaderConstNamespaceUri(reader).map { String(cString: $0) } ?? ""
                var key = local
                if let p = FeedparserBuilder.namespaces[ns.lowercased()], !p.isEmpty { key = p + ":" + local }
                key = key.lowercased()
                let v = key == "rel" || key == "type" ? value.lowercased() : value
                if seen.insert(key).inserted { attrs.append((key, v)) }
                let q = qname.lowercased()
                if q != key, seen.insert(q).inserted { attrs.append((q, q == "rel" || q == "type" ? value.lowercased() : value)) }
            } while xmlTextReaderMoveToNextAttribute(reader) == 1
            xmlTextReaderMoveToElement(reader)
        }
        if !b.decls.isEmpty {
            attrs = b.decls + attrs
            b.decls = []
        }
        let tag = qualifiedName(reader, b)
        let local = tag.split(separator: ":").last.map(String.init) ?? tag
        let ns = xmlTextReaderConstNamespaceUri(reader).map { String(cString: $0) } ?? ""
        if local == "math" && ns == "http://www.w3.org/1998/Math/MathML" { attrs.insert(("xmlns", ns), at: 0) }
        if local == "svg" && ns == "http://www.w3.org/2000/svg" { attrs.insert(("xmlns", ns), at: 0) }
        b.unknownStarttag(tag, attrs)
        return tag
    }
}
