#ifndef BYLINE_SCAN_H
#define BYLINE_SCAN_H

// Byte scans for BylineFeed's hot paths. On a target with SSE2 (every x86-64, and 32-bit x86
// built with -msse2) the scans read sixteen bytes at a time and are inlined here, where clang
// inlines them into the Swift caller (Swift's SIMD types compile to element-wise loops for these
// comparisons). Everywhere else (arm64 and any other architecture) the same names call the
// byte-by-byte functions of byline_scan.c. Both paths give the same results for every input; the
// `_scalar` functions are compiled on every architecture, so the tests compare them.

#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// The width in bytes of the scans compiled for this target: 16 with SSE2, 1 otherwise.
int byline_scan_vector_width(void);

/// Whether `b` is one ByteNormalizer.clean stops at: a C0 control other than tab, LF and CR,
/// '&', '!' or '?'.
static inline int byline_is_clean_stop(uint8_t b) {
    return (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D) || b == 0x26 || b == 0x21 || b == 0x3F;
}

/// Whether `b` stops the scan of a section opened with `first`: `first`, or a C0 control other
/// than tab, LF and CR.
static inline int byline_is_section_stop(uint8_t b, uint8_t first) {
    return b == first || (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D);
}

/// The length of a Unicode space encoded at `i` (U+00A0, U+2000-U+200A, U+2028, U+2029,
/// U+202F, U+205F, U+3000), or 0.
static inline size_t byline_space_width(const uint8_t *p, size_t n, size_t i) {
    uint8_t b = p[i];
    if (b == 0xC2 && i + 1 < n && p[i + 1] == 0xA0) return 2;
    if (b == 0xE2 && i + 2 < n) {
        uint8_t b1 = p[i + 1], b2 = p[i + 2];
        if (b1 == 0x80 && (b2 <= 0x8A || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF)) return 3;
        if (b1 == 0x81 && b2 == 0x9F) return 3;
    }
    if (b == 0xE3 && i + 2 < n && p[i + 1] == 0x80 && p[i + 2] == 0x80) return 3;
    return 0;
}

// The portable path, byte by byte (byline_scan.c). Same contracts as the functions without
// `_scalar` below.
size_t byline_scan_clean_scalar(const uint8_t *p, size_t n, size_t i);
size_t byline_scan_section_scalar(const uint8_t *p, size_t n, size_t i, uint8_t first);
size_t byline_scan_non_ascii_scalar(const uint8_t *p, size_t n, size_t i);
int byline_has_markup_scalar(const uint8_t *p, size_t n);
/// One step of the whitespace fold at byte `*i` (no vector run): copies a printable ASCII byte
/// or a non-space UTF-8 byte (a pending space first), turns a run of ASCII or Unicode spaces into
/// one pending space (none at the start), drops other control characters; advances `*i`.
static inline void byline_fold_step(const uint8_t *p, size_t n, size_t *i, uint8_t *out, size_t *k, int *pending) {
    uint8_t b = p[*i];
    if (b > 0x20 && b < 0x80) {
        if (*pending) { out[(*k)++] = 0x20; *pending = 0; }
        out[(*k)++] = b;
        *i += 1;
        return;
    }
    if (b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C) {
        *pending = *k > 0;
        *i += 1;
        return;
    }
    if (b >= 0x80) {
        size_t width = byline_space_width(p, n, *i);
        if (width > 0) {
            *pending = *k > 0;
            *i += width;
            return;
        }
        if (*pending) { out[(*k)++] = 0x20; *pending = 0; }
        out[(*k)++] = b;
        *i += 1;
        return;
    }
    *i += 1;  // other control characters
}

size_t byline_fold_scalar(const uint8_t *p, size_t n, uint8_t *out);

#if defined(__SSE2__)

/// The index of the first byte at or after `i` that `byline_is_clean_stop`; `n` when none.
static inline size_t byline_scan_clean(const uint8_t *p, size_t n, size_t i) {
    const __m128i c1f = _mm_set1_epi8(0x1F), tab = _mm_set1_epi8(0x09), lf = _mm_set1_epi8(0x0A);
    const __m128i cr = _mm_set1_epi8(0x0D), amp = _mm_set1_epi8(0x26), excl = _mm_set1_epi8(0x21);
    const __m128i quest = _mm_set1_epi8(0x3F);
    while (i + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(v, c1f), v);
        __m128i ok = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, tab), _mm_cmpeq_epi8(v, lf)), _mm_cmpeq_epi8(v, cr));
        __m128i other = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, amp), _mm_cmpeq_epi8(v, excl)),
                                     _mm_cmpeq_epi8(v, quest));
        int m = _mm_movemask_epi8(_mm_or_si128(_mm_andnot_si128(ok, low), other));
        if (m) return i + (size_t)__builtin_ctz((unsigned)m);
        i += 16;
    }
    for (; i < n; i++) {
        if (byline_is_clean_stop(p[i])) return i;
    }
    return n;
}

