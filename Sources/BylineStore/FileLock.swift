import Foundation

/// An exclusive advisory lock on a file: `flock(LOCK_EX)` on a descriptor of its own.
///
/// The lock belongs to the open descriptor, not to the process, so two `FileLock`s of one path in
/// one process exclude each other as two processes do. The kernel releases it when the descriptor
/// is closed (``release(emptying:)``, or `deinit`) or the process ends however it ends (a crash or
/// `kill -9` leaves no stale lock). The file is created when missing (mode 0644) and never
/// removed: removing a lock file while another process may be opening it would let two hold it.
/// It may carry a short text (who holds it), which ``contents()`` reads and ``replaceContents(with:)``
/// writes.
///
/// `@unchecked Sendable`: its one mutable field, the descriptor, is guarded by `guardLock`.
public final class FileLock: @unchecked Sendable {
    /// Why a lock file could not be opened or locked; each case carries the lock file's path and
    /// the system's `errno`.
    public enum Failure: Error, Equatable, Sendable {
        /// The file could not be opened or created (`open` failed: `ENOENT` for a missing
        /// folder, `EACCES`, `ENOSPC`...).
        case cannotCreate(path: String, errno: Int32)
        /// `flock` failed for another reason than another holder (`EBADF` after
        /// ``FileLock/release(emptying:)``, `ENOLCK`...).
        case cannotLock(path: String, errno: Int32)

        /// The lock file's path.
        public var path: String {
            switch self {
            case .cannotCreate(let path, _), .cannotLock(let path, _): path
            }
        }

        /// The system's `errno` of the failure.
        public var errno: Int32 {
            switch self {
            case .cannotCreate(_, let code), .cannotLock(_, let code): code
            }
        }

        /// The system's words for ``errno`` (`strerror`): "No such file or directory".
        public var reason: String { String(cString: strerror(errno)) }

        /// The failure in words for a user, after the lock file's path: "cannot create the lock
        /// file that keeps `what` (reason)" or "cannot be locked (reason)".
        ///
        /// - Parameter what: What the lock keeps out, and of what: "a second analysis off this database".
        public func message(keepingOff what: String) -> String {
            switch self {
            case .cannotCreate: "cannot create the lock file that keeps \(what) (\(reason))"
            case .cannotLock: "cannot be locked (\(reason))"
            }
        }
    }

    /// The lock file's path, as given.
    public let path: String
    private let guardLock = NSLock()
    /// -1 once released.
    private var descriptor: Int32

    /// Opens the lock file at `path` (creating it, mode 0644, when missing) without locking it.
    ///
    /// - Parameter path: The lock file.
    /// - Throws: ``Failure/cannotCreate(path:errno:)`` when it cannot be opened or created.
    public init(path: String) throws(Failure) {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .cannotCreate(path: path, errno: errno) }
        self.path = path
        self.descriptor = descriptor
    }

    deinit { release() }

    /// Takes the lock if no other descriptor holds it, without waiting (an interrupted `flock`,
    /// `EINTR`, is tried again).
    ///
    /// - Returns: true when this holds the lock (also when it held it already); false when
    ///   another descriptor, of this process or another, holds it.
    /// - Throws: ``Failure/cannotLock(path:errno:)`` when `flock` fails otherwise, and with
    ///   `EBADF` after ``release(emptying:)``.
    public func tryLock() throws(Failure) -> Bool {
        let failure: Int32? = guardLock.withLock {
            guard descriptor >= 0 else { return EBADF }
            var result: Int32
            repeat { result = flock(descriptor, LOCK_EX | LOCK_NB) } while result != 0 && errno == EINTR
            return result == 0 ? nil : errno
        }
        guard let failure else { return true }
        guard failure == EWOULDBLOCK else { throw .cannotLock(path: path, errno: failure) }
        return false
    }

    /// Takes the lock, waiting for as long as another descriptor holds it (trying again every
    /// `interval`).
    ///
    /// - Parameter interval: The time between tries.
    /// - Returns: true when this holds the lock; false when the task was cancelled while waiting.
    /// - Throws: what ``tryLock()`` throws.
    public func lock(checkingEvery interval: Duration = .milliseconds(100)) async throws(Failure) -> Bool {
        while true {
            if try tryLock() { return true }
            if Task.isCancelled { return false }
            try? await Task.sleep(for: interval)
        }
    }

    /// The file's text (its first 512 bytes as UTF-8); nil when it is empty or released.
    public func contents() -> String? {
        guardLock.withLock {
            guard descriptor >= 0 else { return nil }
            var buffer = [UInt8](repeating: 0, count: 512)
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
            return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
        }
    }

    /// Replaces the file's text with `text` (best effort: a write that fails leaves the lock as it
    /// is); does nothing once released. Meant for the holder.
    public func replaceContents(with text: String) {
        guardLock.withLock {
            guard descriptor >= 0 else { return }
            _ = ftruncate(descriptor, 0)
            _ = Array(text.utf8).withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        }
    }

    /// Releases the lock by closing the file, first emptying it when `emptying` is true (the
    /// holder's text, so that it is not quoted once the holder is gone). Later calls do nothing.
    public func release(emptying: Bool = false) {
        guardLock.withLock {
            guard descriptor >= 0 else { return }
            if emptying { _ = ftruncate(descriptor, 0) }
            close(descriptor)
            descriptor = -1
        }
    }
}
