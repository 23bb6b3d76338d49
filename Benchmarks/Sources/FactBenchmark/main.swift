// Fact alignment harness: the facts of hand-labelled stories, scored against hand-labelled facts.
//
// The stories are those of a story gold file (`outlet<TAB>item_guid<TAB>story`, e.g.
// ../shared/clustering/headlines-2021-10/gold.tsv): the engine runs on exactly the labelled items
// of each story, so the figures do not depend on the clustering.
//
//   FactBenchmark export DB GOLD.tsv OUT.tsv slug...    every unit of the stories with the fact the
//                                                       engine gives it (a file to label by hand)
//   FactBenchmark score DB GOLD.tsv LABELS.tsv [model=DIR] [join=X] [meaning=W] [tokenjoin=X] [background=W] [tokens=no] [dump] [pairs]
//                                                       B-cubed F1 over the labelled units and the
//                                                       cross-outlet pairwise F1; with a model the
//                                                       facts are aligned by meaning (FactSettings
//                                                       overridden by join= and meaning=); dump
//                                                       prints each fact with the labels of its
//                                                       units, pairs every cross-outlet pair's cosine
//   FactBenchmark pair MODEL_DIR "sentence" "sentence"  the cosine of two sentences and whether the
//                                                       engine makes them one fact
//
// LABELS.tsv (Tests/Labels/october-facts.tsv): story, fact label, outlet, item_guid, opening (the
// sentence's first eight words). A unit the engine puts in several facts counts in its first.
// DB is opened for writing (an older store is migrated).
import BylineEmbed
import BylineFacts
import BylinePipeline
import BylineStore
import BylineStories
import Foundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

func readTSV(_ path: String) -> [[String]] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { fail("cannot read \(path)") }
    return text.split(separator: "\n", omittingEmptySubsequences: true).map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
}

struct Key: Hashable { var outlet: String; var guid: String }

let arguments = Array(CommandLine.arguments.dropFirst())
// FactBenchmark pair MODEL_DIR "sentence one" "sentence two": the cosine, and whether the engine
// aligns the two as one fact when two outlets state them an hour apart.
if arguments.first == "pair", arguments.count == 4 {
    let model = try SentenceEmbedder(directory: URL(fileURLWithPath: arguments[1]), maxTokens: 64)
    let texts = [arguments[2], arguments[3]]
    let start = Date(timeIntervalSince1970: 1_634_400_000)
    let items = texts.enumerated().map { index, text in
        FactItem(itemID: Int64(index + 1), outlet: ["a", "b"][index], guid: "g\(index)", published: nil,
                 versions: [FactVersion(seenAt: start.addingTimeInterval(Double(index) * 3600), previousPull: nil, title: text, summary: "")])
    }
    let unitTexts = FactEngine.unitTexts(of: items)
    let vectors = Dictionary(uniqueKeysWithValues: zip(unitTexts, model.embed(unitTexts)))
    let embedded = model.embed(texts)
    let cosine = zip(embedded[0], embedded[1]).reduce(Float(0)) { $0 + $1.0 * $1.1 }
    let facts = FactEngine.analyze(items, vectors: vectors).facts
    print(String(format: "cosine %.3f  ", cosine) + (facts.count == 1 ? "ONE fact" : "\(facts.count) facts"))
    exit(0)
}
guard arguments.count >= 3 else { fail("usage: FactBenchmark export|score DB GOLD.tsv ...") }
let mode = arguments[0]
let store = try Store(path: arguments[1])
let options = Dictionary(arguments.dropFirst(3).compactMap { argument -> (String, String)? in
    guard let eq = argument.firstIndex(of: "=") else { return nil }
    return (String(argument[..<eq]), String(argument[argument.index(after: eq)...]))
}, uniquingKeysWith: { $1 })
let flags = Set(arguments.dropFirst(3).filter { !$0.contains("=") })

