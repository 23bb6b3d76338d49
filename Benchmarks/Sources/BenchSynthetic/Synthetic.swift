// Synthetic news streams made from real texts, shared by the benchmarks: a seeded generator,
// event variations of a real item (names and numbers of the event, some words swapped) and each
// outlet's wording of them, skewed event sizes, CPU time and peak memory.
import Foundation

/// SplitMix64: a seeded generator, the same numbers on every machine.
public struct Generator: RandomNumberGenerator {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The process's CPU time (user and system), seconds: on a shared machine, wall time also counts
/// the waits for the cores.
public func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1_000_000
}

/// The process's peak resident memory (VmHWM), MB.
public func peakMemoryMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = Double(line.split(separator: " ").dropFirst().first.map(String.init) ?? "0") ?? 0
        return kb / 1024
    }
    return 0
}

/// A pronounceable synthetic name for a number ("Kabo", "Tirelu"...).
public func name(_ number: Int) -> String {
    let syllables = ["ka", "bo", "ti", "re", "lu", "mi", "so", "da", "ne", "vo", "ra", "pe", "zu", "go", "fi", "ha"]
    var n = number, result = ""
    repeat { result += syllables[n % 16]; n /= 16 } while n > 0
    return result.prefix(1).uppercased() + result.dropFirst()
}

/// The event's version of a real text: its capitalised words (but the first) become the event's
/// names (80%), its numbers the event's numbers, and half its other words of 4+ letters random
/// corpus words, so that two events made from one real item share about a quarter of their words, like
/// two real events of one topic.
public func vary(_ text: String, event: Int, words: [Substring]) -> [Substring] {
    var local = Generator(state: UInt64(event) &* 7919)
    return text.split(separator: " ", omittingEmptySubsequences: true).enumerated().map { position, word -> Substring in
        if word.first?.isNumber == true { return Substring(String(Int.random(in: 1...999, using: &local))) }
        if position > 0, word.first?.isUppercase == true, Int.random(in: 0..<10, using: &local) < 8 {
            return Substring(name(event &* 31 &+ word.utf8.reduce(0) { $0 &+ Int($1) }))
        }
        if word.count >= 4, Int.random(in: 0..<10, using: &local) < 5 {
            return words[Int(local.next() % UInt64(words.count))]
        }
        return word
    }
}

/// One outlet's wording of the event's text: each word dropped with probability 15%.
public func reword(_ words: [Substring], item: Int) -> String {
    var local = Generator(state: UInt64(item) &* 104_729 &+ 1)
    return words.filter { _ in local.next() % 100 >= 15 }.joined(separator: " ")
}

/// 0..<16 with probability proportional to 1 / (k + 1).
public func skewedEvent(_ rng: inout Generator) -> Int {
    let weights = (0..<16).map { 1.0 / Double($0 + 1) }
    var pick = Double(rng.next() % 1_000_000) / 1_000_000 * weights.reduce(0, +)
    for (k, weight) in weights.enumerated() {
        pick -= weight
        if pick < 0 { return k }
    }
    return 15
}
