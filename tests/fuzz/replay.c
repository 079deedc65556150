/* Replays the inputs kept in one harness's folder tests/fuzz/regress/<harness>/ (what the
   fuzzers found, and a few seeds) through the harness's LLVMFuzzerTestOneInput, as a cmocka
   test without libFuzzer. The Makefile builds it beside each tests/fuzz/fuzz_*.c as
   build/tests/test_fuzz_* (and the ASan build), with FUZZ_REGRESS_DIR naming the folder, so
   `make test` runs every kept input under the sanitizers; a harness's assert failing aborts the
   program, which counts as a failed test. Run from the source tree. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FUZZ_REGRESS_DIR
#error "FUZZ_REGRESS_DIR must name the harness's folder of kept inputs"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Defined by the harnesses that need a set-up (fuzz_loadjson.c). */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* The whole file at path into *size bytes (caller frees), or NULL. */
static uint8_t *read_all(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    uint8_t *data = malloc(cap);
    size_t got;
    while (data && (got = fread(data + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *grown = realloc(data, cap *= 2);
            if (!grown) {
                free(data);
                data = NULL;
            }
            data = grown;
        }
    }
    fclose(f);
    *size = n;
    return data;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void every_kept_input_runs_clean(void **state)
{
    (void)state;
    DIR *dir = opendir(FUZZ_REGRESS_DIR);
    if (!dir)
        fail_msg("cannot open %s (run from the source tree)", FUZZ_REGRESS_DIR);
    char *names[1024];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) && n < sizeof names / sizeof names[0])
        if (e->d_name[0] != '.')
            names[n++] = strdup(e->d_name);
    closedir(dir);
    qsort(names, n, sizeof names[0], compare_names);
    for (size_t i = 0; i < n; i++) {
        char path[600];
        snprintf(path, sizeof path, "%s/%s", FUZZ_REGRESS_DIR, names[i]);
        size_t size = 0;
        uint8_t *data = read_all(path, &size);
        assert_non_null(data);
        printf("replay %s (%zu bytes)\n", path, size);
        fflush(stdout);
        LLVMFuzzerTestOneInput(data, size);
        free(data);
        free(names[i]);
    }
    assert_true(n > 0);
}

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_kept_input_runs_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
