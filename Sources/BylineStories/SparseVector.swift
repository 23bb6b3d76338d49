/// A sparse vector over term ids, entries sorted by term id, so that sums and dot products are
/// merges and their floating-point results do not depend on hash order (determinism).
struct SparseVector: Sendable, Hashable {
    /// Term ids, ascending, unique.
    private(set) var terms: [Int32] = []
    /// Weights, one per term id.
    private(set) var weights: [Double] = []

    /// The empty vector.
    init() {}

    /// A vector from unsorted `(term, weight)` pairs; weights of repeated terms are added.
    init(_ pairs: [Int32: Double]) {
        let sorted = pairs.sorted { $0.key < $1.key }
        terms = sorted.map(\.key)
        weights = sorted.map(\.value)
    }

    /// A vector from term ids already ascending and unique (as ``terms`` keeps them), with their
    /// weights; nil when the ids are not strictly ascending or the counts differ.
    init?(sortedTerms terms: [Int32], weights: [Double]) {
        guard terms.count == weights.count, zip(terms, terms.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
        self.terms = terms
        self.weights = weights
    }

    /// Whether the vector has no entries.
    var isEmpty: Bool { terms.isEmpty }

    /// `self + factor * other`.
    func adding(_ other: SparseVector, times factor: Double = 1) -> SparseVector {
        var result = SparseVector()
        result.terms.reserveCapacity(terms.count + other.terms.count)
        result.weights.reserveCapacity(terms.count + other.terms.count)
        var i = 0, j = 0
        while i < terms.count || j < other.terms.count {
            if j >= other.terms.count || (i < terms.count && terms[i] < other.terms[j]) {
                result.terms.append(terms[i]); result.weights.append(weights[i]); i += 1
            } else if i >= terms.count || other.terms[j] < terms[i] {
                result.terms.append(other.terms[j]); result.weights.append(factor * other.weights[j]); j += 1
            } else {
                result.terms.append(terms[i]); result.weights.append(weights[i] + factor * other.weights[j])
                i += 1; j += 1
            }
        }
        return result
    }

    /// `self - other` over the terms of `self` only, entries that fall to (about) zero or below
    /// left out: a member taken back out of a centroid (whose cut may have dropped some of the
    /// member's terms already).
    func removing(_ other: SparseVector) -> SparseVector {
        var result = SparseVector()
        result.terms.reserveCapacity(terms.count)
        result.weights.reserveCapacity(terms.count)
        var j = 0
        for i in terms.indices {
            while j < other.terms.count, other.terms[j] < terms[i] { j += 1 }
            let weight = j < other.terms.count && other.terms[j] == terms[i] ? weights[i] - other.weights[j] : weights[i]
            if weight > 1e-9 * max(1, weights[i]) { result.terms.append(terms[i]); result.weights.append(weight) }
        }
        return result
    }

    /// `self * factor`.
    func scaled(by factor: Double) -> SparseVector {
        var result = self
        for index in result.weights.indices { result.weights[index] *= factor }
        return result
    }

    /// The Euclidean norm with each entry multiplied by `termWeight(term)`.
    func norm(_ termWeight: (Int32) -> Double) -> Double {
        var sum = 0.0
        for index in terms.indices {
            let value = weights[index] * termWeight(terms[index])
            sum += value * value
        }
        return sum.squareRoot()
    }

    /// The dot product of the two vectors with each entry of both multiplied by
    /// `termWeight(term)` (so each shared term contributes `a * b * w^2`).
    func dot(_ other: SparseVector, _ termWeight: (Int32) -> Double) -> Double {
        dotAndSharedCount(other, termWeight).dot
    }

    /// ``dot(_:_:)``, how many terms with a positive `termWeight` the two vectors share, and the
    /// largest single term's part of the dot product.
    func dotAndSharedCount(_ other: SparseVector, _ termWeight: (Int32) -> Double) -> (dot: Double, shared: Int, largest: Double) {
        var sum = 0.0
        var shared = 0
        var largest = 0.0
        var i = 0, j = 0
        while i < terms.count, j < other.terms.count {
            if terms[i] < other.terms[j] {
                i += 1
            } else if other.terms[j] < terms[i] {
                j += 1
            } else {
                let w = termWeight(terms[i])
                if w > 0 { shared += 1 }
                let part = weights[i] * other.weights[j] * w * w
                sum += part
                largest = max(largest, part)
                i += 1; j += 1
            }
        }
        return (sum, shared, largest)
    }

    /// The weight of `term`, 0 when absent (binary search).
    func weight(of term: Int32) -> Double {
        var low = 0, high = terms.count
        while low < high {
            let middle = (low + high) / 2
            if terms[middle] < term { low = middle + 1 } else { high = middle }
        }
        return low < terms.count && terms[low] == term ? weights[low] : 0
    }
}
