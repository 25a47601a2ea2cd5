/* The libFuzzer entry points each tests/fuzz/fuzz_<reader>.c defines, and what they share.
 * Linked with -fsanitize=fuzzer they fuzz; linked with replay.c they replay files (ctest). */
#ifndef FUZZ_FUZZ_H
#define FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with the message if condition is false: a broken promise is a finding, like a crash. */
void fuzz_check(int condition, const char *what, const char *message);
/* Prints the message of a failure if POSTURE_FUZZ_VERBOSE is set: what a replayed input did. */
void fuzz_note(const char *message);
/* Reads a file the target needs (the default style, a gazetteer) or aborts. */
char *fuzz_read_file(const char *path, size_t *size);

#endif
