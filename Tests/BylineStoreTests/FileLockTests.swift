import BylineStore
import BylineTestSupport
import Foundation
import Testing

/// The file lock the analysis lock and the pull lock share: two holders in one process (two
/// descriptors of one file) exclude each other; the file is created, written, emptied and kept.
@Suite struct FileLockTests {
    @Test func aSecondDescriptorTakesTheLockOnlyAfterTheFirstReleasesIt() async throws {
        let folder = TestFolders.root.appendingPathComponent("byline-filelock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("byline.sqlite-analysis.lock").path
        #expect(Store.analysisLockPath(forDatabase: folder.appendingPathComponent("byline.sqlite").path) == path)

        let first = try FileLock(path: path)
        #expect(first.path == path)
        // Opening creates the file, empty; it is not locked yet.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["byline.sqlite-analysis.lock"])
        #expect(first.contents() == nil)
        let second = try FileLock(path: path)
        #expect(try first.tryLock() == true)
        #expect(try first.tryLock() == true)
        #expect(try second.tryLock() == false)

        // The holder's text, read through the other descriptor.
        first.replaceContents(with: "pid 42 (byline run since 2021-09-19T08:00:00Z)\n")
        #expect(second.contents() == "pid 42 (byline run since 2021-09-19T08:00:00Z)\n")

        // A waiter gets it once the holder releases (emptying the file); the file stays.
        let waiter = Task { try await second.lock(checkingEvery: .milliseconds(10)) }
        first.release(emptying: true)
        #expect(try await waiter.value == true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "")
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(second.contents() == nil)

        // A released lock cannot be taken again; a new one cannot while the second holds it.
        #expect(throws: FileLock.Failure.cannotLock(path: path, errno: EBADF)) { try first.tryLock() }
        #expect(try FileLock(path: path).tryLock() == false)
        second.release()
        #expect(try FileLock(path: path).tryLock() == true)
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func aLockFileInAFolderThatDoesNotExistCannotBeCreated() throws {
        let path = "/nonexistent-byline-\(UUID().uuidString)/byline.sqlite-pull.lock"
        #expect(throws: FileLock.Failure.cannotCreate(path: path, errno: ENOENT)) { try FileLock(path: path) }
        let failure = FileLock.Failure.cannotCreate(path: path, errno: ENOENT)
        #expect(failure.message(keepingOff: "a second pull or run off this database")
            == "cannot create the lock file that keeps a second pull or run off this database (No such file or directory)")
        #expect(FileLock.Failure.cannotLock(path: path, errno: EBADF).message(keepingOff: "x") == "cannot be locked (Bad file descriptor)")
    }
}
