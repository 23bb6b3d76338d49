#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "byline_blas.h"

/// CBLAS's values for the layout and transposition arguments (cblas.h).
enum { ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112 };

/// `cblas_sgemm` with OpenBLAS's 32-bit `blasint` (libopenblas0; the 64-bit-index build is a
/// library of another name, libopenblas64).
typedef void (*sgemm_function)(int order, int transpose_a, int transpose_b, int m, int n, int k, float alpha,
                               const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc);
typedef void (*set_threads_function)(int threads);

/// Names OpenBLAS's kernel family for this CPU (`OPENBLAS_CORETYPE`) before OpenBLAS is loaded,
/// unless the environment names one: `SkylakeX` when AVX-512 (F, CD, BW, DQ, VL) is usable,
/// `Haswell` when AVX2 and FMA are, else none (OpenBLAS's own choice). A build of OpenBLAS with
/// its kernels chosen at run time (`DYNAMIC_ARCH`, as Debian's) knows only the CPU models older
/// than its release and gives any other its slowest x86-64 kernels (SSE3, "Prescott"): Debian
/// 12's 0.3.21 does so on a Sapphire Rapids Xeon, where the encoder then runs at a third of its
/// speed. OpenBLAS checks the named family against the CPU itself and steps down when the CPU
/// lacks it. Run as the process starts, before any thread, since `setenv` is not thread-safe.
__attribute__((constructor)) static void name_kernel_family(void) {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    if (getenv("OPENBLAS_CORETYPE") != NULL) return;
    __builtin_cpu_init();
    const char *family = NULL;
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512vl")) {
        family = "SkylakeX";
    } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        family = "Haswell";
    }
    if (family != NULL) setenv("OPENBLAS_CORETYPE", family, 0);
#endif
}

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static sgemm_function sgemm;
static const char *(*core_name)(void);
static const char *load_failure;
static char failure_text[512];

static void load(void) {
#if defined(__APPLE__)
    static const char *const names[] = {"libopenblas.dylib", "/opt/homebrew/opt/openblas/lib/libopenblas.dylib"};
#else
    static const char *const names[] = {"libopenblas.so.0", "libopenblas.so"};
#endif
    void *library = NULL;
    const char *error = "not found";
    for (size_t i = 0; i < sizeof names / sizeof names[0] && library == NULL; i++) {
        library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (library == NULL) {
            const char *text = dlerror();
            if (i == 0 && text != NULL) {
                snprintf(failure_text, sizeof failure_text, "%s", text);
                error = failure_text;
            }
        }
    }
    if (library == NULL) {
        load_failure = error;
        return;
    }
    sgemm_function found = (sgemm_function)dlsym(library, "cblas_sgemm");
    set_threads_function set_threads = (set_threads_function)dlsym(library, "openblas_set_num_threads");
    if (found == NULL || set_threads == NULL) {
        load_failure = "the OpenBLAS library found lacks cblas_sgemm or openblas_set_num_threads";
        return;
    }
    set_threads(1);
    core_name = (const char *(*)(void))dlsym(library, "openblas_get_corename");
    sgemm = found;
}

const char *byline_blas_core_name(void) {
    if (byline_blas_load() != NULL || core_name == NULL) return NULL;
    return core_name();
}

const char *byline_blas_load(void) {
    pthread_once(&load_once, load);
    return load_failure;
}

void byline_blas_sgemm(int transpose_a, int transpose_b, int m, int n, int k, float alpha,
                       const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc) {
    if (byline_blas_load() != NULL) {
        fprintf(stderr, "byline: cannot load OpenBLAS: %s\n", load_failure);
        abort();
    }
    sgemm(ROW_MAJOR, transpose_a ? TRANS : NO_TRANS, transpose_b ? TRANS : NO_TRANS, m, n, k, alpha, a, lda, b, ldb,
          beta, c, ldc);
}
