/* verify.h — check a received pack against its own manifest (issue 5
 * "hand-off archive"): `fsepack verify PACK|ZIP`.
 *
 * A pack (a folder, or the ZIP of `run --archive`, whose entries sit under
 * one "<fiche>_<label>/" folder) holds manifest.json, SHA256SUMS and the
 * files they list. It is intact when:
 *   - every line of SHA256SUMS names a file present with that SHA-256;
 *   - every output of manifest.json ("sorties": chemin, sha256, taille) is
 *     present with that SHA-256 and size;
 *   - SHA256SUMS is byte for byte what fsepack writes for those outputs
 *     followed by manifest.json (pack.h fse_pack_seal), so no line was
 *     added, removed, reordered or altered;
 *   - no other file is present.
 * SHA256SUMS covers manifest.json, and the manifest covers every other
 * file, so one changed byte in any file is found. Nothing inside the pack
 * protects SHA256SUMS against a rewrite of all three: its own SHA-256, the
 * "empreinte du pack" printed by `run` and by `verify`, is the value to send
 * apart from the pack (letter, e-mail) and to compare on receipt.
 */
#ifndef FSE_VERIFY_H
#define FSE_VERIFY_H

#include <stdio.h>

/* Check the pack at path (folder or .zip). Every problem is one French line
 * on out, naming the file ("fichier 01-bilan.pdf : modifié …"); the last
 * line says intact or not and gives the pack's fingerprint (SHA-256 of
 * SHA256SUMS). Returns 0 intact, 1 when a file differs, is missing or is
 * unexpected, -1 when path cannot be read as a pack or holds neither
 * SHA256SUMS nor manifest.json (message on out). */
int fse_verify_pack(const char *path, FILE *out);

#endif
