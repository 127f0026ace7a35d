/* library_fn.c — see library_fn.h: one lookup of a library's own function
 * for every replacement the executable makes of it. */
#define _GNU_SOURCE   /* RTLD_NEXT */
#include "common/library_fn.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

void *fse_library_fn(const char *name)
{
    void *f = dlsym(RTLD_NEXT, name);
    if (!f) {
        fprintf(stderr, "fsepack: error: fonction %s introuvable dans les bibliothèques liées\n", name);
        abort();
    }
    return f;
}
