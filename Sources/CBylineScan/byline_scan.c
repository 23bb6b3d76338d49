#include "byline_scan.h"

// The portable byte-by-byte scans: what byline_scan.h calls on targets without SSE2, and the
// reference the tests compare the SSE2 kernels with on x86-64.

int byline_scan_vector_width(void) {
#if defined(__SSE2__)
    return 16;
#else
    return 1;
#endif
}

size_t byline_scan_clean_scalar(const uint8_t *p, size_t n, size_t i) {
    for (; i < n; i++) {
        if (byline_is_clean_stop(p[i])) return i;
    }
    return n;
}

size_t byline_scan_section_scalar(const uint8_t *p, size_t n, size_t i, uint8_t first) {
    for (; i < n; i++) {
        if (byline_is_section_stop(p[i], first)) return i;
    }
    return n;
}

size_t byline_scan_non_ascii_scalar(const uint8_t *p, size_t n, size_t i) {
    for (; i < n; i++) {
        if (p[i] >= 0x80) return i;
    }
    return n;
}

int byline_has_markup_scalar(const uint8_t *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (p[i] == 0x3C || p[i] == 0x26) return 1;
    }
    return 0;
}

size_t byline_fold_scalar(const uint8_t *p, size_t n, uint8_t *out) {
    size_t k = 0, i = 0;
    int pending = 0;
    while (i < n) {
        byline_fold_step(p, n, &i, out, &k, &pending);
    }
    return k;
}
