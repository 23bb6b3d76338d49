#ifndef BYLINE_CBLAS_SHIM_H
#define BYLINE_CBLAS_SHIM_H

#include <cblas.h>

/* OpenBLAS extension; declared here too so the shim also works with a plain
   netlib-style cblas.h as long as the library linked is OpenBLAS. */
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);

#endif
