#ifndef BENCH_MALLOC_H
#define BENCH_MALLOC_H
#include <stddef.h>

/// malloc's heap now (glibc's mallinfo2, summed over its arenas): the bytes in use (small
/// blocks and mmapped ones) in `in_use`, the bytes free inside the arenas in `free_bytes`.
/// Zero on a C library without mallinfo2.
void bench_malloc_heap(size_t *in_use, size_t *free_bytes);

/// The bytes SQLite holds now (its page caches, schema and statements, over every connection),
/// as SQLite counts them (`sqlite3_memory_used`; the library the process links, through GRDB).
long long sqlite3_memory_used(void);

#endif
