/// Admits pulls so that at most `maxConcurrent` run at once and at most `perHost` per host.
///
/// Waiters are admitted in arrival order, skipping those whose host is busy, and a pull to an idle
/// host starts at once even while pulls to a busy host wait, so that one slow host does not hold
/// up pulls of the others.
actor RequestGate {
    private let maxConcurrent: Int
    private let perHost: Int
    private var running = 0
    private var runningPerHost: [String: Int] = [:]
    private var waiters: [(host: String, continuation: CheckedContinuation<Void, Never>)] = []

    init(maxConcurrent: Int, perHost: Int) {
        self.maxConcurrent = max(1, maxConcurrent)
        self.perHost = max(1, perHost)
    }

    /// Waits for a free slot for `host` and takes it; pair with ``release(host:)``.
    func acquire(host: String) async {
        // Only waiters for the same host go first: the others wait for their own host (or for a
        // global slot, and then `canStart` is false for everyone), so a busy host never holds up
        // an idle one.
        if canStart(host), !waiters.contains(where: { $0.host == host }) {
            take(host)
            return
        }
        await withCheckedContinuation { continuation in
            waiters.append((host, continuation))
        }
    }

    /// Gives back a slot taken by ``acquire(host:)`` and admits whoever can run now.
    func release(host: String) {
        running -= 1
        let left = (runningPerHost[host] ?? 1) - 1
        runningPerHost[host] = left > 0 ? left : nil
        var index = 0
        while index < waiters.count, running < maxConcurrent {
            if canStart(waiters[index].host) {
                let waiter = waiters.remove(at: index)
                take(waiter.host)
                waiter.continuation.resume()
            } else {
                index += 1
            }
        }
    }

    /// Pulls waiting for a slot (for tests).
    var waiting: Int { waiters.count }

    private func canStart(_ host: String) -> Bool {
        running < maxConcurrent && runningPerHost[host, default: 0] < perHost
    }

    private func take(_ host: String) {
        running += 1
        runningPerHost[host, default: 0] += 1
    }
}
