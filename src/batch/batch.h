/* posture batch: many maps from a job file (CSV, one row a map) in one process, with a
 * posture_session per worker thread, so shapefiles, places and fonts are loaded once a worker.
 * Drawing is the library's; printing and exit codes are the CLI's. */
#ifndef BATCH_BATCH_H
#define BATCH_BATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "posture.h"

struct batch_options {
    const char *jobs_path;  /* names the job file in messages; inputs are relative to its
                               directory ("<stdin>": the current directory) */
    const char *jobs_bytes; /* the job file's contents */
    size_t jobs_size;
    const char *out_dir; /* outputs are relative to it; NULL: the job file's directory */
    size_t shard_index;  /* 1-based K of --shard K/N: jobs K, K+N, K+2N, ...; 0: all */
    size_t shard_count;
    /* Jobs rendered at once, each on a thread of its own; 0: one per processor (up to 8). The
     * maps, messages (in job order) and summary are those of one job at a time; a job file
     * that gives one output name twice is always run one job at a time. */
    size_t workers;
    bool allow_any_path;  /* outputs may be absolute or leave out_dir with ".." */
    const char *data_dir; /* NULL: $POSTURE_DATA_DIR or built in */
    /* Each warning and each failed job, as "jobs.csv:4: <message>". */
    posture_warn_fn warn;
    void *warn_context;
    posture_problem_fn fail;
    void *fail_context;
};

struct batch_summary {
    size_t job_count;      /* rows in the job file */
    size_t selected_count; /* rows of this shard */
    size_t map_count;      /* maps written (--each date makes several per job) */
    size_t failed_count;   /* jobs that failed */
};

/* Runs every job of the shard; a failing job is passed to fail() and the others still run.
 * Returns POSTURE_OK if all succeeded, else the status of the first failure with *err
 * "N of M jobs failed". A job file that cannot be parsed (its header) fails before any job. */
enum posture_status batch_run(const struct batch_options *options, struct batch_summary *summary,
                              struct posture_error *err);

#endif
