/* test_pack.c — the hidden folder of a pack and the out-of-memory exit
 * (pack/pack.c, common/util.c): an exit for want of memory while a pack is
 * being built removes that pack's hidden folder (files, a sub-folder, the
 * archive written beside it) and touches neither the published pack nor
 * its .precedent; once published, the same exit removes nothing, nor does
 * it in the instant after the swap that publishes a pack over another
 * (the hidden folder then holds the previous pack: renameat2 below). Each
 * exit runs in a child process (fork), which must end with EX_OSERR (71). */
#define _GNU_SOURCE   /* renameat2, RENAME_EXCHANGE */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "common/util.h"
#include "pack/pack.h"

typedef struct { char dir[64]; } fixture;

/* pack.c's renameat2, here: the system's, then, when oom_after_swap is set
 * and the call swapped a pack folder with a published one (RENAME_EXCHANGE
 * onto ".../2024"), the out-of-memory exit at once: the instant where the
 * hidden folder holds the previous pack, before keep_previous moves it. */
static int oom_after_swap;

int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags)
{
    long rc = syscall(SYS_renameat2, olddirfd, oldpath, newdirfd, newpath, flags);
    size_t n = strlen(newpath);
    if (rc == 0 && oom_after_swap && flags == RENAME_EXCHANGE && n >= 5 && !strcmp(newpath + n - 5, "/2024")) {
        volatile void *p = fse_xmalloc(SIZE_MAX / 2);
        (void)p;
        _exit(3);   /* the allocation returned: not what is tested */
    }
    return (int)rc;
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx) return -1;
    snprintf(fx->dir, sizeof fx->dir, "/tmp/fsepack-test-pack-XXXXXX");
    if (!mkdtemp(fx->dir)) return -1;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    char *cmd = fse_xasprintf("rm -rf '%s'", fx->dir);
    int rc = system(cmd);
    (void)rc;
    free(cmd);
    free(fx);
    return 0;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return fse_xstrdup("(absent)");
    char buf[256];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    return fse_xstrdup(buf);
}

/* The file at path holds exactly want ("(absent)" when it is missing). */
static void assert_file(const char *path, const char *want)
{
    char *got = slurp(path);
    assert_string_equal(got, want);
    free(got);
}

/* A pack of one file name holding text, published in out/fiche/2024. */
static void publish(const char *out, const char *name, const char *text)
{
    fse_pack p;
    char err[512];
    assert_int_equal(fse_pack_begin(&p, out, "fiche", "2024", err, sizeof err), 0);
    char *path = fse_pack_path(&p, name);
    put(path, text);
    free(path);
    assert_int_equal(fse_pack_add(&p, name, NULL, 0), 0);
    assert_int_equal(fse_pack_publish(&p, err, sizeof err), 0);
    fse_pack_abort(&p);
}

/* The names in dir, sorted, joined by spaces. */
static char *names_of(const char *dir)
{
    struct dirent **list;
    int n = scandir(dir, &list, NULL, alphasort);
    assert_true(n >= 0);
    fse_sb b = {0};
    for (int i = 0; i < n; i++) {
        if (strcmp(list[i]->d_name, ".") && strcmp(list[i]->d_name, ".."))
            fse_sb_addf(&b, "%s%s", b.len ? " " : "", list[i]->d_name);
        free(list[i]);
    }
    free(list);
    return b.s ? b.s : fse_xstrdup("");
}

/* Run fn(out) in a child that then runs out of memory; its exit status. */
static int oom_child(void (*fn)(const char *), const char *out)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) dup2(null, STDERR_FILENO);   /* "mémoire insuffisante": test_text.c */
        fn(out);
        volatile void *p = fse_xmalloc(SIZE_MAX / 2);
        (void)p;
        _exit(3);   /* the allocation returned: not what is tested */
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

/* A pack half built: two files, a sub-folder with a file, the archive. */
static void build_half(const char *out)
{
    fse_pack p;
    char err[512];
    if (fse_pack_begin(&p, out, "fiche", "2024", err, sizeof err)) _exit(4);
    char *path = fse_pack_path(&p, "b.txt");
    put(path, "deux");
    free(path);
    if (fse_pack_add(&p, "b.txt", NULL, 0)) _exit(5);
    if (fse_pack_archive(&p, "fiche", "2024", 0, err, sizeof err)) _exit(6);
    path = fse_pack_path(&p, "sous-dossier");
    if (mkdir(path, 0777)) _exit(7);
    free(path);
    path = fse_pack_path(&p, "sous-dossier/c.txt");
    put(path, "trois");
    free(path);
    struct stat st;
    if (stat(p.tmp, &st) || stat(p.zip_tmp, &st)) _exit(8);   /* both there before the exit */
}

/* A third pack published over the second, the exit right after the swap. */
static void publish_swap_oom(const char *out)
{
    oom_after_swap = 1;
    publish(out, "c.txt", "trois");
    _exit(3);   /* the swap did not happen: not what is tested */
}

/* A second pack published over the first, then the exit. */
static void publish_then_oom(const char *out)
{
    publish(out, "b.txt", "deux");
}

static void test_oom_removes_hidden_folder(void **state)
{
#if defined(__SANITIZE_ADDRESS__)
    (void)state;
    skip();   /* ASan aborts on the impossible allocation instead of returning NULL */
#else
    fixture *fx = *state;
    char *out = fse_xasprintf("%s/out", fx->dir), *fiche = fse_xasprintf("%s/fiche", out);
    char *a = fse_xasprintf("%s/2024/a.txt", fiche);
    publish(out, "a.txt", "un");
    char *sums = fse_xasprintf("%s/2024/SHA256SUMS", fiche), *sums_before = slurp(sums);

    assert_int_equal(oom_child(build_half, out), 71);
    char *names = names_of(fiche);
    assert_string_equal(names, "2024");   /* no .2024.tmp-PID, no .2024.tmp-PID.zip */
    free(names);
    assert_file(a, "un");   /* the published pack intact */
    assert_file(sums, sums_before);

    /* published: the exit removes nothing (the folder has moved) */
    assert_int_equal(oom_child(publish_then_oom, out), 71);
    names = names_of(fiche);
    assert_string_equal(names, ".2024.precedent 2024");
    free(names);
    char *b = fse_xasprintf("%s/2024/b.txt", fiche), *prev = fse_xasprintf("%s/.2024.precedent/a.txt", fiche);
    assert_file(b, "deux");
    assert_file(prev, "un");

    /* out of memory just after the swap: the new pack is published, the
     * hidden folder holds the previous one (not removed: disarmed before
     * the swap), .precedent the one before */
    pid_t pid = 0;
    assert_int_equal(oom_child(publish_swap_oom, out), 71);
    names = names_of(fiche);
    assert_int_equal(sscanf(names, ".2024.precedent .2024.tmp-%d 2024", &pid), 1);
    char *hidden = fse_xasprintf("%s/.2024.tmp-%d/b.txt", fiche, (int)pid), *c = fse_xasprintf("%s/2024/c.txt", fiche);
    char *want = fse_xasprintf(".2024.precedent .2024.tmp-%d 2024", (int)pid);
    assert_string_equal(names, want);
    free(names);
    assert_file(c, "trois");
    assert_file(hidden, "deux");
    assert_file(prev, "un");
    free(want); free(hidden); free(c);
    free(b); free(prev); free(sums); free(sums_before); free(a); free(fiche); free(out);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_oom_removes_hidden_folder, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
