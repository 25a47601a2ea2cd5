/* png_deflate_zlib() on any bytes, with row and pixel sizes taken from the input's first two
 * bytes: the stream must stay within png_deflate_bound() and libdeflate must decode it, checksum
 * included, back to the same bytes. The map-like inputs of the corpus (runs, rows repeated,
 * noise) reach its matches, stored blocks and skewed codes. */
#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "render/png_deflate.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t pixel_bytes = 1 + data[0] % 4;
    size_t row_bytes = 1 + (size_t)data[1] * 7;
    data += 2;
    size -= 2;
    size_t bound = png_deflate_bound(size);
    unsigned char *out = malloc(bound);
    unsigned char *back = malloc(size + 1);
    fuzz_check(out != NULL && back != NULL, "memory", NULL);
    size_t written = png_deflate_zlib(data, size, row_bytes, pixel_bytes, out);
    fuzz_check(written <= bound, "the stream fits its bound", NULL);
    struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
    fuzz_check(d != NULL, "memory", NULL);
    size_t got = 0;
    enum libdeflate_result r = libdeflate_zlib_decompress(d, out, written, back, size + 1, &got);
    libdeflate_free_decompressor(d);
    fuzz_check(r == LIBDEFLATE_SUCCESS, "libdeflate decodes the stream", NULL);
    fuzz_check(got == size && memcmp(back, data, size) == 0, "the same bytes come back", NULL);
    free(back);
    free(out);
    return 0;
}
