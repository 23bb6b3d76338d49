public import Foundation

/// A text construct as the feed gives it, before Byline makes it plain text: title, subtitle,
/// rights, summary or content with its media type, language and base URI.
///
/// The plain-text fields of ``Feed`` and ``FeedItem`` are read from the same element text as
/// this value (``HTMLText`` over it), so the two never disagree about which element was read.
public struct FeedText: Sendable, Hashable, Codable {
    /// The text after XML decoding: HTML source for `text/html` (`<p>Fish &amp; chips</p>`),
    /// the child elements written out again for XHTML (without the `div` an Atom 1.0 `xhtml`
    /// construct wraps them in), base64 decoded for Atom 0.3 `mode="base64"`.
    public var value: String
    /// The media type: `text/plain`, `text/html`, `application/xhtml+xml` (Atom's `text`,
    /// `html` and `xhtml` mapped to these), or another type as declared. Without a `type`
    /// attribute, the element's default: `text/html` for RSS `description`, `content:encoded`
    /// and `media:description`, `text/plain` for the others (feedparser's defaults).
    public var type: String
    /// The `xml:lang` in effect (else the HTTP `Content-Language`), as written; nil when none.
    public var language: String?
    /// The base URI in effect (`xml:base`, else the document URL), nil when none is known.
    public var base: String?
    /// Atom `content`'s `src`: the content is elsewhere. Nil for every other construct.
    public var source: String?

    /// Creates a text construct.
    public init(value: String, type: String, language: String? = nil, base: String? = nil, source: String? = nil) {
        self.value = value
        self.type = type
        self.language = language
        self.base = base
        self.source = source
    }
}

/// A link: RSS `link` text, an Atom `link` element, an RSS `enclosure` (``rel`` `enclosure`)
/// or a Creative Commons license (``rel`` `license`).
public struct FeedLink: Sendable, Hashable, Codable {
    /// The URL, made absolute against the base in effect where one was known; nil when the
    /// element gave none.
    public var href: String?
    /// The relation, lower-cased: `alternate` when not given.
    public var rel: String
    /// The media type, lower-cased, as given; nil when not given (an RSS `link` is `text/html`).
    public var type: String?
    /// Atom's `title` attribute.
    public var title: String?
    /// The size in bytes as written (Atom and enclosure `length`).
    public var length: String?
    /// Atom's `hreflang`.
    public var hreflang: String?

    /// Creates a link.
    public init(href: String?, rel: String = "alternate", type: String? = nil, title: String? = nil,
                length: String? = nil, hreflang: String? = nil) {
        self.href = href
        self.rel = rel
        self.type = type
        self.title = title
        self.length = length
        self.hreflang = hreflang
    }
}

/// A person: an author, contributor or publisher.
///
/// Atom persons give their parts as elements (`name`, `email`, `uri`); RSS gives one string
/// (`author`, `managingEditor`, `dc:creator`), kept whole in ``name``.
public struct FeedPerson: Sendable, Hashable, Codable {
    /// The name as given (for RSS the whole text, e.g. `jane@example.com (Jane Doe)`).
    public var name: String?
    /// Atom `email`, iTunes `email`.
    public var email: String?
    /// Atom `uri` (or `url`, `homepage`), made absolute.
    public var href: String?

    /// Creates a person.
    public init(name: String? = nil, email: String? = nil, href: String? = nil) {
        self.name = name
        self.email = email
        self.href = href
    }
}

/// A category: RSS `category` (text, `domain`), Atom `category` (`term`, `scheme`, `label`),
/// `dc:subject`, iTunes and Media RSS categories and keywords.
public struct FeedCategory: Sendable, Hashable, Codable {
    /// The term (RSS: the element text; Atom: `term`).
    public var term: String?
    /// The scheme (Atom `scheme`, RSS `domain`; iTunes `http://www.itunes.com/`).
    public var scheme: String?
    /// Atom's `label`.
    public var label: String?

    /// Creates a category.
    public init(term: String?, scheme: String? = nil, label: String? = nil) {
        self.term = term
        self.scheme = scheme
        self.label = label
    }
}

/// A date as written, and the instant ``DateParser`` reads from it (nil when it reads none).
public struct FeedTimestamp: Sendable, Hashable, Codable {
    /// The element text, trimmed.
    public var text: String
    /// The instant, UTC; nil when the text is no date Byline can read.
    public var date: Date?

    /// Creates a timestamp.
    public init(text: String, date: Date?) {
        self.text = text
        self.date = date
    }
}

/// An element's or attribute's name: its namespace URI (nil for none), the prefix the
/// document wrote (nil for none) and the local name, as written.
public struct FeedName: Sendable, Hashable, Codable {
    /// The namespace URI, as declared.
    public var namespace: String?
    /// The prefix as written in the document.
    public var prefix: String?
    /// The local name.
    public var local: String

