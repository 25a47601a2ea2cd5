#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/utf8.h"

static void
assert_valid(const char *bytes, size_t size)
{
    size_t bad = 12345;
    assert_true(utf8_valid(bytes, size, &bad));
    assert_int_equal(bad, 12345); /* untouched */
}

static void
assert_invalid_at(const char *bytes, size_t size, size_t offset)
{
    size_t bad = 12345;
    assert_false(utf8_valid(bytes, size, &bad));
    assert_int_equal(bad, offset);
}

#define assert_fold(text, expected)                                                                \
    do {                                                                                           \
        char *folded_ = utf8_fold(text);                                                           \
        assert_string_equal(folded_, expected);                                                    \
        free(folded_);                                                                             \
    } while (0)

static void
test_valid_text_of_every_length_passes(void **state)
{
    (void)state;
    const char text[] = "a \xC5\x81\xC3\xB3"
                        "d\xC5\xBA \xE2\x82\xAC \xF0\x9F\x97\xBA";
    assert_valid(text, sizeof text - 1);
    assert_valid("", 0);
    assert_true(utf8_valid("x", 1, NULL));
}

static void
test_invalid_bytes_report_their_offset(void **state)
{
    (void)state;
    assert_invalid_at("ab\xFF", 3, 2);     /* never valid */
    assert_invalid_at("a\x80", 2, 1);      /* a lone continuation byte */
    assert_invalid_at("Rzesz\xF3w", 7, 5); /* Latin-1, not UTF-8 */
    assert_invalid_at("ab\xC3", 3, 2);     /* cut short at the end */
    assert_invalid_at("\xE2\x82", 2, 0);   /* cut short at the end */
    assert_invalid_at("\xE2\x82x", 3, 0);  /* continuation missing */
    assert_false(utf8_valid("\xFF", 1, NULL));
}

static void
test_overlong_encodings_are_invalid(void **state)
{
    (void)state;
    assert_invalid_at("\xC0\xAF", 2, 0);
    assert_invalid_at("\xC1\xBF", 2, 0);
    assert_invalid_at("\xE0\x80\xAF", 3, 0);
    assert_invalid_at("\xF0\x80\x80\xAF", 4, 0);
}

static void
test_surrogates_and_code_points_above_10ffff_are_invalid(void **state)
{
    (void)state;
    assert_invalid_at("\xED\xA0\x80", 3, 0); /* U+D800 */
    assert_invalid_at("\xED\xBF\xBF", 3, 0); /* U+DFFF */
    assert_valid("\xEE\x80\x80", 3);         /* U+E000 */
    assert_valid("\xF4\x8F\xBF\xBF", 4);     /* U+10FFFF */
    assert_invalid_at("\xF4\x90\x80\x80", 4, 0);
    assert_invalid_at("\xF5\x80\x80\x80", 4, 0);
}

static void
test_next_decodes_one_to_four_bytes(void **state)
{
    (void)state;
    const char *p = "a\xC5\x81\xE2\x82\xAC\xF0\x9F\x97\xBA";
    assert_int_equal(utf8_next(&p), 'a');
    assert_int_equal(utf8_next(&p), 0x141);
    assert_int_equal(utf8_next(&p), 0x20AC);
    assert_int_equal(utf8_next(&p), 0x1F5FA);
    assert_int_equal(*p, '\0');
}

static void
test_next_does_not_read_past_a_cut_sequence(void **state)
{
    (void)state;
    const char text[] = "\xE2\x82";
    const char *p = text;
    assert_int_equal(utf8_next(&p), 0xFFFD);
    assert_ptr_equal(p, text + 1);
}

static void
test_upper_raises_latin_greek_and_cyrillic(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"Rzeszów", "RZESZÓW"}, {"Mihail Kogălniceanu", "MIHAIL KOGĂLNICEANU"},
        {"Україна", "УКРАЇНА"}, {"ґанок є", "ҐАНОК Є"},
        {"Łódź", "ŁÓDŹ"},       {"Ελλάδα", "ΕΛΛΆΔΑ"},
        {"straße", "STRAßE"},   {"ČESKÁ", "ČESKÁ"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *upper = utf8_upper(cases[i][0]);
        assert_string_equal(upper, cases[i][1]);
        free(upper);
    }
}

static void
test_fold_lowercases_ascii(void **state)
{
    (void)state;
    assert_fold("WIESBADEN", "wiesbaden");
    assert_fold("Fort Bragg", "fort bragg");
}

static void
test_fold_removes_latin_diacritics(void **state)
{
    (void)state;
    assert_fold("Rzesz\xC3\xB3w", "rzeszow"); /* Rzeszów */
    assert_fold("\xC5\x81\xC3\xB3"
                "d\xC5\xBA",
                "lodz");                                              /* Łódź */
    assert_fold("Mihail Kog\xC4\x83lniceanu", "mihail kogalniceanu"); /* ă */
    assert_fold("\xC3\x81\x64\xC4\x81\xC5\xBEi", "adazi");            /* Ādaži */
    assert_fold("\xC3\x9C"
                "berlingen",
                "uberlingen"); /* Ü */
}

static void
test_fold_treats_romanian_comma_and_cedilla_alike(void **state)
{
    (void)state;
    assert_fold("Constan\xC8\x9B"
                "a",
                "constanta"); /* ț, comma below */
    assert_fold("Constan\xC5\xA3"
                "a",
                "constanta");               /* ţ, cedilla */
    assert_fold("\xC8\x98tefan", "stefan"); /* Ș */
    assert_fold("\xC5\x9E"
                "tefan",
                "stefan"); /* Ş */
}

