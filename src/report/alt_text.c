#include "report/alt_text.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/dates.h"
#include "core/strbuf.h"

/* "1,000", "25,000", "1,234,567". */
static void
put_count(struct strbuf *out, double count)
{
    char digits[32];
    (void)snprintf(digits, sizeof digits, "%.0f", fabs(round(count)));
    size_t length = strlen(digits);
    for (size_t i = 0; i < length; i++) {
        if (i > 0 && (length - i) % 3 == 0)
            strbuf_puts(out, ",");
        strbuf_append(out, &digits[i], 1);
    }
}

/* "20 February 2022" from "2022-02-20"; the text as it is if it is not such a date. */
static void
put_date(struct strbuf *out, const char *date)
{
    int year, month, day;
    if (sscanf(date, "%d-%d-%d", &year, &month, &day) == 3 && month >= 1 && month <= 12)
        strbuf_printf(out, "%d %s %d", day, dates_month_name(month), year);
    else
        strbuf_puts(out, date);
}

static void
put_place(struct strbuf *out, const struct place *place)
{
    if (place->name[0] != '\0') {
        strbuf_puts(out, place->name);
        return;
    }
    double lat = place->at.lat_deg, lon = place->at.lon_deg;
    strbuf_printf(out, "%.2f\xC2\xB0%c %.2f\xC2\xB0%c", fabs(lat), lat < 0 ? 'S' : 'N', fabs(lon),
                  lon < 0 ? 'W' : 'E');
}

/* "Hatched: Donbas, held by Russian-backed separatists since 2014 (Russia)". */
static void
put_area(struct strbuf *out, const struct deployment *row, bool is_first)
{
    strbuf_puts(out, is_first ? "Hatched areas: " : "; ");
    strbuf_puts(out, row->to.name);
    if (row->label[0] != '\0')
        strbuf_printf(out, ", %s", row->label);
    strbuf_printf(out, " (%s)", row->side);
    if (row->until[0] != '\0') {
        strbuf_puts(out, " until ");
        put_date(out, row->until);
    }
}

static void
put_row(struct strbuf *out, const struct deployment *row, const char *noun, bool is_first)
{
    if (row->kind == DEPLOYMENT_AREA) {
        put_area(out, row, is_first);
        return;
    }
    strbuf_puts(out, is_first ? "About " : "; about ");
    put_count(out, row->troops);
    strbuf_printf(out, " %s ", noun != NULL && noun[0] != '\0' ? noun : "troops");
    if (row->kind == DEPLOYMENT_MOVEMENT) {
        strbuf_puts(out, "move from ");
        put_place(out, &row->from);
        strbuf_puts(out, " to ");
    } else {
        strbuf_puts(out, "at ");
    }
    put_place(out, &row->to);
    if (row->until[0] != '\0') {
        strbuf_puts(out, " until ");
        put_date(out, row->until);
    }
}

/* One sentence listing the rows of one kind; nothing if there are none. */
static void
put_rows(struct strbuf *out, const struct alt_text_input *input, enum deployment_kind kind)
{
    size_t listed = 0, more = 0;
    for (size_t i = 0; i < input->table->row_count; i++) {
        const struct deployment *row = &input->table->rows[i];
        if (row->kind != kind)
            continue;
        if (listed == ALT_TEXT_MAX_LISTED) {
            more++;
            continue;
        }
        put_row(out, row, input->troop_nouns != NULL ? input->troop_nouns[i] : NULL, listed == 0);
        listed++;
    }
    if (more > 0)
        strbuf_printf(out, "; and %zu more %ss", more, deployments_kind_name(kind));
    if (listed > 0)
        strbuf_puts(out, ". ");
}

static bool
ends_a_sentence(const char *text)
{
    size_t length = strlen(text);
    return length > 0 && strchr(".!?", text[length - 1]) != NULL;
}

char *
alt_text_describe(const struct alt_text_input *input)
{
    struct strbuf out;
    strbuf_init(&out);
    strbuf_printf(&out, "Map: %s", input->title);
    if (input->date != NULL && input->date[0] != '\0')
        strbuf_printf(&out, " (%s).", input->date);
    else if (!ends_a_sentence(input->title))
        strbuf_puts(&out, ".");
    strbuf_puts(&out, " ");
    put_rows(&out, input, DEPLOYMENT_MOVEMENT);
    put_rows(&out, input, DEPLOYMENT_POSITION);
    put_rows(&out, input, DEPLOYMENT_AREA);
    for (size_t i = 0; i < input->group_count; i++)
        strbuf_printf(&out, "%s%s", i == 0 ? "Countries by group: " : ", ", input->groups[i]);
    if (input->group_count > 0)
        strbuf_puts(&out, ".");
    while (out.length > 0 && out.bytes[out.length - 1] == ' ')
        out.bytes[--out.length] = '\0';
    /* A label's line breaks never reach here (labels are not described), but names might. */
    for (char *p = out.bytes; *p; p++) {
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    }
    return out.bytes;
}

void
alt_text_troop_noun(const char *position_label, char *out, size_t size)
{
    const char *paren = strstr(position_label, " (");
    int length = paren != NULL ? (int)(paren - position_label) : (int)strlen(position_label);
    (void)snprintf(out, size, "%.*s", length, position_label);
}
