import BylineText
import Foundation

/// Tells a news organisation from another source in a name that a text credits ("according to
/// X", "told X", "X was first to report"), whether or not Byline follows it.
///
/// A name is a news organisation when, as written or with a leading "The", trailing time words
/// ("told Reuters Monday"), a trailing channel number ("NBC 4"), trailing lower-case words that
/// say what it is ("the Sun newspaper", "Reuters news agency": ``descriptors``) or the words
/// after a possessive ("LBC's Andrew Pierce": LBC) left out:
/// - it is in ``gazetteer`` (compared by ``BylineText/OutletName/key(_:)``): the major news
///   agencies, broadcasters and news publications whose names do not say what they are
///   ("Reuters", "TMZ", "The Athletic");
/// - or it has the form of an English news organisation's name: its last word is a head word
///   of newspaper, magazine, broadcaster or agency naming (``headWords``: "Manchester Evening
///   News", "Cleveland Plains Dealer", "Sunday Times Magazine", "Chinese state media"), a
///   head word opens it before "of" ("Times of Israel"), or it ends in "news agency" or
///   "press agency". A few common names of other bodies that end in a head word are not
///   ("Medical Examiner", "Royal Mail", "American Express").
///
/// Any other name is another source: a person ("Liz Truss"), an official body ("Justice
/// Department", "High Court"), a description ("Dutch researchers").
///
/// The gazetteer is a Swift table rather than a resource file: it is small, it changes with the
/// code that reads it, and a table compiled into the library cannot go missing beside a copied
/// `byline` binary or fail to load at run time.
public enum NewsOrganisation {
    /// One news organisation of the gazetteer: its usual English name and other names texts use.
    public struct Entry: Sendable, Hashable {
        /// The name reports show (`Associated Press`).
        public var name: String
        /// Other names (`AP`).
        public var aliases: [String]

        init(_ name: String, _ aliases: [String] = []) {
            self.name = name
            self.aliases = aliases
        }
    }

