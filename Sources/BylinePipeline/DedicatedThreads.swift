import Foundation

/// A task executor with threads of its own, outside Swift's cooperative pool.
///
/// The cooperative pool has one thread per core, and work that runs synchronously for a long
/// time (an analysis placing items and running the model) holds one of them until it ends. On a
/// one-core machine that is every thread: `run`'s pulls in flight could not read their responses
/// and ended as timeouts while the analysis ran. Work given to this executor runs on its own
/// threads instead; it starts another (up to `limit`) whenever the jobs waiting outnumber its
/// idle threads, so a job waits for the operating system's scheduler, not for another job to end.
///
/// Use it with `withTaskExecutorPreference(_:operation:)` (Swift 6's task executors, SE-0417):
/// child tasks inherit the preference, unstructured tasks (`Task {}`) do not, and `Task.sleep`
/// resumes through the cooperative pool whatever the preference. Its threads live as long as
/// the process.
public final class DedicatedThreads: TaskExecutor, @unchecked Sendable {
    private let name: String
    private let limit: Int
    // Guards everything below.
    private let condition = NSCondition()
    private var queue: [UnownedJob] = []
    private var head = 0
    private var threads = 0
    private var idle = 0

    /// An executor that starts up to `limit` threads (at least one), each named `name`.
    public init(name: String, limit: Int) {
        self.name = name
        self.limit = max(1, limit)
    }

    /// Queues `job` and starts a thread when the waiting jobs outnumber the idle threads.
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        queue.append(job)
        let startThread = queue.count - head > idle && threads < limit
        if startThread { threads += 1 }
        condition.signal()
        condition.unlock()
        if startThread {
            // Named from inside: a new thread otherwise keeps the name of the one that started it.
            Thread { [self] in
                Thread.current.name = name
                Thread.current.threadDictionary[Self.nameKey] = name
                work()
            }.start()
        }
    }

    private static let nameKey = "byline.dedicated-threads"

    /// The name of the executor whose thread runs the caller, or nil on any other thread (the
    /// cooperative pool's, a thread of Foundation or SwiftNIO). Kept with the thread, so unlike
    /// the operating system's thread name it is never one inherited from the thread that
    /// started it.
    public static var currentName: String? { Thread.current.threadDictionary[nameKey] as? String }

    private func work() {
        condition.lock()
        while true {
            while head == queue.count {
                idle += 1
                condition.wait()
                idle -= 1
            }
            let job = queue[head]
            head += 1
            // Taken jobs leave the array once they are half of it (or all of it), so a queue
            // that is never empty does not grow without end.
            if head == queue.count {
                queue.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 64, 2 * head >= queue.count {
                queue.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
            condition.lock()
        }
    }
}
