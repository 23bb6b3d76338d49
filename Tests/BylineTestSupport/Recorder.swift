public import Hummingbird
import Foundation

/// Records what a test server saw (headers, requests in flight) and holds slow routes until the
/// test releases them, for assertions after a pull.
public actor Recorder {
    /// The headers of the last request, by lower-case name.
    public private(set) var headers: [String: String] = [:]
    /// Requests inside ``enter()``/``leave()`` now.
    public private(set) var inFlight = 0
    /// The most requests that were inside ``enter()``/``leave()`` at once.
    public private(set) var maxInFlight = 0
    /// Requests recorded with ``record(_:)``.
    public private(set) var requests = 0
    /// Whether ``release()`` was called.
    public private(set) var released = false
    /// Values passed to ``note(_:)``, in call order.
    public private(set) var notedIndices: [Int] = []
    /// Strings passed to ``note(_:)-(String)``, in call order.
    public private(set) var notes: [String] = []

    /// Creates an empty recorder.
    public init() {}

    /// Counts `request` and keeps its headers.
    public func record(_ request: Request) {
        requests += 1
        for field in request.headers {
            headers[field.name.canonicalName] = field.value
        }
    }

    /// Marks a request as being served.
    public func enter() {
        inFlight += 1
        maxInFlight = max(maxInFlight, inFlight)
    }

    /// Marks a request as served.
    public func leave() { inFlight -= 1 }

    /// Appends `index` to ``notedIndices``.
    public func note(_ index: Int) { notedIndices.append(index) }

    /// Appends `text` to ``notes``.
    public func note(_ text: String) { notes.append(text) }

    /// Lets routes waiting in ``waitForRelease(upTo:)`` go on.
    public func release() { released = true }

    /// Polls every 20 ms until ``release()`` is called or `seconds` pass.
    public func waitForRelease(upTo seconds: Double) async {
        let end = ContinuousClock.now + .seconds(seconds)
        while !released, ContinuousClock.now < end {
            await loopbackSleep(seconds: 0.02)
        }
    }
}
