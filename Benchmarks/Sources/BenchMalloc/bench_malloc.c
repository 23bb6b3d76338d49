#include "bench_malloc.h"
#if defined(__linux__)
#include <malloc.h>
#endif

void bench_malloc_heap(size_t *in_use, size_t *free_bytes) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 info = mallinfo2();
    *in_use = info.uordblks + info.hblkhd;
    *free_bytes = info.fordblks;
#else
    *in_use = 0;
    *free_bytes = 0;
#endif
}
