#ifndef BYLINE_BLAS_H
#define BYLINE_BLAS_H

/// OpenBLAS, loaded on first use (`dlopen`) rather than linked: a linked OpenBLAS starts its
/// thread pool when the process starts, and its idle threads spin for about 0.1 s of CPU
/// before they sleep, in every process, also in those (parse, report) that never multiply a
/// matrix. Only the encoder of BylineEmbed needs it.

/// Loads OpenBLAS once (`libopenblas.so.0`, else `libopenblas.so`; thread-safe) and switches it
/// to single-threaded products (`openblas_set_num_threads(1)`): the encoder splits its products
/// across its own threads. Returns NULL when OpenBLAS is loaded, else a static text saying why
/// not (the loader's message); later calls return the same.
const char *byline_blas_load(void);

/// The name of the kernel family OpenBLAS runs on this CPU (`openblas_get_corename`, e.g.
/// "SkylakeX"), loading OpenBLAS if no call did yet; NULL when it cannot be loaded or does not
/// say. Before loading, Byline names the family the CPU supports in `OPENBLAS_CORETYPE` unless
/// the environment names one (see byline_blas.c).
const char *byline_blas_core_name(void);

/// `c = alpha * op(a) * op(b) + beta * c` for row-major Float matrices (`cblas_sgemm` with
/// `CblasRowMajor`): `op(a)` is [m, k], `op(b)` is [k, n], `c` is [m, n]; a nonzero
/// `transpose_a` / `transpose_b` reads that matrix transposed. Loads OpenBLAS if no call did
/// yet, and aborts with a message when it cannot be loaded (``byline_blas_load`` first lets a
/// caller refuse instead).
void byline_blas_sgemm(int transpose_a, int transpose_b, int m, int n, int k, float alpha,
                       const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc);

#endif
