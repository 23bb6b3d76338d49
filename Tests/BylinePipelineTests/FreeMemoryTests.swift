import Foundation
import Synchronization
import Testing
@testable import BylinePipeline

/// `run` gives the free pages of malloc's arenas back after each analysis (``FreeMemory``):
/// glibc keeps the pages a thread frees between blocks still held in that thread's arena, so
/// they stay resident until released.
@Suite struct FreeMemoryTests {
    @Test func theFreePagesBetweenHeldBlocksOfAThreadsArenaAreGivenBack() throws {
        #if canImport(Glibc)
        // 64 KB blocks (below malloc's mmap threshold, so inside the arena), every other one
        // freed: each freed block is whole pages between two held ones, which `free` keeps.
        // Up to three rounds: another test's service in this process may release them first.
        let released = Mutex<[Bool]>([])
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            for _ in 0..<3 {
                let blocks = (0..<256).map { _ -> UnsafeMutableRawPointer in
                    let block = malloc(64 * 1024)!
                    memset(block, 1, 64 * 1024)
                    return block
                }
                for index in stride(from: 0, to: blocks.count, by: 2) { free(blocks[index]) }
                let gaveBack = FreeMemory.release()
                for index in stride(from: 1, to: blocks.count, by: 2) { free(blocks[index]) }
                released.withLock { $0.append(gaveBack) }
                if gaveBack { break }
            }
            done.signal()
        }
        thread.start()
        done.wait()
        #expect(released.withLock { $0.last } == true)
        #endif
    }
}
