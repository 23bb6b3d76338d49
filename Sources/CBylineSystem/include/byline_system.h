#ifndef BYLINE_SYSTEM_H
#define BYLINE_SYSTEM_H

/// Exchanges two paths atomically (Linux `renameat2` with `RENAME_EXCHANGE`): both must exist;
/// afterwards each names what the other named. Returns 0, or -1 with `errno` set (`EINVAL` or
/// `ENOSYS` where the file system or kernel cannot, `EXDEV` across file systems). glibc declares
/// `renameat2` only under `_GNU_SOURCE`, which Swift's Glibc module does not set.
int byline_exchange_paths(const char *first, const char *second);

#endif
