#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#if defined(__linux__)
#include <malloc.h>
#endif

#include "byline_system.h"

int byline_exchange_paths(const char *first, const char *second) {
#if defined(SYS_renameat2) && defined(RENAME_EXCHANGE)
    return (int)syscall(SYS_renameat2, AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE);
#else
    errno = ENOSYS;
    return -1;
#endif
}

byline_file_kind byline_path_kind(const char *path) {
    struct stat info;
    if (stat(path, &info) != 0) {
        int failure = errno;
        if (failure == ELOOP) return BYLINE_FILE_LINK_LOOP;
        if ((failure == ENOENT || failure == ENOTDIR) && lstat(path, &info) == 0 && S_ISLNK(info.st_mode)) {
            return BYLINE_FILE_DANGLING_LINK;
        }
        return BYLINE_FILE_NONE;
    }
    if (S_ISREG(info.st_mode)) return BYLINE_FILE_REGULAR;
    if (S_ISDIR(info.st_mode)) return BYLINE_FILE_DIRECTORY;
    return BYLINE_FILE_OTHER;
}

int byline_release_free_memory(void) {
#if defined(__GLIBC__)
    return malloc_trim(0);
#else
    return 0;
#endif
}