    /// Creates a name.
    public init(namespace: String?, prefix: String?, local: String) {
        self.namespace = namespace
        self.prefix = prefix
        self.local = local
    }
}

/// One attribute of a ``FeedElement``.
public struct FeedAttribute: Sendable, Hashable, Codable {
    /// The attribute's name.
    public var name: FeedName
    /// Its value after XML decoding.
    public var value: String

    /// Creates an attribute.
    public init(name: FeedName, value: String) {
        self.name = name
        self.value = value
    }
}

/// An element of the channel, an item or a source that Byline has no field for (extensions
/// such as `itunes:explicit`, `media:thumbnail`, `georss:point`, or unknown ones), kept as the
/// document wrote it: name, attributes, its own text and its child elements.
public struct FeedElement: Sendable, Hashable, Codable {
    /// The element's name.
    public var name: FeedName
    /// Its attributes in document order (namespace declarations excluded).
    public var attributes: [FeedAttribute]
    /// Its own character data, not its children's, untrimmed.
    public var text: String
    /// Its child elements in document order.
    public var children: [FeedElement]
    /// The base URI in effect at the element (`xml:base`, else the document URL), nil when none.
    public var base: String?

    /// Creates an element.
    public init(name: FeedName, attributes: [FeedAttribute] = [], text: String = "", children: [FeedElement] = []) {
        self.name = name
        self.attributes = attributes
        self.text = text
        self.children = children
    }

    /// The value of the attribute with local name `local` (any namespace), or nil.
    public func attribute(_ local: String) -> String? {
        attributes.first { $0.name.local == local }?.value
    }
}

/// RSS `image` (with iTunes `image`'s `href`): a channel's or an item's picture.
public struct FeedImage: Sendable, Hashable, Codable {
    /// The picture's URL (`url`, or iTunes `href`), absolute where a base was known.
    public var href: String?
    /// The image's `title`, `link` and `description`.
    public var title: String?
    public var link: String?
    public var description: String?
    /// The size in pixels, when given as an integer (0 when given but not one, as feedparser).
    public var width: Int?
    public var height: Int?

    /// Creates an image.
    public init(href: String? = nil, title: String? = nil, link: String? = nil, description: String? = nil,
                width: Int? = nil, height: Int? = nil) {
        self.href = href
        self.title = title
        self.link = link
        self.description = description
        self.width = width
        self.height = height
    }
}

/// RSS `textInput`: a search box the channel offers.
public struct FeedTextInput: Sendable, Hashable, Codable {
    public var title: String?
    public var description: String?
    public var name: String?
    public var link: String?

    /// Creates a text input.
    public init(title: String? = nil, description: String? = nil, name: String? = nil, link: String? = nil) {
        self.title = title
        self.description = description
        self.name = name
        self.link = link
    }
}

/// The software that wrote the feed (Atom and RSS `generator`, `admin:generatorAgent`).
public struct FeedGenerator: Sendable, Hashable, Codable {
    /// The element text.
    public var name: String?
    /// Atom `uri` (or `url`, `href`), `admin:generatorAgent`'s `rdf:resource`.
    public var href: String?
    /// Atom `version`.
    public var version: String?

    /// Creates a generator.
    public init(name: String? = nil, href: String? = nil, version: String? = nil) {
        self.name = name
        self.href = href
        self.version = version
    }
}

/// What a channel (or an Atom entry's `source`) says about itself beyond ``Feed``'s fields.
public struct FeedMetadata: Sendable, Hashable, Codable {
    /// Title, subtitle (RSS `description`, Atom `subtitle`/`tagline`, iTunes `subtitle`),
    /// rights (`copyright`, `dc:rights`) and `info`, as text constructs.
    public var title: FeedText?
    public var subtitle: FeedText?
    public var rights: FeedText?
    public var info: FeedText?
    /// Atom `id` (RSS `guid` when a channel has one).
    public var id: String?
    /// ``id`` made absolute against the base in effect (an id may be a link).
    public var permalink: String?
    /// Whether ``id`` came before any link element.
    public var idIsLink = false
    /// Every link in document order; the channel link is the first `alternate` one.
    public var links: [FeedLink] = []
    /// Authors (`author`, `managingEditor`, `dc:creator`, iTunes `author`), contributors and
    /// the publisher (`webMaster`, `dc:publisher`, iTunes `owner`).
    public var authors: [FeedPerson] = []
    public var contributors: [FeedPerson] = []
    public var publisher: FeedPerson?
    public var generator: FeedGenerator?
    public var categories: [FeedCategory] = []
    /// Dates as written: published (`pubDate`, Atom `published`, `dcterms:issued`), updated
    /// (`lastBuildDate`, Atom `updated`, `dc:date`, `dcterms:modified`), created
    /// (`dcterms:created`), and the start and end of `dcterms:valid`.
    public var published: FeedTimestamp?
    public var updated: FeedTimestamp?
    public var created: FeedTimestamp?
    public var validStart: FeedTimestamp?
    public var validEnd: FeedTimestamp?
    public var image: FeedImage?
    public var textInput: FeedTextInput?
    /// Atom `icon` and `logo`, RSS `docs` (absolute), `ttl` as written, `cloud`'s attributes.
    public var icon: String?
    public var logo: String?
    public var docs: String?
    public var ttl: String?
    public var cloud: [FeedAttribute]?
    /// `admin:errorReportsTo`'s resource and a moved feed's new location (`newLocation`).
    public var errorReportsTo: String?
    public var newLocation: String?
    /// Elements Byline has no field for, in document order.
    public var extensions: [FeedElement] = []
    /// An RSS 2.0 item `source`'s `url` (the channel the item came from); its text is ``title``.
    public var url: String?

