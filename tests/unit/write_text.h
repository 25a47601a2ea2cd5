/* Writes a small file for a test, failing the test if it cannot. Include after cmocka.h. */
#ifndef TESTS_UNIT_WRITE_TEXT_H
#define TESTS_UNIT_WRITE_TEXT_H

#include <stdio.h>

static inline void
write_text(const char *path, const char *text)
{
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    assert_int_equal(fputs(text, file) >= 0, 1);
    assert_int_equal(fclose(file), 0);
}

#endif
