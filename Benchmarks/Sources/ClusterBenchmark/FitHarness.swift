// Fitting and evaluation harness for the story clusterer's join model (see ClusterSettings):
//   ClusterBenchmark fit GOLD_ITEMS.json GOLD.tsv CORPUS_ITEMS.json [MODE] [key=value...]
// MODE: grid (default: fit, then in-sample B-cubed at join probabilities 0.3...0.7 and the
// held-out figure), fixed (the same at `prob=`), stories (the corpus's largest stories with
// outlets and titles, `n=15`), missed / impure (gold events split / predicted clusters mixed,
// `short` for title + summary only), explain (`q=TITLE TEXT`: the candidates and features of the
// matching gold items; `corpus`: of the corpus's items), hand (the rule without a model). key=value overrides ClusterSettings
// (see parseSettings); `nomodel` keeps the hand rule for the listing modes; `dump=FILE` writes the
// corpus's clustering for Benchmarks/labels/label_check.py. The fitted weights
// are printed as a `JoinModel(...)` literal for ClusterSettings.fittedJoinModel, or, with
// `vectors=FILE` (embeddings, see `embed` below), for ClusterSettings.fittedSemanticJoinModel
// (`lexical` ignores the vectors). `oct=ITEMS.json octgold=GOLD.tsv`: the October window and its
// labels (clustering/headlines-2021-10) join the fit and are scored as that set's score.py does;
// modes octmissed / octimpure list its split and mixed stories, `explain october` its items,
// `octdump=FILE` writes its clustering as a coverage.csv for score.py.
//
// `ClusterBenchmark embed OUT.json ITEMS.json...` writes the embeddings of exported items
// (`outlet<TAB>guid -> vector`, as the pipeline computes them: StoryItem.embeddingText, 64
// tokens); the model as the pipeline finds it ($BYLINE_MODEL or the default folder).
// GOLD_ITEMS.json / CORPUS_ITEMS.json: the items of stores made by `byline import`, with the
// pipeline's time estimate, e.g.
//   sqlite3 -json /tmp/g.sqlite "SELECT id, outlet_id AS outlet, guid, coalesce(title, '') AS title,
//     coalesce(summary, '') AS summary, content, CAST(strftime('%s', CASE WHEN published IS NOT NULL
//     AND published <= datetime(first_seen, '+120 seconds') AND published < first_seen THEN published
//     ELSE first_seen END) AS REAL) AS time FROM item" > gold.json
import BenchSynthetic
import BylineEmbed
import BylineStories
import Foundation

struct ExportedItem: Decodable {
    var id: Int64
    var outlet: String
    var guid: String
    var title: String
    var summary: String
    var content: String?
    var time: Double
    var embedding: [Float]?

    func storyItem(short: Bool) -> StoryItem {
        StoryItem(id: id, outlet: outlet, title: title, summary: summary, content: short ? nil : content,
                  time: Date(timeIntervalSince1970: time), embedding: embedding)
    }
}

/// Embeddings of exported items, `outlet<TAB>guid -> vector`, from a JSON object (`vectors=FILE`).
nonisolated(unsafe) var embeddingsByKey: [String: [Float]] = [:]

