@testable import BylineFetch
import NIOCore
import NIOPosix
import Testing

/// The pull timeout's wait: it ends at its time, and a cancelled one ends at once rather than at
/// its deadline (a wait of an hour that did not would hold the test until its time limit). The
/// limit is far above the waits: in a full run on two cores the tests may not start running
/// for minutes (a whole run has stalled others for five).
@Suite(.timeLimit(.minutes(15))) struct LoopTimerTests {
    @Test func aWaitEndsWhenItsTimeRunsOut() async {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        #expect(await LoopTimer.wait(seconds: 0.05, on: loop))
        #expect(await LoopTimer.wait(seconds: 0, on: loop))
    }

    @Test func aCancelledWaitEndsAtOnce() async {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let waits = (0..<100).map { _ in Task { await LoopTimer.wait(seconds: 3600, on: loop) } }
        for wait in waits { wait.cancel() }
        for wait in waits { #expect(await wait.value == false) }
    }

    @Test func aWaitBegunAfterCancellationEndsAtOnce() async {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let wait = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await LoopTimer.wait(seconds: 3600, on: loop)
        }
        #expect(await wait.value == false)
    }
}
