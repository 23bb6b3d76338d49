import BylineFeed
import Foundation

/// feedparser's HTML post-processing of `text/html` and XHTML values, ported from its
/// `_BaseHTMLProcessor` (an sgmllib re-serialiser), `RelativeURIResolver` and `_HTMLSanitizer`:
/// tags are re-written lower-cased with sorted, double-quoted attributes, void elements as
/// `<br />`, relative URIs in known attributes made absolute, and elements and attributes
/// outside feedparser's allow-lists dropped (the content of `script`, `applet` and `style` too).
enum FeedparserHTML {
    static let voidElements: Set<String> = [
        "area", "base", "basefont", "br", "col", "command", "embed", "frame", "hr", "img", "input",
        "isindex", "keygen", "link", "meta", "param", "source", "track", "wbr",
    ]
    static let relativeURIs: Set<String> = [
        "a href", "applet codebase", "area href", "audio src", "blockquote cite", "body background",
        "del cite", "form action", "frame longdesc", "frame src", "iframe longdesc", "iframe src",
        "head profile", "img longdesc", "img src", "img usemap", "input src", "input usemap", "ins cite",
        "link href", "object classid", "object codebase", "object data", "object usemap", "q cite",
        "script src", "source src", "video poster", "video src",
    ]
    static let unacceptableWithEnd: Set<String> = ["script", "applet", "style"]