func loadItems(_ path: String) throws -> [ExportedItem] {
    var items = try JSONDecoder().decode([ExportedItem].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        .sorted { ($0.time, $0.id) < ($1.time, $1.id) }
    if !embeddingsByKey.isEmpty {
        for index in items.indices { items[index].embedding = embeddingsByKey[items[index].outlet + "\t" + items[index].guid] }
    }
    return items
}

func loadGold(_ path: String, items: [ExportedItem]) throws -> [Int64: String] {
    var goldByKey: [String: String] = [:]
    for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst() {
        let f = line.split(separator: "\t", omittingEmptySubsequences: false)
        if f.count == 3 { goldByKey[f[0] + "\t" + f[1]] = String(f[2]) }
    }
    var gold: [Int64: String] = [:]
    for item in items { if let label = goldByKey[item.outlet + "\t" + item.guid] { gold[item.id] = label } }
    return gold
}

func bcubed(_ predicted: [Int64: Int], _ gold: [Int64: String]) -> (p: Double, r: Double, f: Double) {
    var byPredicted: [Int: [Int64]] = [:], byGold: [String: [Int64]] = [:]
    for (item, cluster) in predicted { byPredicted[cluster, default: []].append(item); byGold[gold[item]!, default: []].append(item) }
    var p = 0.0, r = 0.0
    for (item, cluster) in predicted {
        let same = Double(byPredicted[cluster]!.filter { gold[$0] == gold[item] }.count)
        p += same / Double(byPredicted[cluster]!.count)
        r += same / Double(byGold[gold[item]!]!.count)
    }
    p /= Double(predicted.count); r /= Double(predicted.count)
    return (p, r, 2 * p * r / (p + r))
}

/// B-cubed over the items of `subset` only, against the whole predicted clustering.
func bcubed(_ predicted: [Int64: Int], _ gold: [Int64: String], subset: Set<Int64>) -> (p: Double, r: Double, f: Double) {
    var byPredicted: [Int: [Int64]] = [:], byGold: [String: [Int64]] = [:]
    for (item, cluster) in predicted { byPredicted[cluster, default: []].append(item); byGold[gold[item]!, default: []].append(item) }
    var p = 0.0, r = 0.0
    for item in subset {
        let cluster = predicted[item]!
        let same = Double(byPredicted[cluster]!.filter { gold[$0] == gold[item] }.count)
        p += same / Double(byPredicted[cluster]!.count)
        r += same / Double(byGold[gold[item]!]!.count)
    }
    p /= Double(subset.count); r /= Double(subset.count)
    return (p, r, 2 * p * r / (p + r))
}

func clusterMap(_ items: [ExportedItem], settings: ClusterSettings, short: Bool, offset: Int = 0) -> [Int64: Int] {
    var map: [Int64: Int] = [:]
    for (number, story) in StoryClusterer.cluster(items.map { $0.storyItem(short: short) }, settings: settings).enumerated() {
        for item in story { map[item] = number + offset }
    }
    return map
}

/// Teacher-forced pairs: each item against every scored candidate, the item then placed in its
/// gold story.
func examples(_ items: [ExportedItem], gold: [Int64: String], settings: ClusterSettings, short: Bool, semantic: Bool = false)
    -> (x: [[Double]], y: [Bool], story: [String]) {
    var clusterer = StoryClusterer(settings: settings)
    clusterer.learn(items.map { $0.storyItem(short: short) })
    var indexOf: [String: Int] = [:]
    var goldOf: [Int: String] = [:]
    var x: [[Double]] = [], y: [Bool] = [], stories: [String] = []
    for exported in items {
        let item = exported.storyItem(short: short)
        let label = gold[item.id]!
        let explanation = clusterer.explain(item, candidateLimit: Int.max)
        for candidate in explanation.candidates where candidate.cosine >= settings.threshold
            || (candidate.features.hasSemantic && candidate.features.semantic >= settings.semanticFloor) {
            // An unlabelled item (October) may belong to a story the labels leave out: no pair.
            if label.hasPrefix("unlabelled-") || goldOf[candidate.story]?.hasPrefix("unlabelled-") == true { continue }
            x.append(semantic ? candidate.features.semanticValues : candidate.features.values)
            y.append(goldOf[candidate.story] == label)
            stories.append(label)
        }
        let index = clusterer.add(item, toStory: indexOf[label] ?? clusterer.stories.count)
        indexOf[label] = index
        goldOf[index] = label
    }
    return (x, y, stories)
}

func fitModel(_ sets: [(x: [[Double]], y: [Bool], story: [String])], excluding: Set<String>, l2: Double) -> JoinModel {
    var x: [[Double]] = [], y: [Bool] = []
    for set in sets {
        for index in set.x.indices where !excluding.contains(set.story[index]) {
            x.append(set.x[index]); y.append(set.y[index])
        }
    }
    return JoinModel.fit(x, labels: y, l2: l2)
}

func format(_ s: (p: Double, r: Double, f: Double)) -> String {
    String(format: "P %.3f R %.3f F1 %.3f", s.p, s.r, s.f)
}

func parseSettings(_ arguments: [String], base: ClusterSettings) -> ClusterSettings {
    var s = base
    for argument in arguments {
        let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let value = Double(parts[1]) else { continue }
        switch parts[0] {
        case "threshold": s.threshold = value
        case "member": s.memberThreshold = value
        case "merge": s.mergeThreshold = value
        case "prob": s.joinProbability = value
        case "title": s.titleWeight = value
        case "name": s.nameWeight = value
        case "votes": s.memberVotes = Int(value)
        case "shared": s.minSharedTerms = Int(value)
        case "decay": s.timeDecay = value * 86_400
        case "horizon": s.horizon = value * 86_400
        case "single": s.singletonHorizon = value * 86_400
        case "postings": s.maxPostings = Int(value)
        case "lookup": s.candidateTerms = Int(value)
        case "content": s.contentWeight = value
        case "summary": s.summaryWeight = value
        case "topical": s.topicalStories = Int(value)
        case "needname": s.sharedNameStorySize = Int(value)
        case "neednameornumber": s.sharedNameOrNumberStorySize = Int(value)
        case "stray": s.strayProbability = value
        case "straymember": s.strayMemberShare = value
        case "storymerge": s.storyMergeProbability = value
        case "prior": s.collectionPrior = value < 0 ? .infinity : value
        case "semmember": s.semanticMemberThreshold = value
        case "semprob": s.semanticJoinProbability = value
        case "semcontent": s.semanticWithContent = value > 0
        case "semfloor": s.semanticFloor = value
        case "semcand": s.semanticCandidates = Int(value)
        case "semwindow": s.semanticWindow = value * 86_400
        case "semscan": s.semanticScanLimit = Int(value)
        default: break
        }
    }
    return s
}

func printStories(_ items: [ExportedItem], settings: ClusterSettings, limit: Int) {
    let byID = Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) })
    let stories = StoryClusterer.cluster(items.map { $0.storyItem(short: false) }, settings: settings)
    let ranked = stories.enumerated().sorted { lhs, rhs in
        let a = Set(lhs.element.map { byID[$0]!.outlet }).count, b = Set(rhs.element.map { byID[$0]!.outlet }).count
        return a != b ? a > b : (lhs.element.count != rhs.element.count ? lhs.element.count > rhs.element.count : lhs.offset < rhs.offset)
    }
    for (number, story) in ranked.prefix(limit) {
        let outlets = Set(story.map { byID[$0]!.outlet }).sorted()
        print("story \(number): \(outlets.count) outlets, \(story.count) items: \(outlets.joined(separator: ", "))")
        for id in story {
            let item = byID[id]!
            let date = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: item.time))
            print("    \(date.prefix(16)) \(item.outlet): \(item.title.prefix(110))")
        }
    }
    print("stories: \(stories.count), largest sizes: \(stories.map(\.count).sorted(by: >).prefix(20))")
}