/// The index of the first byte at or after `i` that is `first` or a C0 control other than
/// tab, LF and CR (the scan inside a CDATA section, comment or PI); `n` when none.
static inline size_t byline_scan_section(const uint8_t *p, size_t n, size_t i, uint8_t first) {
    const __m128i c1f = _mm_set1_epi8(0x1F), tab = _mm_set1_epi8(0x09), lf = _mm_set1_epi8(0x0A);
    const __m128i cr = _mm_set1_epi8(0x0D), f = _mm_set1_epi8((char)first);
    while (i + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(v, c1f), v);
        __m128i ok = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, tab), _mm_cmpeq_epi8(v, lf)), _mm_cmpeq_epi8(v, cr));
        int m = _mm_movemask_epi8(_mm_or_si128(_mm_andnot_si128(ok, low), _mm_cmpeq_epi8(v, f)));
        if (m) return i + (size_t)__builtin_ctz((unsigned)m);
        i += 16;
    }
    for (; i < n; i++) {
        if (byline_is_section_stop(p[i], first)) return i;
    }
    return n;
}

/// The index of the first byte at or after `i` that is not ASCII (>= 0x80); `n` when none.
static inline size_t byline_scan_non_ascii(const uint8_t *p, size_t n, size_t i) {
    while (i + 16 <= n) {
        int m = _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(p + i)));
        if (m) return i + (size_t)__builtin_ctz((unsigned)m);
        i += 16;
    }
    for (; i < n; i++) {
        if (p[i] >= 0x80) return i;
    }
    return n;
}

/// Whether the `n` bytes at `p` hold a '<' or an '&'.
static inline int byline_has_markup(const uint8_t *p, size_t n) {
    size_t i = 0;
    const __m128i lt = _mm_set1_epi8(0x3C), amp = _mm_set1_epi8(0x26);
    while (i + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        if (_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, amp)))) return 1;
        i += 16;
    }
    for (; i < n; i++) {
        if (p[i] == 0x3C || p[i] == 0x26) return 1;
    }
    return 0;
}

/// Folds the `n` bytes at `p` into `out` (capacity at least `n`) and returns the count
/// written: runs of ASCII whitespace and Unicode spaces become one ASCII space, none at the
/// start or end; C0 controls other than whitespace are dropped; every other byte is kept.
/// Runs of bytes 0x21-0x7F are copied sixteen at a time (the store may write past the
/// returned count, never past `n`: the output never runs ahead of the input).
static inline size_t byline_fold(const uint8_t *p, size_t n, uint8_t *out) {
    size_t k = 0, i = 0;
    int pending = 0;
    while (i < n) {
        if (i + 16 <= n) {
            __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
            __m128i t = _mm_sub_epi8(v, _mm_set1_epi8(0x21));
            __m128i plain = _mm_cmpeq_epi8(_mm_min_epu8(t, _mm_set1_epi8(0x5E)), t);
            unsigned m = (unsigned)_mm_movemask_epi8(plain) ^ 0xFFFFu;
            size_t run = m ? (size_t)__builtin_ctz(m) : 16;
            if (run > 0) {
                if (pending) { out[k++] = 0x20; pending = 0; }
                _mm_storeu_si128((__m128i *)(out + k), v);
                k += run;
                i += run;
                continue;
            }
        }
        byline_fold_step(p, n, &i, out, &k, &pending);
    }
    return k;
}

#else  // no SSE2: the portable path

static inline size_t byline_scan_clean(const uint8_t *p, size_t n, size_t i) {
    return byline_scan_clean_scalar(p, n, i);
}

static inline size_t byline_scan_section(const uint8_t *p, size_t n, size_t i, uint8_t first) {
    return byline_scan_section_scalar(p, n, i, first);
}

static inline size_t byline_scan_non_ascii(const uint8_t *p, size_t n, size_t i) {
    return byline_scan_non_ascii_scalar(p, n, i);
}

static inline int byline_has_markup(const uint8_t *p, size_t n) { return byline_has_markup_scalar(p, n); }

static inline size_t byline_fold(const uint8_t *p, size_t n, uint8_t *out) { return byline_fold_scalar(p, n, out); }

#endif

#endif
