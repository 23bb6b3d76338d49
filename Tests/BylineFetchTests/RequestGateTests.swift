@testable import BylineFetch
import Testing

/// Counts slots in use per host while tasks hold them.
private actor Usage {
    var total = 0
    var maxTotal = 0
    var perHost: [String: Int] = [:]
    var maxPerHost: [String: Int] = [:]

    func enter(_ host: String) {
        total += 1
        maxTotal = max(maxTotal, total)
        perHost[host, default: 0] += 1
        maxPerHost[host] = max(maxPerHost[host, default: 0], perHost[host, default: 0])
    }

    func leave(_ host: String) {
        total -= 1
        perHost[host, default: 0] -= 1
    }
}

@Suite struct RequestGateTests {
    @Test func limitsOverallAndPerHost() async {
        let gate = RequestGate(maxConcurrent: 3, perHost: 2)
        let usage = Usage()
        let hosts = ["a", "a", "a", "a", "a", "b", "b", "b", "c", "c", "d"]
        await withTaskGroup(of: Void.self) { group in
            for host in hosts {
                group.addTask {
                    await gate.acquire(host: host)
                    await usage.enter(host)
                    try? await Task.sleep(for: .milliseconds(20))
                    await usage.leave(host)
                    await gate.release(host: host)
                }
            }
        }
        #expect(await usage.maxTotal == 3)
        #expect(await usage.maxPerHost["a"] == 2)
        #expect(await usage.maxPerHost["b", default: 0] <= 2)
        #expect(await usage.maxPerHost.values.allSatisfy { $0 <= 2 })
        #expect(await usage.total == 0)
    }
}

@Suite struct RequestGateIdleHostTests {
    /// Two pulls hold host `a` (its limit) and a third waits for it; a pull to idle host `b`
    /// must start at once, not queue behind the waiter for `a`.
    @Test func anIdleHostStartsWhileABusyHostHasWaiters() async {
        let gate = RequestGate(maxConcurrent: 4, perHost: 2)
        await gate.acquire(host: "a")
        await gate.acquire(host: "a")
        let waiter = Task { await gate.acquire(host: "a") }
        while await gate.waiting == 0 { await Task.yield() }
        await gate.acquire(host: "b")  // returns only if admitted
        #expect(await gate.waiting == 1)
        await gate.release(host: "a")
        await waiter.value
        #expect(await gate.waiting == 0)
    }
}
