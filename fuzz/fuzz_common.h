/* fuzz_common.h — shared by the libFuzzer harnesses: write the input to a
 * file in a private folder, since stitch reads models and tables by path. */
#ifndef STITCH_FUZZ_COMMON_H
#define STITCH_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stitch/stitch.h"

/* libFuzzer calls this once before any input: start the library as the
 * stitch tool does. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    stitch_init();
    return 0;
}

/* The path of `name` in this process's scratch folder, created once. */
static const char *scratch_path(const char *name)
{
    static char dir[64], path[128];
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/stitch-fuzz-XXXXXX");
        if (!mkdtemp(dir))
            abort();
    }
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

/* Write data to the scratch file `name`; returns its path. */
static const char *write_input(const char *name, const uint8_t *data, size_t size)
{
    const char *path = scratch_path(name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    return path;
}

#endif
