public import Foundation
import Testing

/// A small tmpfs mounted on a folder, to fill a disk for real (SQLite's SQLITE_FULL) in a test.
/// Mounting needs root; tests skip, with a printed note, where it is not allowed.
public enum SmallDisk {
    /// Mounts a tmpfs of `size` (`mount -o size=`: `2m`) at `folder`; false when this machine
    /// does not allow it.
    public static func mount(at folder: URL, size: String = "2m") -> Bool {
        run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", folder.path])
    }

    /// A folder `name` made in `parent` with a tmpfs of `size` mounted on it; nil (after printing
    /// `skipped: cannot mount a small tmpfs here (needs root); <what> is not tested`) when this
    /// machine does not allow it. The caller unmounts it (``unmount(_:)``).
    public static func mounted(_ name: String, in parent: URL, size: String, untested what: String) throws -> URL? {
        let folder = parent.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        guard mount(at: folder, size: size) else {
            print("skipped: cannot mount a small tmpfs here (needs root); \(what) is not tested")
            return nil
        }
        return folder
    }

    /// Makes the tmpfs at `folder` `size` large, keeping its files (frees space); whether it
    /// worked.
    @discardableResult
    public static func resize(_ folder: URL, to size: String) -> Bool {
        run("/bin/mount", ["-o", "remount,size=\(size)", folder.path])
    }

    /// Unmounts `folder`.
    public static func unmount(_ folder: URL) {
        _ = run("/bin/umount", [folder.path])
    }

    private static func run(_ program: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        do {
            return try process.exitStatus(within: 60) == 0
        } catch {
            Issue.record(error)
            return false
        }
    }
}
