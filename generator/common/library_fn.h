/* library_fn.h — the library's own definition of a function the executable
 * replaces.
 *
 * fsepack defines a few functions of libharu, libminizip, libxlsxwriter and
 * glibc itself and exports them (EXPORTS in the Makefile), so that the
 * libraries' own calls reach the faster or safer version (pdf_glyphs.c,
 * pdf_memops.c, pdf_zstreams.c, xlsx_deflate.c, xlsx_lxw_util.c, xlsx_sst.c,
 * xlsx_tmpfile.c, xlsx_fprintf.c). Each still needs the library's
 * definition, for what it does not do itself. */
#ifndef FSE_LIBRARY_FN_H
#define FSE_LIBRARY_FN_H

/* The next definition of the function called name after the executable's
 * own, i.e. the linked library's (dlsym RTLD_NEXT). Aborts when there is
 * none, which cannot happen while that library is linked. Cast the result
 * to the function's type. */
void *fse_library_fn(const char *name);

#endif