    /// Major news agencies, broadcasters and news publications whose names do not have the form
    /// of a news organisation's name (a name that ends in a head word, "Financial Times", needs
    /// no entry unless it has a short form such as "FT", or its name begins with a "The" that
    /// texts lower-case or leave out: "The Sunday Times", so that reports spell it as it does,
    /// as they spell "The Sun").
    ///
    /// Sources: general knowledge, as listed by the international news agencies' own
    /// associations and the public-service broadcasters' unions (the agencies of the European
    /// Alliance of News Agencies and of the Organization of Asia-Pacific News Agencies, the
    /// members of the European Broadcasting Union and the Asia-Pacific Broadcasting Union),
    /// the US national networks, and widely cited national newspapers, magazines and news
    /// sites. The list is of organisations, not of names seen in any feed.
    public static let gazetteer: [Entry] = [
        // News agencies.
        Entry("Reuters", ["Thomson Reuters"]), Entry("Associated Press", ["AP"]),
        Entry("Agence France-Presse", ["AFP", "Agence France Presse"]), Entry("Bloomberg", ["Bloomberg News"]),
        Entry("United Press International", ["UPI"]), Entry("Deutsche Presse-Agentur", ["dpa"]), Entry("EFE", ["Agencia EFE"]),
        Entry("ANSA"), Entry("Europa Press"), Entry("Kyodo", ["Kyodo News"]), Entry("Jiji", ["Jiji Press"]),
        Entry("Yonhap", ["Yonhap News Agency"]), Entry("Xinhua", ["Xinhua News Agency"]), Entry("TASS", ["ITAR-TASS"]),
        Entry("RIA Novosti", ["RIA"]), Entry("Interfax"), Entry("Sputnik"), Entry("Anadolu", ["Anadolu Agency"]),
        Entry("Press Trust of India", ["PTI"]), Entry("ANI", ["Asian News International"]),
        Entry("Australian Associated Press", ["AAP"]), Entry("The Canadian Press"), Entry("PA Media", ["Press Association"]),
        Entry("Agência Brasil"), Entry("Notimex"), Entry("Bernama"), Entry("Antara"), Entry("IRNA"), Entry("WAFA"),
        Entry("KCNA", ["Korean Central News Agency"]), Entry("Central News Agency"), Entry("Ukrinform"),
        Entry("Dow Jones", ["Dow Jones Newswires"]),
        // Broadcasters.
        Entry("BBC"), Entry("CNN"), Entry("NBC"), Entry("ABC"), Entry("CBS"), Entry("Fox"), Entry("NPR"), Entry("PBS"),
        Entry("MSNBC"), Entry("CNBC"), Entry("C-SPAN"), Entry("ESPN"), Entry("Univision"), Entry("Telemundo"),
        Entry("Voice of America", ["VOA"]), Entry("Radio Free Europe/Radio Liberty", ["RFE/RL", "Radio Liberty"]),
        Entry("Al Jazeera"), Entry("Al Arabiya"), Entry("Sky News", ["Sky"]), Entry("ITV"), Entry("ITN"), Entry("Channel 4"),
        Entry("LBC"), Entry("GB News"), Entry("CBC"), Entry("CTV"), Entry("RTÉ", ["RTE"]), Entry("TVNZ"), Entry("RNZ"),
        Entry("Newshub"), Entry("NHK"), Entry("KBS"), Entry("MBC"), Entry("SBS"), Entry("ARD"), Entry("ZDF"),
        Entry("Deutsche Welle", ["DW"]), Entry("France 24"), Entry("RFI"), Entry("TF1"), Entry("RAI"), Entry("RTVE"),
        Entry("Euronews"), Entry("RT", ["Russia Today"]), Entry("CCTV"), Entry("CGTN"), Entry("Phoenix TV"), Entry("NDTV"),
        Entry("Channel NewsAsia", ["CNA"]), Entry("Radio Free Asia", ["RFA"]), Entry("Sky Sports"),
        // News publications and sites.
        Entry("TMZ"), Entry("Politico"), Entry("Axios"), Entry("The Athletic"), Entry("Vox"), Entry("Vice"),
        Entry("BuzzFeed", ["BuzzFeed News"]), Entry("HuffPost", ["Huffington Post"]), Entry("The Daily Beast"),
        Entry("Semafor"), Entry("Insider", ["Business Insider"]), Entry("The Hill"), Entry("ProPublica"),
        Entry("The Intercept"), Entry("Breitbart"), Entry("Newsmax"), Entry("Newsweek"), Entry("Newsday"), Entry("Time"),
        Entry("The Atlantic"), Entry("The New Yorker"), Entry("The Economist"), Entry("Forbes"), Entry("Fortune"),
        Entry("Variety"), Entry("Deadline"), Entry("The Hollywood Reporter"), Entry("Rolling Stone"), Entry("People"),
        Entry("The Sun"), Entry("The Independent"), Entry("Financial Times", ["FT"]), Entry("The Wall Street Journal", ["WSJ"]),
        Entry("The New York Times", ["NYT"]), Entry("The Washington Post", ["WaPo"]), Entry("USA Today"),
        Entry("South China Morning Post", ["SCMP"]), Entry("The Times of India"), Entry("Le Monde"), Entry("Le Figaro"),
        Entry("Libération"), Entry("El País"), Entry("El Mundo"), Entry("Der Spiegel", ["Spiegel"]), Entry("Bild"),
        Entry("Die Zeit"), Entry("Süddeutsche Zeitung"), Entry("Frankfurter Allgemeine Zeitung", ["FAZ"]),
        Entry("Corriere della Sera"), Entry("La Repubblica"), Entry("La Stampa"), Entry("Haaretz"), Entry("Yedioth Ahronoth"),
        Entry("Kommersant"), Entry("Izvestia"), Entry("Vedomosti"), Entry("Pravda"), Entry("Asahi Shimbun", ["Asahi"]),
        Entry("Yomiuri Shimbun", ["Yomiuri"]), Entry("Mainichi Shimbun", ["Mainichi"]), Entry("Nikkei"),
        Entry("The Christian Science Monitor"), Entry("The Boston Globe"), Entry("Caixin"),
        // National and major city newspapers whose name takes a "The".
        Entry("The Sunday Times"), Entry("The Guardian"), Entry("The Observer"), Entry("The Daily Telegraph", ["The Telegraph"]),
        Entry("The Mail on Sunday"), Entry("The Scotsman"), Entry("The Irish Times"), Entry("The Globe and Mail"),
        Entry("The Sydney Morning Herald"), Entry("The Straits Times"), Entry("The Japan Times"),
        Entry("The Philadelphia Inquirer"), Entry("The Plain Dealer", ["Cleveland Plain Dealer"]), Entry("The Dallas Morning News"),
        Entry("The Baltimore Sun"), Entry("The Seattle Times"),
    ]

    /// The last words (lower case) that make a name a news organisation's: newspaper,
    /// magazine, broadcaster and wire naming in English, and the "Zeitung", "Shimbun" and
    /// "Ilbo" of other languages' newspapers.
    public static let headWords: Set<String> = [
        "times", "news", "post", "herald", "journal", "gazette", "tribune", "chronicle", "telegraph", "guardian",
        "mail", "express", "mirror", "observer", "standard", "courier", "examiner", "inquirer", "dealer", "magazine",
        "radio", "television", "tv", "broadcasting", "broadcaster", "network", "press", "wire", "media", "newspaper",
        "newspapers", "tabloid", "newsletter", "channel", "independent", "sentinel", "echo", "argus", "advertiser",
        "enquirer", "daily", "weekly", "zeitung", "shimbun", "ilbo",
    ]

