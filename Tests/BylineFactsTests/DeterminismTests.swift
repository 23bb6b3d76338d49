import Foundation
import Testing
@testable import BylineFacts

/// Reports must not depend on Set or Dictionary iteration order, which changes with the hash
/// seed of each process and with the storage of each Set instance.
@Suite struct DeterminismTests {
    /// Summaries from headlines-2021-09 (bbc, nytimes, smh, 2021-09-18).
    static let sentences = [
        "Rising wholesale gas prices means some companies are unable to supply energy customers have paid for.",
        "Travel agents report a rise in bookings after the amber list is scrapped and testing rules are eased.",
        "Owner of the Druidstone Hotel says the clifftop bar was overrun by tourists wanting to see the sunset.",
        "Threatened by extremists and under fire by politicians, election workers now have their own legal defense network.",
        "The state recently completed one of its most conservative legislative sessions, widening a divide among many residents.",
        "As businesses and schools have reopened in New Orleans, ongoing power outages in communities just beyond the city put recovery out of reach.",
        "Voters struck down the effort to recall Gov. Gavin Newsom, continuing the political seesawing that has defined the former Republican stronghold.",
        "The Australian-French friendship was created in blood. With France now the European leader, the consequences of a falling-out could prove very injurious.",
        "Schools are grappling with fiery divisions among parents about whether students should be back at school, with some calling for remote learning until the end of the year.",
        "Schools have reopened for boys but not girls, and parents are grappling with what the rules mean for students at school.",
    ]

    /// Each sentence's signature made many times over (each a new Set instance with its own
    /// iteration order, all kept alive so that none reuses another's storage): the weighted
    /// similarity of every pair is the same to the last bit, since the alignment compares it with
    /// thresholds and with other candidates' scores.
    @Test func similarityDoesNotDependOnSetIterationOrder() {
        let copies = 24
        let signatures = Self.sentences.map { sentence in
            (0..<copies).map { _ in SentenceSignature(FactUnit(sentence)) }
        }
        // Rarity weights that differ per term, as FactEngine's inverse document frequency does.
        let weight: (String) -> Double = { term in 1 + Double(term.unicodeScalars.reduce(0) { $0 &+ Int($1.value) } % 97) / 7 }
        var differing: [String] = []
        for i in Self.sentences.indices {
            for j in Self.sentences.indices where j != i {
                let values = Set((0..<copies).map { signatures[i][$0].similarity(to: signatures[j][$0], weight: weight).bitPattern })
                if values.count > 1 { differing.append("\(i)-\(j): \(values.count) values") }
            }
        }
        #expect(differing == [])
        // The pairs that share words are the ones the alignment cares about; some do.
        let shared = signatures[8][0].similarity(to: signatures[9][0], weight: weight)
        #expect(shared > 0.2)
    }
}
