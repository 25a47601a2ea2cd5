/* One piece of work on a second thread while the caller does another: a map's two halves
 * drawn at once, its PNG compressed in two parts. The work must not depend on which thread
 * runs it: when no thread can start, it runs on the caller's, and the result is the same. */
#ifndef CORE_PARALLEL_H
#define CORE_PARALLEL_H

#include <pthread.h>
#include <stdbool.h>

struct parallel_task {
    void (*run)(void *argument);
    void *argument;
    pthread_t thread;
    bool is_threaded;
};

/* Starts run(argument) on a thread of its own, or runs it now if none can start. */
void parallel_start(struct parallel_task *task, void (*run)(void *argument), void *argument);
/* Waits for the task to finish. */
void parallel_finish(struct parallel_task *task);

#endif