    /// Names of other bodies (lower case) that end in a head word.
    static let notNews: Set<String> = ["medical examiner", "royal mail", "american express", "public guardian"]

    /// Lower-case words after a name that say what it is, not who ("the Sun newspaper", "Reuters
    /// news agency", "the New Yorker magazine"), each as words; matched as written (a capitalised
    /// "Magazine" is part of a name: "Sunday Times Magazine"). Longer ones first.
    public static let descriptors: [[String]] = [
        ["news", "agency"], ["news", "site"], ["wire", "service"],
        ["newspaper"], ["paper"], ["tabloid"], ["broadsheet"], ["daily"], ["magazine"], ["website"], ["site"],
        ["agency"], ["network"], ["broadcaster"], ["channel"],
    ]

    /// Words after a name that say when, not who ("told Reuters Monday").
    private static let timeWords: Set<String> = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "tonight",
    ]

    private static let gazetteerByKey: [String: String] = {
        var byKey: [String: String] = [:]
        for entry in gazetteer {
            for name in [entry.name] + entry.aliases {
                let key = OutletName.key(name)
                if !key.isEmpty, byKey[key] == nil { byKey[key] = entry.name }
            }
        }
        return byKey
    }()

    /// The news organisation that `name` (as written in a text) names, spelt one way however
    /// the text writes it: the gazetteer's name when any reading of it is there ("The Sun" for
    /// "Sun", "the Sun newspaper" and "The Sun's Harry Cole"; "The Sunday Times" for "Sunday
    /// Times"), else the name with a leading "The", trailing time words and descriptors and what
    /// follows a possessive left out ("Manchester Evening News" for "the Manchester Evening News
    /// newspaper"; "LBC" for "LBC's Andrew Pierce"); nil when it names another source.
    public static func name(in name: String) -> String? {
        let readings = candidates(name)
        for candidate in readings {
            if let known = gazetteerByKey[OutletName.key(candidate)] { return known }
        }
        return readings.first(where: hasNewsForm)
    }

    /// The readings of a credited name: without trailing descriptors ("Sunday Times" for
    /// "Sunday Times newspaper", when they were there), the whole name, without trailing time
    /// words and a trailing channel number ("NBC 4"), and the owner before a possessive.
    private static func candidates(_ raw: String) -> [String] {
        var words = raw.split(whereSeparator: \.isWhitespace).map(String.init)
        if words.count > 1, words.first == "The" || words.first == "the" { words.removeFirst() }
        var result = [words.joined(separator: " ")]
        var named = words
        while let descriptor = descriptors.first(where: { named.count > $0.count && Array(named.suffix($0.count)) == $0 }) {
            named.removeLast(descriptor.count)
        }
        if named.count < words.count { result.insert(named.joined(separator: " "), at: 0) }
        while words.count > 1, let last = words.last, timeWords.contains(last.lowercased()) || last.allSatisfy(\.isNumber) {
            words.removeLast()
        }
        if words.joined(separator: " ") != result[0] { result.append(words.joined(separator: " ")) }
        // "LBC's Andrew Pierce", "NBC News' Lester Holt": the outlet before the possessive.
        if let index = words.dropLast().firstIndex(where: { word in
            ["'s", "’s"].contains { word.hasSuffix($0) } || (word.count > 2 && (word.hasSuffix("s'") || word.hasSuffix("s’")))
        }) {
            var owner = Array(words[...index])
            var last = owner.removeLast()
            last.removeLast(last.hasSuffix("s'") || last.hasSuffix("s’") ? 1 : 2)
            owner.append(last)
            result.append(owner.joined(separator: " "))
        }
        return result.filter { !$0.isEmpty }
    }

    /// Whether `name` (no leading "The") has the form of a news organisation's name.
    private static func hasNewsForm(_ name: String) -> Bool {
        let words = name.split(whereSeparator: { $0.isWhitespace || $0 == "-" || $0 == "/" }).map { $0.lowercased() }
        guard let last = words.last else { return false }
        if words.count >= 2, notNews.contains(words.suffix(2).joined(separator: " ")) { return false }
        if headWords.contains(last) { return true }
        if last == "agency", words.count >= 2, ["news", "press"].contains(words[words.count - 2]) { return true }
        // "Times of Israel", "Journal of Commerce".
        if words.count >= 3, headWords.contains(words[0]), words[1] == "of" { return true }
        return false
    }
}