    /// Re-serialises `html`; resolves relative URIs against `base` (sanitize false) or
    /// sanitizes (sanitize true), as feedparser's two passes do.
    static func process(_ html: String, base: String, type: String, sanitize: Bool) -> String {
        var s = html
        if sanitize { s = s.replacingOccurrences(of: "<![CDATA[", with: "&lt;![CDATA[") }
        s = preprocess(s)
        var out = ""
        var state = SanitizerState()
        let u = Array(s.unicodeScalars)
        let n = u.count
        var i = 0
        var textStart = 0
        func flushText(_ to: Int) {
            if to > textStart, state.unacceptable == 0 || !sanitize {
                var t = String.UnicodeScalarView()
                t.append(contentsOf: u[textStart..<to])
                out += String(t)
            }
            textStart = max(textStart, to)
        }
        // sgmllib's `lasttag`: `<>` is SGML shorthand for the last start tag seen.
        var lastTag = "???"
        func isLetter(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") }
        func isNameChar(_ c: Unicode.Scalar) -> Bool { isLetter(c) || (c >= "0" && c <= "9") || c == "-" || c == "." || c == "_" || c == ":" }
        while i < n {
            let c = u[i]
            if c == "<" {
                flushText(i)
                if i + 1 < n, u[i + 1] == "/" {
                    var j = i + 2
                    var name = ""
                    while j < n, isNameChar(u[j]) { name.unicodeScalars.append(u[j]); j += 1 }
                    if !name.isEmpty {
                        while j < n, u[j] != ">" { j += 1 }
                        endTag(name.lowercased(), &out, &state, sanitize)
                        i = min(j + 1, n); textStart = i; continue
                    }
                } else if i + 3 < n, u[i + 1] == "!", u[i + 2] == "-", u[i + 3] == "-" {
                    var j = i + 4
                    while j + 2 < n, !(u[j] == "-" && u[j + 1] == "-" && u[j + 2] == ">") { j += 1 }
                    let end = min(j + 3, n)
                    if state.unacceptable == 0 || !sanitize {
                        var t = String.UnicodeScalarView(); t.append(contentsOf: u[i..<end]); out += String(t)
                    }
                    i = end; textStart = i; continue
                } else if i + 1 < n, u[i + 1] == "!" || u[i + 1] == "?" {
                    var j = i + 1
                    while j < n, u[j] != ">" { j += 1 }
                    // sgmllib stops at a declaration that never closes and hands the rest
                    // over as text (`<![CDATA[ <!DOCTYPE ]]>` reads as `<!DOCTYPE`).
                    if j >= n { i = n; break }
                    let end = min(j + 1, n)
                    if !sanitize { var t = String.UnicodeScalarView(); t.append(contentsOf: u[i..<end]); out += String(t) }
                    i = end; textStart = i; continue
                } else if i + 1 < n, isLetter(u[i + 1]) {
                    var j = i + 1
                    var name = ""
                    while j < n, isNameChar(u[j]) { name.unicodeScalars.append(u[j]); j += 1 }
                    var attrs: [(String, String)] = []
                    // attributes
                    while j < n {
                        while j < n, u[j] == " " || u[j] == "\t" || u[j] == "\n" || u[j] == "\r" || u[j] == "/" { j += 1 }
                        guard j < n, u[j] != ">", u[j] != "<" else { break }
                        var key = ""
                        while j < n, u[j] != "=", u[j] != ">", u[j] != " ", u[j] != "\t", u[j] != "\n", u[j] != "\r", u[j] != "<" {
                            key.unicodeScalars.append(u[j]); j += 1
                        }
                        var k = j
                        while k < n, u[k] == " " || u[k] == "\t" || u[k] == "\n" || u[k] == "\r" { k += 1 }
                        if k < n, u[k] == "=" {
                            k += 1
                            while k < n, u[k] == " " || u[k] == "\t" || u[k] == "\n" || u[k] == "\r" { k += 1 }
                            var value = String.UnicodeScalarView()
                            if k < n, u[k] == "\"" || u[k] == "'" {
                                let q = u[k]; k += 1
                                while k < n, u[k] != q { value.append(u[k]); k += 1 }
                                if k < n { k += 1 }
                            } else {
                                while k < n, u[k] != " ", u[k] != ">", u[k] != "\t", u[k] != "\n", u[k] != "\r" { value.append(u[k]); k += 1 }
                            }
                            j = k
                            if !key.isEmpty { attrs.append((key.lowercased(), String(value))) }
                        } else {
                            if key.isEmpty { j += 1; continue }
                            attrs.append((key.lowercased(), key.lowercased()))
                        }
                    }
                    lastTag = name.lowercased()
                    let end = min(j + 1, n)
                    let selfClosing = j > 0 && j <= n && j - 1 < n && u[j - 1] == "/"
                    startTag(name.lowercased(), attrs, base: base, type: type, &out, &state, sanitize)
                    if selfClosing && type == "application/xhtml+xml" { endTag(name.lowercased(), &out, &state, sanitize) }
                    i = end; textStart = i; continue
                }
                if i + 1 < n, u[i + 1] == ">" {
                    startTag(lastTag, [], base: base, type: type, &out, &state, sanitize)
                    i += 2; textStart = i; continue
                }
                i += 1
                continue
            }
            if c == "&" {
                flushText(i)
                var j = i + 1
                if j < n, u[j] == "#" {
                    j += 1
                    var ref = ""
                    if j < n, u[j] == "x" || u[j] == "X" { ref = "x"; j += 1 }
                    while j < n, (u[j] >= "0" && u[j] <= "9") || (ref.hasPrefix("x") && ((u[j] >= "a" && u[j] <= "f") || (u[j] >= "A" && u[j] <= "F"))) {
                        ref.unicodeScalars.append(u[j]); j += 1
                    }
                    if j < n, u[j] == ";", !ref.isEmpty, ref != "x" {
                        let value = ref.hasPrefix("x") ? Int(ref.dropFirst(), radix: 16) : Int(ref)
                        if state.unacceptable == 0 || !sanitize {
                            if let v = value, v >= 0x80, v <= 0x9F, HTMLEntities.windows1252C1[v - 0x80] != 0 {
                                out += "&#x" + String(HTMLEntities.windows1252C1[v - 0x80], radix: 16) + ";"
                            } else {
                                out += "&#" + ref.lowercased() + ";"
                            }
                        }
                        i = j + 1; textStart = i; continue
                    }
                } else if j < n, isLetter(u[j]) {
                    var name = ""
                    while j < n, isLetter(u[j]) || (u[j] >= "0" && u[j] <= "9") || u[j] == "-" || u[j] == "." {
                        name.unicodeScalars.append(u[j]); j += 1
                    }
                    if j < n {
                        if state.unacceptable == 0 || !sanitize {
                            if isHTMLEntity(name) || name == "apos" { out += "&\(name);" } else { out += "&amp;\(name)" }
                        }
                        if u[j] == ";" { j += 1 }
                        i = j; textStart = i; continue
                    }
                }
                i += 1
                continue
            }
            i += 1
        }
        flushText(n)
        if sanitize { return out.pyStrip().replacingOccurrences(of: "\r\n", with: "\n") }
        return out
    }

    static func preprocess(_ s: String) -> String {
        var t = s
        if t.contains("<!") {
            t = t.replacingOccurrences(of: #"<!((?!DOCTYPE|--|\[))"#, with: "&lt;!$1", options: [.regularExpression, .caseInsensitive])
        }
        if t.contains("/>") {
            let regex = try! NSRegularExpression(pattern: #"<([^<>\s]+?)\s*/>"#)
            let ns = t as NSString
            var result = ""
            var last = 0
            for m in regex.matches(in: t, range: NSRange(location: 0, length: ns.length)) {
                result += ns.substring(with: NSRange(location: last, length: m.range.location - last))
                let tag = ns.substring(with: m.range(at: 1))
                result += voidElements.contains(tag) ? "<\(tag) />" : "<\(tag)></\(tag)>"
                last = m.range.location + m.range.length
            }
            result += ns.substring(from: last)
            t = result
        }
        return t.replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&#34;", with: "\"")
    }

    /// Whether `name` is one of HTML 4's 252 named references (Python's `name2codepoint`).
    static func isHTMLEntity(_ name: String) -> Bool { HTMLEntities.isHTML4Name(name) }

    /// feedparser's `normalize_attrs`: lower-cased keys, last value wins, `rel`/`type` values
    /// lower-cased, sorted by key.
    static func normalize(_ attrs: [(String, String)]) -> [(String, String)] {
        var d: [String: String] = [:]
        for (k, v) in attrs { d[k.lowercased()] = v }
        return d.map { ($0.key, $0.key == "rel" || $0.key == "type" ? $0.value.lowercased() : $0.value) }
            .sorted { $0.0 < $1.0 }
    }

    /// The sanitizer's counters: open `script`/`applet`/`style` elements (whose content is
    /// dropped) and open MathML and SVG roots (inside which their own allow-lists apply).
    struct SanitizerState {
        var unacceptable = 0
        var mathmlOK = 0
        var svgOK = 0
    }

    static let mathmlNamespace = "http://www.w3.org/1998/Math/MathML"
    static let svgNamespace = "http://www.w3.org/2000/svg"
    static let xlinkNamespace = "http://www.w3.org/1999/xlink"

    /// feedparser's `_HTMLSanitizer.unknown_starttag` (sanitize true) or
    /// `RelativeURIResolver.unknown_starttag` (sanitize false), then
    /// `_BaseHTMLProcessor.unknown_starttag`'s serialisation.
    static func startTag(_ tagIn: String, _ attrsIn: [(String, String)], base: String, type: String,
                         _ out: inout String, _ state: inout SanitizerState, _ sanitize: Bool) {
        var tag = tagIn
        var attrs: [(String, String)]
        if sanitize {
            var raw = attrsIn
            let lists = FeedparserSanitizerLists.self
            var acceptable = lists.acceptableAttributes
            var keymap: [String: String] = [:]
            if !lists.acceptableElements.contains(tag) || state.svgOK > 0 {
                if unacceptableWithEnd.contains(tag) { state.unacceptable += 1 }
                // HTML5 inline SVG and MathML get their namespace implied.
                if type.hasSuffix("html"), !raw.contains(where: { $0.0 == "xmlns" && !$0.1.isEmpty }) {
                    if tag == "svg" { raw.append(("xmlns", svgNamespace)) }
                    if tag == "math" { raw.append(("xmlns", mathmlNamespace)) }
                }
                if tag == "math", raw.contains(where: { $0.0 == "xmlns" && $0.1 == mathmlNamespace }) { state.mathmlOK += 1 }
                if tag == "svg", raw.contains(where: { $0.0 == "xmlns" && $0.1 == svgNamespace }) { state.svgOK += 1 }
                if state.mathmlOK > 0, lists.mathmlElements.contains(tag) {
                    acceptable = lists.mathmlAttributes
                } else if state.svgOK > 0, lists.svgElements.contains(tag) {
                    acceptable = lists.svgAttributes
                    tag = lists.svgElementCase[tag] ?? tag
                    keymap = lists.svgAttributeCase
                } else if !lists.acceptableElements.contains(tag) {
                    return
                }
            }
            if state.mathmlOK > 0 || state.svgOK > 0, raw.contains(where: { $0.0.hasPrefix("xlink:") }),
               !raw.contains(where: { $0.0 == "xmlns:xlink" && $0.1 == xlinkNamespace }) {
                raw.append(("xmlns:xlink", xlinkNamespace))
            }
            var clean: [(String, String)] = []
            for (k, v) in normalize(raw) {
                if k == "style" {
                    guard acceptable.contains("style") else { continue }
                    let c = sanitizeStyle(v)
                    if !c.isEmpty { clean.append((k, c)) }
                } else if acceptable.contains(k) {
                    // `make_safe_absolute_uri(value)`: an href whose scheme is not allowed is emptied.
                    clean.append((keymap[k] ?? k, k == "href" ? FeedparserURI.safeAbsolute(v, nil) : v))
                }
            }
            attrs = clean
        } else {
            attrs = normalize(attrsIn).map { relativeURIs.contains("\(tag) \($0.0)") ? ($0.0, resolve($0.1)) : $0 }
        }
        func resolve(_ v: String) -> String {
            let r = FeedparserURI.safeAbsolute(base, v.pyStrip())
            return r.isEmpty ? v : r
        }
        var s = "<" + tag
        for (k, v) in attrs {
            var value = v.replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: "\"", with: "&quot;")
            value = escapeBareAmpersands(value)
            s += " \(k)=\"\(value)\""
        }
        s += voidElements.contains(tag) ? " />" : ">"
        if state.unacceptable == 0 || !sanitize { out += s }
    }

    /// feedparser's `_HTMLSanitizer.unknown_endtag`, then the base serialisation.
    static func endTag(_ tagIn: String, _ out: inout String, _ state: inout SanitizerState, _ sanitize: Bool) {
        var tag = tagIn
        let lists = FeedparserSanitizerLists.self
        if sanitize, !lists.acceptableElements.contains(tag) {
            if unacceptableWithEnd.contains(tag) { state.unacceptable = max(0, state.unacceptable - 1) }
            if state.mathmlOK > 0, lists.mathmlElements.contains(tag) {
                if tag == "math" { state.mathmlOK -= 1 }
            } else if state.svgOK > 0, lists.svgElements.contains(tag) {
                tag = lists.svgElementCase[tag] ?? tag
                if tag == "svg" { state.svgOK -= 1 }
            } else {
                return
            }
        }
        if !voidElements.contains(tag), state.unacceptable == 0 || !sanitize { out += "</\(tag)>" }
    }

    /// `&(?!#\d+;|#x[0-9a-fA-F]+;|\w+;)` → `&amp;`.
    static func escapeBareAmpersands(_ s: String) -> String {
        guard s.contains("&") else { return s }
        return s.replacingOccurrences(of: #"&(?!#\d+;|#x[0-9a-fA-F]+;|\w+;)"#, with: "&amp;", options: .regularExpression)
    }

    static func sanitizeStyle(_ styleIn: String) -> String {
        let style = styleIn.replacingOccurrences(of: #"url\s*\(\s*[^\s)]+?\s*\)\s*"#, with: " ", options: .regularExpression)
        if style.range(of: #"^([:,;#%.\sa-zA-Z0-9!]|\w-\w|'[\s\w]+'|"[\s\w]+"|\([\d,\s]+\))*$"#, options: .regularExpression) == nil { return "" }
        if !style.replacingOccurrences(of: #"\s*[-\w]+\s*:\s*[^:;]*;?"#, with: "", options: .regularExpression).pyStrip().isEmpty { return "" }
        var clean: [String] = []
        let regex = try! NSRegularExpression(pattern: #"([-\w]+)\s*:\s*([^:;]*)"#)
        let ns = style as NSString
        for m in regex.matches(in: style, range: NSRange(location: 0, length: ns.length)) {
            let prop = ns.substring(with: m.range(at: 1)), value = ns.substring(with: m.range(at: 2))
            if value.isEmpty { continue }
            if FeedparserSanitizerLists.acceptableCSSProperties.contains(prop.lowercased()) {
                clean.append("\(prop): \(value);")
            } else if ["background", "border", "margin", "padding"].contains(prop.split(separator: "-").first.map { $0.lowercased() } ?? "") {
                let ok = value.split(separator: " ").allSatisfy {
                    FeedparserSanitizerLists.acceptableCSSKeywords.contains(String($0))
                        || String($0).range(of: #"^(#[0-9a-fA-F]+|rgb\(\d+%?,\d*%?,?\d*%?\)?|\d{0,2}\.?\d{0,2}(cm|em|ex|in|mm|pc|pt|px|%|,|\))?)$"#, options: .regularExpression) != nil
                }
                if ok { clean.append("\(prop): \(value);") }
            }
        }
        return clean.joined(separator: " ")
    }

    static let acceptableTagNames = FeedparserSanitizerLists.acceptableElements

    /// feedparser's `looks_like_html`: a closing tag or a reference, every tag name one the
    /// sanitizer accepts, and every named reference one HTML defines.
    static func looksLikeHTML(_ s: String) -> Bool {
        let hasClose = s.range(of: #"</(\w+)>"#, options: .regularExpression) != nil
        let hasRef = s.range(of: #"&#?\w+;"#, options: .regularExpression) != nil
        guard hasClose || hasRef else { return false }
        let ns = s as NSString
        let tagRegex = try! NSRegularExpression(pattern: #"</?(\w+)"#)
        for m in tagRegex.matches(in: s, range: NSRange(location: 0, length: ns.length)) {
            if !acceptableTagNames.contains(ns.substring(with: m.range(at: 1)).lowercased()) { return false }
        }
        let refRegex = try! NSRegularExpression(pattern: #"&(\w+);"#)
        for m in refRegex.matches(in: s, range: NSRange(location: 0, length: ns.length)) {
            let name = ns.substring(with: m.range(at: 1))
            if !(isHTMLEntity(name)) { return false }
        }
        return true
    }
}