let embedder: SentenceEmbedder? = options["model"].map { directory in
    do { return try SentenceEmbedder(directory: URL(fileURLWithPath: directory), maxTokens: 64) } catch { fail("\(error)") }
}
let analysis = try await Analysis.load(from: store)
let clauseMarkers = embedder.map { FactEmbedder(store: store, embedder: $0, saving: false).clauseMarkers } ?? []
let hygiene = analysis.textHygiene()
let items = try store.items()
let byKey = Dictionary(items.map { (Key(outlet: $0.outletID, guid: $0.guid), $0) }, uniquingKeysWith: { a, _ in a })

var storyItems: [String: [StoredItem]] = [:]
var storyOrder: [String] = []
for row in readTSV(arguments[2]).dropFirst() where row.count >= 3 {
    guard let item = byKey[Key(outlet: row[0], guid: row[1])] else { continue }
    if storyItems[row[2]] == nil { storyOrder.append(row[2]) }
    storyItems[row[2], default: []].append(item)
}

var settings = FactSettings.default
if let value = options["join"].flatMap(Double.init) { settings.joinThreshold = value }
if let value = options["meaning"].flatMap(Double.init) { settings.meaningWeight = value }
if let value = options["tokenjoin"].flatMap(Double.init) { settings.tokenJoinThreshold = value }
if let value = options["background"].flatMap(Double.init) { settings.backgroundClauseWeight = value }
// tokens=no aligns by the pooled sentence vectors only (as before word pieces were aligned).
let useTokens = options["tokens"] != "no"
var vectorCache: [String: [Float]] = [:]
var tokenCache: [String: TokenVectors] = [:]

@MainActor func facts(of slug: String) -> StoryFacts {
    let members = (storyItems[slug] ?? []).map(\.factItem)
    var vectors: [String: [Float]] = [:]
    if let embedder {
        let texts = FactEngine.unitTexts(of: members, hygiene: hygiene)
        let missing = texts.filter { vectorCache[$0] == nil }
        for (text, vector) in zip(missing, embedder.embed(missing)) { vectorCache[text] = vector }
        for text in texts { vectors[text] = vectorCache[text] }
    }
    var tokens: [String: TokenVectors] = [:]
    if let embedder, useTokens {
        let texts = FactEngine.unitTexts(of: members, hygiene: hygiene)
        let missing = texts.filter { tokenCache[$0] == nil }
        for (text, pieces) in zip(missing, embedder.tokenEmbeddings(missing)) {
            tokenCache[text] = TokenVectors(ids: pieces.ids, vectors: pieces.vectors)
        }
        for text in texts { tokens[text] = tokenCache[text] }
    }
    return FactEngine.analyze(members, hygiene: hygiene, vectors: vectors, tokens: tokens, clauseMarkers: clauseMarkers,
                              settings: settings)
}

