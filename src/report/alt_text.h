/* The map in words, for screen readers and alt attributes: title, date, every movement and
 * position with its troops and places, and the country groups. Which rows are drawn and how
 * each side's troops are called come from the caller (posture.c, from layout and the style). */
#ifndef REPORT_ALT_TEXT_H
#define REPORT_ALT_TEXT_H

#include <stddef.h>

#include "data/deployments.h"

enum { ALT_TEXT_MAX_LISTED = 25 }; /* per kind; the rest are counted ("and 3 more") */

struct alt_text_input {
    const char *title; /* "NATO reinforces its eastern flank ..." */
    const char *date;  /* "2–3 February 2022", "as of 10 February 2022" or "" */
    const struct deployment_table *table; /* the rows drawn, places resolved */
    /* Per row: how its side's troops are called ("US troops"); NULL entries: "troops". */
    const char *const *troop_nouns;
    const char *const *groups; /* labels of the country groups in the legend, in order */
    size_t group_count;
};

/* One paragraph of plain UTF-8 text, no line breaks (malloc'd): "Map: <title> (<date>). About
 * 1,000 US troops move from Vilseck to Mihail Kogălniceanu; .... About 25,000 Russian troops at
 * Yelnya; .... Countries by group: <groups>." */
char *alt_text_describe(const struct alt_text_input *input);

/* "US troops" from a side's position label "US troops (estimates)": the text before any " (",
 * in `out`. */
void alt_text_troop_noun(const char *position_label, char *out, size_t size);

#endif