func printMissed(_ items: [ExportedItem], gold: [Int64: String], settings: ClusterSettings, short: Bool) {
    let predicted = clusterMap(items, settings: settings, short: short)
    var byGold: [String: [ExportedItem]] = [:]
    for item in items { byGold[gold[item.id]!, default: []].append(item) }
    for (label, members) in byGold.sorted(by: { $0.key < $1.key }) {
        let clusters = Dictionary(grouping: members) { predicted[$0.id]! }
        guard clusters.count > 1 else { continue }
        print("gold \(label): \(members.count) items in \(clusters.count) clusters")
        for (cluster, group) in clusters.sorted(by: { $0.value.count > $1.value.count }) {
            let others = predicted.filter { $0.value == cluster }.count - group.count
            for item in group {
                let date = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: item.time))
                print("    [\(cluster)\(others > 0 ? "+\(others)" : "")] \(date.prefix(10)) \(item.outlet): \(item.title.prefix(100))")
            }
        }
    }
}

func runFit(_ arguments: [String]) throws {
    let options = Array(arguments.dropFirst(3))
    if let path = options.first(where: { $0.hasPrefix("vectors=") })?.dropFirst(8) {
        embeddingsByKey = try JSONDecoder().decode([String: [Float]].self, from: Data(contentsOf: URL(fileURLWithPath: String(path))))
    }
    let goldItems = try loadItems(arguments[0])
    let gold = try loadGold(arguments[1], items: goldItems)
    let corpus = try loadItems(arguments[2])
    let mode = options.first { !$0.contains("=") } ?? "grid"
    var settings = parseSettings(options, base: .default)
    let l2 = options.first { $0.hasPrefix("l2=") }.flatMap { Double($0.dropFirst(3)) } ?? 1.0

    if mode == "hand" {
        settings.joinModel = nil
        print("hand rule: full", format(bcubed(clusterMap(goldItems, settings: settings, short: false), gold)),
              "| short", format(bcubed(clusterMap(goldItems, settings: settings, short: true), gold)))
        return
    }
    // October window: its items (all streamed) and hand labels (`oct=ITEMS.json octgold=GOLD.tsv`);
    // every unlabelled item is its own gold story (B-cubed over the labelled items only).
    var october: [ExportedItem] = [], octoberGold: [Int64: String] = [:], octoberLabelled: Set<Int64> = []
    if let path = options.first(where: { $0.hasPrefix("oct=") })?.dropFirst(4),
       let goldPath = options.first(where: { $0.hasPrefix("octgold=") })?.dropFirst(8) {
        october = try loadItems(String(path))
        octoberGold = try loadGold(String(goldPath), items: october)
        octoberLabelled = Set(octoberGold.keys)
        for item in october where octoberGold[item.id] == nil { octoberGold[item.id] = "unlabelled-\(item.id)" }
    }
    let semantic = !embeddingsByKey.isEmpty && !options.contains("lexical")
    if !semantic { settings.semanticJoinModel = nil }
    // Fit: pairs from the full-text and the title+summary streams (and the October window),
    // pooled; with embeddings, the semantic model (the lexical one is kept).
    var fitSettings = settings
    fitSettings.joinModel = nil
    fitSettings.semanticJoinModel = nil
    // The semantic model is fitted on items without full text (see ClusterSettings.semanticWithContent).
    var sets = semantic && !fitSettings.semanticWithContent ? [examples(goldItems, gold: gold, settings: fitSettings, short: true, semantic: true)]
        : [examples(goldItems, gold: gold, settings: fitSettings, short: false, semantic: semantic),
           examples(goldItems, gold: gold, settings: fitSettings, short: true, semantic: semantic)]
    if !october.isEmpty, !options.contains("nooctfit") {
        var set = examples(october, gold: octoberGold, settings: fitSettings, short: true, semantic: semantic)
        set.story = set.story.map { "oct-" + $0 }
        sets.append(set)
    }
    print("pairs: \(sets.map(\.x.count)), positives: \(sets.map { $0.y.filter { $0 }.count })")
    let model = fitModel(sets, excluding: [], l2: l2)
    let names = semantic ? JoinFeatures.semanticNames : JoinFeatures.names
    print("in-sample model: bias \(model.bias), weights " + zip(names, model.weights).map { "\($0) \(String(format: "%.4f", $1))" }.joined(separator: ", "))
    print("JoinModel(bias: \(model.bias), weights: \(model.weights))")
    if semantic { settings.semanticJoinModel = model } else { settings.joinModel = model }
    func octoberScore(_ s: ClusterSettings) -> String {
        guard !october.isEmpty else { return "" }
        // As the set's score.py: only labelled items, each predicted story cut to them.
        let predicted = clusterMap(october, settings: s, short: true).filter { octoberLabelled.contains($0.key) }
        return " | october " + format(bcubed(predicted, octoberGold))
    }
    if options.contains("nomodel") { settings.joinModel = nil }
    if let path = options.first(where: { $0.hasPrefix("dump=") })?.dropFirst(5) {
        // The corpus's clustering, one `outlet<TAB>guid<TAB>story` line per item.
        let map = clusterMap(corpus, settings: settings, short: false)
        let lines = corpus.map { "\($0.outlet)\t\($0.guid)\t\(map[$0.id]!)" }
        try lines.joined(separator: "\n").write(toFile: String(path), atomically: true, encoding: .utf8)
    }
    if mode == "stories" { printStories(corpus, settings: settings, limit: Int(options.first { $0.hasPrefix("n=") }?.dropFirst(2) ?? "15") ?? 15); return }
    if mode == "impure" {
        let predicted = clusterMap(goldItems, settings: settings, short: options.contains("short"))
        for (cluster, ids) in Dictionary(grouping: predicted.keys, by: { predicted[$0]! }).sorted(by: { $0.key < $1.key }) {
            let labels = Set(ids.map { gold[$0]! })
            guard labels.count > 1 else { continue }
            print("cluster \(cluster): gold \(labels.sorted())")
            for item in goldItems where ids.contains(item.id) {
                let date = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: item.time))
                print("    [\(gold[item.id]!)] \(date.prefix(10)) \(item.outlet): \(item.title.prefix(100))")
            }
        }
        return
    }
    if mode == "explain", let needle = options.first(where: { $0.hasPrefix("q=") })?.dropFirst(2) {
        let short = options.contains("short")
        var clusterer = StoryClusterer(settings: settings)
        var firstTitle: [Int: String] = [:]
        let stream = options.contains("corpus") ? corpus : options.contains("october") ? october : goldItems
        clusterer.learn(stream.map { $0.storyItem(short: short) })
        for exported in stream {
            let item = exported.storyItem(short: short)
            if item.title.contains(needle) {
                let e = clusterer.explain(item, candidateLimit: 6)
                print("\(item.title) [gold \(gold[item.id] ?? "-")] terms: \(e.itemTerms.prefix(8).map { "\($0.term) \(String(format: "%.1f", $0.weight))" })")
                for c in e.candidates {
                    let f = c.features
                    print(String(format: "  story %d p %.3f cos %.3f title %.3f names %.3f member %.3f best %.3f gap %.1fd size %d sem %.3f semBest %.3f joinable %@ | %@", c.story, c.probability,
                                 f.cosine, f.titleCosine, f.nameCosine, f.memberScore, f.bestMember, f.gapDays, f.storySize, f.semantic, f.semanticBest, "\(c.joinable)", firstTitle[c.story] ?? ""))
                    print("     shared: \(c.topTerms.prefix(6).map { "\($0.term) \(Int($0.weight * 100))%" })")
                }
            }
            let story = clusterer.add(item)
            if firstTitle[story] == nil { firstTitle[story] = String(item.title.prefix(60)) + " [gold \(gold[item.id] ?? "-")]" }
        }
        return
    }
    if let path = options.first(where: { $0.hasPrefix("octdump=") })?.dropFirst(8) {
        let map = clusterMap(october, settings: settings, short: true)
        let lines = ["outlet,item_guid,story_id"] + october.map { "\"\($0.outlet)\",\"\($0.guid.replacingOccurrences(of: "\"", with: "\"\""))\",\(map[$0.id]!)" }
        try lines.joined(separator: "\n").write(toFile: String(path), atomically: true, encoding: .utf8)
    }
    if mode == "octmissed" { printMissed(october, gold: octoberGold, settings: settings, short: true); return }
    if mode == "octimpure" {
        let predicted = clusterMap(october, settings: settings, short: true)
        for (cluster, ids) in Dictionary(grouping: predicted.keys, by: { predicted[$0]! }).sorted(by: { $0.key < $1.key }) {
            let labels = Set(ids.compactMap { octoberLabelled.contains($0) ? octoberGold[$0]! : nil })
            guard labels.count > 1 else { continue }
            print("cluster \(cluster): gold \(labels.sorted())")
            for item in october where ids.contains(item.id) && octoberLabelled.contains(item.id) {
                print("    [\(octoberGold[item.id]!)] \(item.outlet): \(item.title.prefix(100))")
            }
        }
        return
    }
    if mode == "missed" { printMissed(goldItems, gold: gold, settings: settings, short: options.contains("short")); return }

    let probs = mode == "grid" ? [0.3, 0.4, 0.5, 0.6, 0.7] : [settings.joinProbability]
    for prob in probs {
        var s = settings
        s.joinProbability = prob
        print(String(format: "prob %.2f merge %.2f in-sample: full ", prob, s.mergeThreshold),
              format(bcubed(clusterMap(goldItems, settings: s, short: false), gold)), "| short",
              format(bcubed(clusterMap(goldItems, settings: s, short: true), gold)) + octoberScore(s))
    }
    // Held out: 5 folds by gold story.
    let labels = Array(Set(gold.values)).sorted { (Int($0) ?? 0, $0) < (Int($1) ?? 0, $1) }
    var rng = Generator(state: 7)
    let shuffled = labels.shuffled(using: &rng)
    var sums = [0.0, 0.0, 0.0, 0.0]
    for fold in 0..<5 {
        let held = Set(shuffled.enumerated().filter { $0.offset % 5 == fold }.map(\.element))
        var s = settings
        let foldModel = fitModel(sets, excluding: held, l2: l2)
        if semantic { s.semanticJoinModel = foldModel } else { s.joinModel = foldModel }
        let subset = Set(goldItems.filter { held.contains(gold[$0.id]!) }.map(\.id))
        let full = bcubed(clusterMap(goldItems, settings: s, short: false), gold, subset: subset)
        let short = bcubed(clusterMap(goldItems, settings: s, short: true), gold, subset: subset)
        let n = Double(subset.count)
        sums[0] += full.p * n; sums[1] += full.r * n; sums[2] += short.p * n; sums[3] += short.r * n
    }
    let n = Double(goldItems.count)
    let fp = sums[0] / n, fr = sums[1] / n, sp = sums[2] / n, sr = sums[3] / n
    print("held-out (5 folds by gold story; weights fitted without the fold's stories, whole stream clustered, fold's items scored): full",
          format((fp, fr, 2 * fp * fr / (fp + fr))), "| short", format((sp, sr, 2 * sp * sr / (sp + sr))))
}


func runEmbed(_ arguments: [String]) throws {
    guard let directory = ModelLocation.resolve(explicit: nil, environment: ProcessInfo.processInfo.environment) else {
        print("no model (set BYLINE_MODEL)"); return
    }
    let embedder = try SentenceEmbedder(directory: directory, maxTokens: 64)
    var out: [String: [Float]] = [:]
    for path in arguments.dropFirst() {
        let items = try JSONDecoder().decode([ExportedItem].self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        let texts = items.map { StoryItem.embeddingText(title: $0.title, summary: $0.summary, content: $0.content.map { String($0.prefix(2_000)) }) }
        let began = Date()
        let vectors = embedder.embed(texts)
        print(String(format: "%@: %d items in %.1f s", path, items.count, Date().timeIntervalSince(began)))
        for (item, vector) in zip(items, vectors) { out[item.outlet + "\t" + item.guid] = vector }
    }
    try JSONEncoder().encode(out).write(to: URL(fileURLWithPath: arguments[0]))
}