switch mode {
case "export":
    guard arguments.count >= 5 else { fail("usage: FactBenchmark export DB GOLD.tsv OUT.tsv slug...") }
    var lines: [String] = []
    for slug in arguments.dropFirst(4) {
        guard storyItems[slug] != nil else { fail("no story \(slug)") }
        let guidOf = Dictionary(uniqueKeysWithValues: storyItems[slug]!.map { ($0.id, $0.guid) })
        var seen: Set<String> = []
        for fact in facts(of: slug).facts {
            for mention in fact.mentions {
                let key = "\(mention.itemID)\t\(mention.sentence)"
                guard seen.insert(key).inserted else { continue }
                lines.append([slug, String(fact.id), mention.outlet, guidOf[mention.itemID] ?? "", mention.sentence].joined(separator: "\t"))
            }
        }
    }
    try (lines.joined(separator: "\n") + "\n").write(toFile: arguments[3], atomically: true, encoding: .utf8)
    print("\(lines.count) units")
case "time":
    // FactBenchmark time DB GOLD.tsv model=DIR: the fact engine's time on each story of the store
    // (2+ outlets), the vectors read from the store (a report run first stores them); the slowest five.
    let factEmbedder = embedder.map { FactEmbedder(store: store, embedder: $0) }
    var times: [(seconds: Double, units: Int, items: Int, headline: String)] = []
    var total = 0.0
    for story in analysis.stories where story.outlets.count >= 2 {
        let items = story.items.map(\.factItem)
        let texts = FactEngine.unitTexts(of: items, hygiene: hygiene)
        let embedded = await factEmbedder?.embeddings(for: texts)
        let vectors = embedded?.vectors ?? [:]
        let tokens = useTokens ? (embedded?.tokens ?? [:]) : [:]
        let start = Date()
        _ = FactEngine.analyze(items, hygiene: hygiene, wireGroups: story.wireGroups.map(\.itemIDs), vectors: vectors,
                               tokens: tokens, clauseMarkers: clauseMarkers, settings: settings)
        let seconds = Date().timeIntervalSince(start)
        total += seconds
        times.append((seconds, texts.count, items.count, story.headline))
    }
    for entry in times.sorted(by: { $0.seconds > $1.seconds }).prefix(5) {
        print(String(format: "%.3f s  %d units  %d items  ", entry.seconds, entry.units, entry.items) + entry.headline.prefix(70))
    }
    print(String(format: "%d stories of 2+ outlets, fact engine %.2f s in all", times.count, total))
case "score":
    guard arguments.count >= 4 else { fail("usage: FactBenchmark score DB GOLD.tsv LABELS.tsv") }
    score(labels: readTSV(arguments[3]).dropFirst().filter { $0.count >= 5 }, dump: flags.contains("dump"))
default:
    fail("unknown mode \(mode)")
}

/// The first eight words of a sentence, lower-cased letters and digits: how a label finds its unit
/// (a tail that text hygiene removes does not change it).
func opening(_ sentence: String) -> String {
    var words: [String] = []
    var word = ""
    for scalar in sentence.lowercased().unicodeScalars {
        if (scalar.value < 128 && (CharacterSet.alphanumerics.contains(scalar))) { word.unicodeScalars.append(scalar) } else if !word.isEmpty { words.append(word); word = "" }
        if words.count == 8 { break }
    }
    if !word.isEmpty, words.count < 8 { words.append(word) }
    return words.joined(separator: " ")
}

struct UnitKey: Hashable { var outlet: String; var guid: String; var opening: String }