    /// Creates empty metadata.
    public init() {}
}

/// What the document says beyond ``Feed``'s fields, read in the same pass when
/// ``FeedParser/Options/detail`` is set: the metadata, how the bytes were read, and what made
/// the document less than well-formed XML.
public struct FeedDetail: Sendable, Hashable, Codable {
    /// The encoding the bytes were decoded from, lower-cased (`utf-8`, `windows-1251`).
    public var encoding: String
    /// Why the document is not clean XML in its declared encoding (an encoding that had to be
    /// overridden, junk before the root, an undefined entity, a well-formedness error): the
    /// first reason; nil for a clean document. Unparseable dates are not such a reason.
    public var problem: String?
    /// The root element's `version` attribute, as written.
    public var declaredVersion: String?
    /// The root's name when it shows the document's dialect (`rss`, `RDF`, `feed`, `channel`
    /// of CDF, as written).
    public var root: String?
    /// Namespace declarations in document order: (prefix, nil for the default, URI).
    public var namespaces: [FeedNamespace] = []
    /// Whether the DOCTYPE names Netscape's RSS 0.91.
    public var netscapeDoctype = false
    /// The channel's metadata.
    public var channel = FeedMetadata()

    /// Creates a detail with the encoding it was read in.
    public init(encoding: String) {
        self.encoding = encoding
    }
}

/// One namespace declaration (`xmlns` or `xmlns:prefix`).
public struct FeedNamespace: Sendable, Hashable, Codable {
    /// The declared prefix; nil for a default namespace.
    public var prefix: String?
    /// The URI as declared.
    public var uri: String

    /// Creates a declaration.
    public init(prefix: String?, uri: String) {
        self.prefix = prefix
        self.uri = uri
    }
}

/// What an item says beyond ``FeedItem``'s fields.
public struct FeedItemDetail: Sendable, Hashable, Codable {
    /// The title and summary as text constructs (the same elements ``FeedItem/title`` and
    /// ``FeedItem/summary`` are read from).
    public var title: FeedText?
    public var summary: FeedText?
    /// Every content element in document order (`content:encoded`, Atom `content`, XHTML `body`).
    public var contents: [FeedText] = []
    /// The guid's `isPermaLink` (RSS; true when not given).
    public var guidIsPermaLink = true
    /// Whether the guid is a permalink (RSS `isPermaLink` not `false`, Atom `id`) given before
    /// any link element (feedparser's `guidislink`).
    public var guidIsLink = false
    /// The guid made absolute against the base in effect when it may be a link (RSS
    /// `isPermaLink` not `false`, Atom `id`); nil otherwise.
    public var permalink: String?
    /// The item's own `language` (`dc:language`).
    public var language: String?
    /// Every link in document order, enclosures (``FeedLink/rel`` `enclosure`) included.
    public var links: [FeedLink] = []
    public var authors: [FeedPerson] = []
    public var contributors: [FeedPerson] = []
    public var publisher: FeedPerson?
    public var categories: [FeedCategory] = []
    /// Dates as written (see ``FeedMetadata``), and `expirationDate`.
    public var published: FeedTimestamp?
    public var updated: FeedTimestamp?
    public var created: FeedTimestamp?
    public var expired: FeedTimestamp?
    /// RSS `comments` (absolute).
    public var comments: String?
    /// An iTunes `image` on the item.
    public var image: FeedImage?
    /// Atom `source`: the feed an entry was copied from.
    public var source: FeedMetadata?
    /// Rights (`dc:rights`, Atom `rights`) and subtitle (iTunes `subtitle`).
    public var rights: FeedText?
    public var subtitle: FeedText?
    /// Elements Byline has no field for, in document order.
    public var extensions: [FeedElement] = []

    /// Creates an empty detail.
    public init() {}
}
