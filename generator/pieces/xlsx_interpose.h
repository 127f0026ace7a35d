/* xlsx_interpose.h — what the replacements of libxlsxwriter functions
 * (xlsx_lxw_util.c, xlsx_sst.c) share. */
#ifndef FSE_XLSX_INTERPOSE_H
#define FSE_XLSX_INTERPOSE_H

#include <stdbool.h>

/* Whether the running libxlsxwriter is 1.1.4, the release whose structures
 * (xml_attribute, the shared string table) the replacements were checked
 * against, and the one compiled in. False: the replacements that fill the
 * library's structures call the library's own functions instead. */
bool fse_lxw_internals_known(void);

#endif