@MainActor func score(labels: [[String]], dump: Bool) {
    var gold: [String: [UnitKey: String]] = [:]
    for row in labels { gold[row[0], default: [:]][UnitKey(outlet: row[2], guid: row[3], opening: row[4])] = row[1] }
    var bPrecision = 0.0, bRecall = 0.0, units = 0
    var truePairs = 0, predictedPairs = 0, goldPairs = 0
    var engineSeconds = 0.0
    for slug in gold.keys.sorted() {
        let labelled = gold[slug]!
        let guidOf = Dictionary(uniqueKeysWithValues: (storyItems[slug] ?? []).map { ($0.id, $0.guid) })
        let start = Date()
        let result = facts(of: slug)
        engineSeconds += Date().timeIntervalSince(start)
        var predicted: [UnitKey: Int] = [:]
        for fact in result.facts {
            for mention in fact.mentions {
                let key = UnitKey(outlet: mention.outlet, guid: guidOf[mention.itemID] ?? "", opening: opening(mention.sentence))
                if labelled[key] != nil, predicted[key] == nil { predicted[key] = fact.id }
            }
        }
        let keys = labelled.keys.sorted { ($0.outlet, $0.guid, $0.opening) < ($1.outlet, $1.guid, $1.opening) }
        // Units the engine left out (boilerplate, questions) are facts of their own.
        var next = -1
        var cluster: [UnitKey: Int] = [:]
        for key in keys { if let id = predicted[key] { cluster[key] = id } else { cluster[key] = next; next -= 1 } }
        for a in keys {
            let sameGold = keys.filter { labelled[$0] == labelled[a] }
            let samePredicted = keys.filter { cluster[$0] == cluster[a] }
            let both = sameGold.filter { cluster[$0] == cluster[a] }.count
            bPrecision += Double(both) / Double(samePredicted.count)
            bRecall += Double(both) / Double(sameGold.count)
            units += 1
        }
        for (i, a) in keys.enumerated() {
            for b in keys[(i + 1)...] where a.outlet != b.outlet {
                let g = labelled[a] == labelled[b], p = cluster[a] == cluster[b]
                if g { goldPairs += 1 }
                if p { predictedPairs += 1 }
                if g && p { truePairs += 1 }
            }
        }
        if flags.contains("pairs") {
            var sentenceOf: [UnitKey: String] = [:]
            for fact in result.facts { for mention in fact.mentions {
                let key = UnitKey(outlet: mention.outlet, guid: guidOf[mention.itemID] ?? "", opening: opening(mention.sentence))
                if sentenceOf[key] == nil { sentenceOf[key] = mention.sentence } } }
            let present = keys.filter { sentenceOf[$0] != nil && vectorCache[sentenceOf[$0]!] != nil }
            let dimension = 384
            var mean = [Float](repeating: 0, count: dimension)
            for key in present { for i in 0..<dimension { mean[i] += vectorCache[sentenceOf[key]!]![i] / Float(present.count) } }
            func centered(_ v: [Float]) -> [Float] { var c = zip(v, mean).map { $0 - $1 }; let n = c.reduce(0) { $0 + $1 * $1 }.squareRoot(); if n > 0 { c = c.map { $0 / n } }; return c }
            for (i, a) in present.enumerated() {
                for b in present[(i + 1)...] where a.outlet != b.outlet {
                    let va = vectorCache[sentenceOf[a]!]!, vb = vectorCache[sentenceOf[b]!]!
                    let raw = zip(va, vb).reduce(Float(0)) { $0 + $1.0 * $1.1 }
                    let cen = zip(centered(va), centered(vb)).reduce(Float(0)) { $0 + $1.0 * $1.1 }
                    print("PAIR\t\(slug)\t\(labelled[a] == labelled[b] ? 1 : 0)\t\(raw)\t\(cen)\t\(present.count)\t\(sentenceOf[a]!.prefix(70))\t\(sentenceOf[b]!.prefix(70))")
                }
            }
        }
        if dump {
            print("== \(slug)")
            let byFact = Dictionary(grouping: keys, by: { cluster[$0]! })
            for id in byFact.keys.sorted() where id > 0 {
                let members = byFact[id]!
                let text = result.facts.first { $0.id == id }?.text ?? ""
                print("  fact \(id): \(text.prefix(90))")
                for key in members { print("     [\(labelled[key]!)] \(key.outlet): \(key.opening)") }
            }
            let missing = keys.filter { predicted[$0] == nil }
            if !missing.isEmpty { print("  not in a fact: " + missing.map { "[\(labelled[$0]!)] \($0.outlet): \($0.opening)" }.joined(separator: "; ")) }
        }
    }
    let p = bPrecision / Double(units), r = bRecall / Double(units)
    let pp = predictedPairs == 0 ? 0 : Double(truePairs) / Double(predictedPairs)
    let pr = goldPairs == 0 ? 0 : Double(truePairs) / Double(goldPairs)
    print(String(format: "units %d  B-cubed P %.3f R %.3f F1 %.3f  cross-outlet pairs P %.3f R %.3f F1 %.3f (%d true, %d predicted, %d gold)  engine %.2f s",
                 units, p, r, 2 * p * r / (p + r), pp, pr, pp + pr == 0 ? 0 : 2 * pp * pr / (pp + pr), truePairs, predictedPairs, goldPairs, engineSeconds))
}
