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
    bool is_done; /* of a task handed to a helper */
};

/* Starts run(argument) on a thread of its own, or runs it now if none can start. */
void parallel_start(struct parallel_task *task, void (*run)(void *argument), void *argument);
/* Waits for the task to finish. */
void parallel_finish(struct parallel_task *task);

/* Threads with nothing of their own left to do (a batch's workers after the last job) that
 * run pieces the others offer: the second half of the last map, drawn while its worker draws
 * the first, rather than one processor idle while the other draws both. */
struct helpers;

struct helpers *helpers_create(void);
void helpers_destroy(struct helpers *helpers);
/* Hands run(argument) to a helper waiting in helpers_serve(), and returns true; false if none
 * waits (the caller runs it itself). An offered task is waited for with helpers_finish(). */
bool helpers_offer(struct helpers *helpers, struct parallel_task *task, void (*run)(void *argument),
                   void *argument);
void helpers_finish(struct helpers *helpers, struct parallel_task *task);
/* Runs what is offered until helpers_close() (at once for NULL: no helpers). */
void helpers_serve(struct helpers *helpers);
/* No more offers: every helpers_serve() returns once what it runs is done. */
void helpers_close(struct helpers *helpers);

#endif
