#ifndef BYLINE_SYSTEM_H
#define BYLINE_SYSTEM_H

/// Exchanges two paths atomically (Linux `renameat2` with `RENAME_EXCHANGE`): both must exist;
/// afterwards each names what the other named. Returns 0, or -1 with `errno` set (`EINVAL` or
/// `ENOSYS` where the file system or kernel cannot, `EXDEV` across file systems). glibc declares
/// `renameat2` only under `_GNU_SOURCE`, which Swift's Glibc module does not set.
int byline_exchange_paths(const char *first, const char *second);

/// What a path names, following symbolic links (`stat`).
typedef enum {
    /// Nothing: no such path, or a folder on the way that cannot be searched.
    BYLINE_FILE_NONE = 0,
    BYLINE_FILE_REGULAR = 1,
    BYLINE_FILE_DIRECTORY = 2,
    /// A device, pipe or socket.
    BYLINE_FILE_OTHER = 3,
    /// A symbolic link (itself, or one on the way through further links) to a path that does not exist.
    BYLINE_FILE_DANGLING_LINK = 4,
    /// A symbolic link that leads back to itself (too many levels of links).
    BYLINE_FILE_LINK_LOOP = 5,
} byline_file_kind;

/// The kind of file `path` names after symbolic links are followed: one `stat` call, no
/// owner or group look-up (Foundation's `attributesOfItem` reads the user and group
/// databases for every call). When `stat` fails, one `lstat` tells a link to a missing path
/// (`BYLINE_FILE_DANGLING_LINK`) and a loop of links (`BYLINE_FILE_LINK_LOOP`) from no path.
byline_file_kind byline_path_kind(const char *path);

/// Gives the free memory inside malloc's arenas back to the system (glibc `malloc_trim(0)`: the
/// whole free pages inside every arena, each thread's as well as the main heap, not only the top
/// of the main heap, which `free` already returns). A long-running process whose work frees
/// buffers of many sizes on several threads otherwise keeps those pages resident. Returns 1 when
/// some memory was given back, 0 when none was or the C library has no such call.
int byline_release_free_memory(void);

#endif
