import Foundation
import Testing
@testable import BylineFacts
import BylineTestSupport

@Suite struct TextHygieneTests {
    static let tail = " #FoxNews Subscribe to Fox News! https://bit.ly/2vaBUvAS Watch more Fox News Video: http://video.foxnews.com"

    static func clip(_ id: Int64, _ summary: String) -> FactItem {
        FactItem(itemID: id, outlet: "foxnewstv", guid: "yt:\(id)", published: nil,
                 versions: [FactVersion(seenAt: at(Double(id)), previousPull: nil, title: "Clip \(id)", summary: summary)])
    }

    @Test func boilerplate_is_learned_from_repetition_across_stories() {
        let stories = [
            [Self.clip(1, "Bill Melugin reports from the bridge in Del Rio on 'Special Report'" + Self.tail)],
            [Self.clip(2, "Senator reacts to the vote." + Self.tail)],
            [Self.clip(3, "Markets close lower after a volatile day." + Self.tail)],
        ]
        let hygiene = TextHygiene.learn(from: stories)
        // "Watch more Fox News Video:" is the label of the link after it, removed by the fixed
        // rules; "Subscribe to Fox News!" is learned.
        #expect(hygiene.boilerplate["foxnewstv"] == ["subscribe to fox news"])
        #expect(hygiene.sentences(of: "Bill Melugin reports from the bridge in Del Rio on 'Special Report'" + Self.tail, outlet: "foxnewstv")
                == ["Bill Melugin reports from the bridge in Del Rio on 'Special Report'"])
        // Glued to a sentence without a full stop, it is cut from its end.
        #expect(hygiene.sentences(of: "Joe Concha discusses the story on General Mark Milley Subscribe to Fox News!", outlet: "foxnewstv")
                == ["Joe Concha discusses the story on General Mark Milley"])
        // Another outlet's text is not touched by what Fox repeats.
        #expect(hygiene.sentences(of: "Subscribe to Fox News! It is great.", outlet: "cnn") == ["Subscribe to Fox News!", "It is great."])
    }

    @Test func a_sentence_repeated_within_one_story_is_kept() {
        let story = (1...4).map { Self.clip(Int64($0), "More than 10,000 migrants are under the bridge.") }
        #expect(TextHygiene.learn(from: [story]).boilerplate == [:])
    }

    @Test func fixed_rules_remove_tracking_urls_hashtags_and_feed_footers() {
        let text = "Floods hit Auckland. Read more at www.example.com/x?utm_source=rss #NZ The post Floods hit Auckland appeared first on Example News."
        #expect(TextHygiene.fixedRulesOnly.sentences(of: text, outlet: "x") == ["Floods hit Auckland."])
    }
}

/// A link's label goes with the link: the words before a colon that a URL, a line break or the
/// end of the text follows.
@Suite struct LinkLabelTests {
    @Test(arguments: [
        ("Our reporter files from Leeds. - Subscribe to our channel: https://www.youtube.com/c/example",
         ["Our reporter files from Leeds."]),
        ("Vaccine uptake in the region is among the lowest in the country Subscribe to our news: https://example.com/s",
         ["Vaccine uptake in the region is among the lowest in the country"]),
        ("WATCH WEEKDAYS FROM 6AM OR CATCH UP ON DEMAND: https://example.com/w FOLLOW US ON SOCIAL MEDIA Facebook: https://example.com/f",
         []),
        ("The minister spoke in Leeds. Follow us on Twitter:", ["The minister spoke in Leeds."]),
        ("Sir David Amess: Police continue to quiz man", ["Sir David Amess: Police continue to quiz man"]),
        // A feed that drops line breaks glues a label's line to the link before it (abscbnnews,
        // headlines-2021-09, hdCZN75oVxk as stored: "Like and follow" was left as a sentence
        // added by a silent edit). The residues "For more" and "To watch the latest updates on"
        // (a capitalised word glued to the words before) are the outlet's learned boilerplate.
        ("A new research shows some Covid-19 survivors may have developed a significantly higher level of immunity to the deadly disease. "
         + "Don Tagala has the details. #TFCNews For more TFC News, click the link below: "
         + "https://www.youtube.com/playlist?list=PLgyY1WylJUmi5wSkAG4jCx83hJgSuTAPg For more ABS-CBN News, click the link below: "
         + "https://www.youtube.com/playlist?list=PLgyY1WylJUmgG2ln-vtKXb-oLlGEZc3sR To watch the latest updates on COVID-19, click the link below: "
         + "https://www.youtube.com/playlist?list=PLgyY1WylJUmgfPR6cfM34CVfv_xeWMu01 Like and follow TFC News Facebook: "
         + "https://facebook.com/TFCNewsNow Twitter",
         ["A new research shows some Covid-19 survivors may have developed a significantly higher level of immunity to the deadly disease.",
          "Don Tagala has the details.", "For more", "For more", "To watch the latest updates on"]),
        // A label after a link is still a label.
        ("Pacquiao accepts the nomination. https://www.youtube.com/playlist?list=PLgyY1WylJUmgG2ln-vtKXb-oLlGEZc3sR "
         + "For more breaking news, click the link below: https://www.youtube.com/playlist?list=PLgyY1WylJUmgG2ln-vtKXb-oLlGEZc3sR",
         ["Pacquiao accepts the nomination."]),
    ])
    func theLabelIsRemoved(text: String, sentences: [String]) {
        #expect(TextHygiene.fixedRulesOnly.sentences(of: text, outlet: "x") == sentences)
    }
}