static void
test_fold_spells_out_sharp_s_and_ligatures(void **state)
{
    (void)state;
    assert_fold("Gie\xC3\x9F"
                "en",
                "giessen"); /* Gießen */
    assert_fold("Giessen", "giessen");
    assert_fold("\xC3\x86r\xC3\xB8", "aero"); /* Ærø */
    assert_fold("\xC5\x92uvre", "oeuvre");    /* Œ */
}

static void
test_fold_drops_combining_accents_of_decomposed_text(void **state)
{
    (void)state;
    assert_fold("Rzeszo\xCC\x81w", "rzeszow"); /* o + U+0301 */
    assert_fold("Constant\xCC\xA6"
                "a",
                "constanta"); /* t + U+0326 */
}

static void
test_fold_drops_apostrophes_and_punctuation(void **state)
{
    (void)state;
    assert_fold("Yel'nya", "yelnya");
    assert_fold("Yel\xE2\x80\x99nya", "yelnya"); /* ’ */
    assert_fold("Yel\xC2\xB4nya", "yelnya");     /* ´ */
    assert_fold("Homyel\xCA\xBC", "homyel");     /* ʼ */
    assert_fold("Fort Bragg, N.C.", "fort bragg nc");
    assert_fold("Mihail Kogalniceanu AB (Constanta)", "mihail kogalniceanu ab constanta");
}

static void
test_fold_collapses_separators_to_one_space(void **state)
{
    (void)state;
    assert_fold("  Brest-Litovsk  ", "brest litovsk");
    assert_fold("Voronezh/Pogonovo", "voronezh pogonovo");
    assert_fold("a \xE2\x80\x93 b__c\xC2\xA0\tD", "a b c d"); /* en dash, nbsp */
    assert_fold("-", "");
}

static void
test_fold_lowercases_cyrillic(void **state)
{
    (void)state;
    assert_fold("\xD0\x9A\xD0\xB8\xD1\x97\xD0\xB2", "\xD0\xBA\xD0\xB8\xD1\x97\xD0\xB2"); /* Київ */
    assert_fold("\xD0\x9C\xD0\x98\xD0\x9D\xD0\xA1\xD0\x9A",
                "\xD0\xBC\xD0\xB8\xD0\xBD\xD1\x81\xD0\xBA"); /* МИНСК */
    assert_fold("\xD0\x86", "\xD1\x96");                     /* І -> і */
    assert_fold("\xD2\x90", "\xD2\x91");                     /* Ґ -> ґ */
}

static void
test_fold_reads_yo_as_ye(void **state)
{
    (void)state;
    assert_fold("\xD0\x9E\xD1\x80\xD1\x91\xD0\xBB", "\xD0\xBE\xD1\x80\xD0\xB5\xD0\xBB"); /* Орёл */
    assert_fold("\xD0\x81", "\xD0\xB5");                                                 /* Ё */
}

static void
test_fold_keeps_what_it_does_not_know(void **state)
{
    (void)state;
    assert_fold("\xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1",
                "\xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1");
    assert_fold("2\xC3\x97"
                "3",
                "2\xC3\x97"
                "3"); /* × is not a letter */
    assert_fold("a|b", "a|b");
    assert_fold("", "");
}

static void
test_edit_distance_counts_single_byte_edits(void **state)
{
    (void)state;
    assert_int_equal(utf8_edit_distance("kyiv", "kyiv"), 0);
    assert_int_equal(utf8_edit_distance("kiev", "kyiv"), 2);
    assert_int_equal(utf8_edit_distance("odesa", "odessa"), 1);
    assert_int_equal(utf8_edit_distance("", "abc"), 3);
    char long_name[80];
    memset(long_name, 'a', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    assert_int_equal(utf8_edit_distance(long_name, "a"), SIZE_MAX);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edit_distance_counts_single_byte_edits),
        cmocka_unit_test(test_valid_text_of_every_length_passes),
        cmocka_unit_test(test_invalid_bytes_report_their_offset),
        cmocka_unit_test(test_overlong_encodings_are_invalid),
        cmocka_unit_test(test_surrogates_and_code_points_above_10ffff_are_invalid),
        cmocka_unit_test(test_next_decodes_one_to_four_bytes),
        cmocka_unit_test(test_next_does_not_read_past_a_cut_sequence),
        cmocka_unit_test(test_upper_raises_latin_greek_and_cyrillic),
        cmocka_unit_test(test_fold_lowercases_ascii),
        cmocka_unit_test(test_fold_removes_latin_diacritics),
        cmocka_unit_test(test_fold_treats_romanian_comma_and_cedilla_alike),
        cmocka_unit_test(test_fold_spells_out_sharp_s_and_ligatures),
        cmocka_unit_test(test_fold_drops_combining_accents_of_decomposed_text),
        cmocka_unit_test(test_fold_drops_apostrophes_and_punctuation),
        cmocka_unit_test(test_fold_collapses_separators_to_one_space),
        cmocka_unit_test(test_fold_lowercases_cyrillic),
        cmocka_unit_test(test_fold_reads_yo_as_ye),
        cmocka_unit_test(test_fold_keeps_what_it_does_not_know),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
