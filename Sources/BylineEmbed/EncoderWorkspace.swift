/// Scratch buffers for one forward pass over a batch of at most
/// `tokenCapacity` tokens with sequences of at most `sequenceCapacity` tokens,
/// split across `workers` threads.
/// Owned by a single call; never shared between threads.
final class EncoderWorkspace {
    let tokenCapacity: Int
    let sequenceCapacity: Int
    /// Hidden states, [tokens, hidden].
    let hidden: UnsafeMutablePointer<Float>
    /// Attention context, [tokens, hidden].
    let context: UnsafeMutablePointer<Float>
    /// Query/key/value projections [tokens, 3·hidden], later reused for the
    /// feed-forward activations [tokens, intermediate].
    let projections: UnsafeMutablePointer<Float>
    /// Attention scores of one head per worker, [workers, sequence, sequence].
    let scores: UnsafeMutablePointer<Float>
    /// Number of threads the element-wise and attention work is split across.
    let workers: Int

    init(tokenCapacity: Int, sequenceCapacity: Int, workers: Int, configuration: BertConfiguration) {
        self.tokenCapacity = tokenCapacity
        self.sequenceCapacity = sequenceCapacity
        self.workers = max(1, workers)
        let hiddenSize = configuration.hiddenSize
        let wide = max(3 * hiddenSize, configuration.intermediateSize)
        hidden = .allocate(capacity: tokenCapacity * hiddenSize)
        context = .allocate(capacity: tokenCapacity * hiddenSize)
        projections = .allocate(capacity: tokenCapacity * wide)
        scores = .allocate(capacity: self.workers * sequenceCapacity * sequenceCapacity)
    }

    deinit {
        hidden.deallocate()
        context.deallocate()
        projections.deallocate()
        scores.deallocate()
    }
}
