/* The style: every colour, font, size and group of countries, from INI files parsed by inih.
 * A user style overrides the built-in default key by key; what the keys mean is layout's. */
#ifndef DATA_STYLE_H
#define DATA_STYLE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/types.h"
#include "posture.h"

struct style;

struct style *style_create(void);
void style_destroy(struct style *style);
/* A style as base is now, to change on its own: its strings are base's, so base must outlive
 * it and stay as it is (a session's parsed style files, cloned for each render). */
struct style *style_clone(const struct style *base);

/* Parses one INI file held in memory. The first file parsed defines which keys exist; a later
 * (overriding) file may only set keys that exist, except in sections named "group.*", "side.*",
 * "label.*", "preset.*" and "layer.*", which it may add whole (their keys must be ones such
 * sections have elsewhere). */
enum posture_status style_parse(struct style *style, const char *path, const char *bytes,
                                size_t size, struct posture_error *err);
enum posture_status style_load(struct style *style, const char *path, struct posture_error *err);
/* "section.key=value" from the command line, checked like an overriding file. */
enum posture_status style_set(struct style *style, const char *assignment,
                              struct posture_error *err);

/* NULL if absent. Borrowed: valid while the style lives and the key is not set again. */
const char *style_get(const struct style *style, const char *section, const char *key);
/* Typed getters: a missing key or a value of the wrong type fails naming file:line and key. */
enum posture_status style_string(const struct style *style, const char *section, const char *key,
                                 const char **out, struct posture_error *err);
enum posture_status style_number(const struct style *style, const char *section, const char *key,
                                 double *out, struct posture_error *err);
/* "#rgb", "#rrggbb", "#rrggbbaa", "none". */
enum posture_status style_colour(const struct style *style, const char *section, const char *key,
                                 struct rgba *out, struct posture_error *err);
enum posture_status style_bool(const struct style *style, const char *section, const char *key,
                               bool *out, struct posture_error *err);

/* Sections whose name starts with prefix ("group."), in the order first seen. Returns the count;
 * names[i] borrowed. */
size_t style_sections(const struct style *style, const char *prefix, const char **names,
                      size_t max);

/* Where the value of key was set: the file's path ("--set" for the command line) and line (0 for
 * --set); NULL if the key is absent. Borrowed. */
const char *style_origin(const struct style *style, const char *section, const char *key,
                         size_t *line);

/* True if the value of key is still the one the first (default) file set. */
bool style_is_default(const struct style *style, const char *section, const char *key);

/* The keys of one section in the order first set; returns the count. names borrowed. */
size_t style_keys(const struct style *style, const char *section, const char **keys, size_t max);

#endif