/// A reporter's sign-off is a byline and a teaser a pointer, not claims; a bulleted list is one
/// segment per item.
@Suite struct SignOffAndBulletTests {
    @Test(arguments: [
        ("Thousands rallied in the capital. CNN's Rosa Flores reports.", ["Thousands rallied in the capital."]),
        ("Al Jazeera's Hiba Morgan reports from Khartoum. The prime minister warned of a crisis.",
         ["The prime minister warned of a crisis."]),
        ("CNN's Paula Newton has more.", []),
        // A sentence about a report is a claim, and stays.
        ("CNN's Rosa Flores reports that 10,000 migrants are under the bridge.",
         ["CNN's Rosa Flores reports that 10,000 migrants are under the bridge."]),
        // A teaser standing as its own sentence points to a video and states nothing (CNN, 2021-09-19).
        ("CNN reporter shows rallygoer video of Jan. 6 attack. See his reaction",
         ["CNN reporter shows rallygoer video of Jan. 6 attack."]),
        ("A driver slammed on the brakes. See what happened next", ["A driver slammed on the brakes."]),
        ("Watch the full interview.", []),
        // With a name, a number, more than five words after the verb, or inside a sentence, it stays.
        ("See Biden's reaction", ["See Biden's reaction"]),
        ("Watch out for scams that cost shoppers millions this year.", ["Watch out for scams that cost shoppers millions this year."]),
        ("Fans said they came to see his reaction", ["Fans said they came to see his reaction"]),
        ("The envoys were recalled. • France recall of ambassadors may be a first • Why France is angry",
         ["The envoys were recalled.", "France recall of ambassadors may be a first", "Why France is angry"]),
    ])
    func cleaned(text: String, sentences: [String]) {
        #expect(TextHygiene.fixedRulesOnly.sentences(of: text, outlet: "x") == sentences)
    }
}

/// The trigger phrases that let a text skip an expression of the fixed rules skip none that
/// could match: every text of the October window (title and summary) and these hard cases give
/// the same segments with every expression run.
@Suite struct TextHygieneTriggerTests {
    static let hardCases = [
        "Watch LIVE: HTTPS://WWW.EXAMPLE.COM/live and more", "Visit Www.Example.com today.", "Read More at the site.",
        "Fans cheered. CLICK HERE for photos.", "Storm hits • Power out • Roads closed", "Join us @FoxNews #Breaking",
        "Lava destroyed 100 homes […]", "The post Rain returns appeared first on Example News.",
        "CNN's Rosa Flores reports.", "CNN's Paula Newton has\nmore.", "Rates rose. Continue Reading…", "See the full story at bit.ly/x",
        "Rates rose. See his reaction", "Watch live: the count", "Listen to the full interview\nNext",
    ]

    @Test func asciiKeysAndWordChecksAgreeWithTheCharacterOnes() throws {
        #expect(TextHygiene.key("Subscribe to Fox News!") == "subscribe to fox news")
        #expect(TextHygiene.key("  COVID-19: 1,200 new cases\r\n(+3%)") == "covid 19 1 200 new cases 3")
        #expect(TextHygiene.key("Zürich: Straße gesperrt") == "zürich straße gesperrt")
        #expect(TextHygiene.key("?!") == "")
        #expect(TextHygiene.hasTwoWords("Go on") && !TextHygiene.hasTwoWords("A b c 12") && !TextHygiene.hasTwoWords("Über"))
        #expect(TextHygiene.hasTwoWords("Ça va"))
        var texts = Self.hardCases + ["Zürich: Straße gesperrt", "e\u{301}té à Paris", "x\r\ny", "ﬁve ½ ⅔ Ⅻ"]
        if SharedData.available {
            let lines = try String(contentsOf: SharedData.root.appendingPathComponent("clustering/headlines-2021-10/items.jsonl"), encoding: .utf8)
            for line in lines.split(separator: "\n") {
                let fields = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                texts += [fields["title"] as? String ?? "", fields["summary"] as? String ?? ""]
            }
        } else {
            print("skipped the October window's texts: \(SharedData.missingMessage)")
        }
        for text in texts {
            for piece in [text] + TextHygiene.segments(of: text) {
                #expect(TextHygiene.key(piece) == TextHygiene.unicodeKey(piece), "\(piece)")
                #expect(TextHygiene.hasTwoWords(piece) == TextHygiene.hasTwoWordsByCharacter(piece), "\(piece)")
            }
        }
    }

    @Test func triggersSkipOnlyExpressionsThatCannotMatch() throws {
        var texts = Self.hardCases
        if SharedData.available {
            let lines = try String(contentsOf: SharedData.root.appendingPathComponent("clustering/headlines-2021-10/items.jsonl"), encoding: .utf8)
            for line in lines.split(separator: "\n") {
                let fields = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                texts += [fields["title"] as? String ?? "", fields["summary"] as? String ?? ""]
            }
            #expect(texts.count == Self.hardCases.count + 2 * 887)
        } else {
            print("skipped the October window's texts: \(SharedData.missingMessage)")
        }
        for text in texts {
            #expect(TextHygiene.segments(of: text) == TextHygiene.segments(of: text, everyRule: true), "\(text)")
        }
    }
}
