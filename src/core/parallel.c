#include "core/parallel.h"

#include <stddef.h>
#include <stdlib.h>

#include "core/alloc.h"

static void *
thread_main(void *data)
{
    struct parallel_task *task = data;
    task->run(task->argument);
    return NULL;
}

void
parallel_start(struct parallel_task *task, void (*run)(void *argument), void *argument)
{
    task->run = run;
    task->argument = argument;
    task->is_threaded = pthread_create(&task->thread, NULL, thread_main, task) == 0;
    if (!task->is_threaded)
        run(argument);
}

void
parallel_finish(struct parallel_task *task)
{
    if (task->is_threaded)
        (void)pthread_join(task->thread, NULL);
    task->is_threaded = false;
}

struct helpers {
    pthread_mutex_t lock;
    pthread_cond_t offered;        /* a task waits, or the helpers are closed */
    pthread_cond_t finished;       /* a helper finished a task */
    struct parallel_task *waiting; /* offered, not yet taken */
    size_t idle;                   /* helpers waiting for a task, less those handed one */
    bool is_closed;
};

struct helpers *
helpers_create(void)
{
    struct helpers *helpers = xcalloc(1, sizeof *helpers);
    (void)pthread_mutex_init(&helpers->lock, NULL);
    (void)pthread_cond_init(&helpers->offered, NULL);
    (void)pthread_cond_init(&helpers->finished, NULL);
    return helpers;
}

void
helpers_destroy(struct helpers *helpers)
{
    if (helpers == NULL)
        return;
    (void)pthread_cond_destroy(&helpers->finished);
    (void)pthread_cond_destroy(&helpers->offered);
    (void)pthread_mutex_destroy(&helpers->lock);
    free(helpers);
}

bool
helpers_offer(struct helpers *helpers, struct parallel_task *task, void (*run)(void *argument),
              void *argument)
{
    if (helpers == NULL)
        return false;
    (void)pthread_mutex_lock(&helpers->lock);
    bool is_taken = helpers->idle > 0 && helpers->waiting == NULL && !helpers->is_closed;
    if (is_taken) {
        task->run = run;
        task->argument = argument;
        task->is_threaded = false;
        task->is_done = false;
        helpers->waiting = task;
        helpers->idle--;
        (void)pthread_cond_signal(&helpers->offered);
    }
    (void)pthread_mutex_unlock(&helpers->lock);
    return is_taken;
}

void
helpers_finish(struct helpers *helpers, struct parallel_task *task)
{
    (void)pthread_mutex_lock(&helpers->lock);
    while (!task->is_done)
        (void)pthread_cond_wait(&helpers->finished, &helpers->lock);
    (void)pthread_mutex_unlock(&helpers->lock);
}

void
helpers_serve(struct helpers *helpers)
{
    if (helpers == NULL)
        return;
    (void)pthread_mutex_lock(&helpers->lock);
    helpers->idle++;
    for (;;) {
        while (helpers->waiting == NULL && !helpers->is_closed)
            (void)pthread_cond_wait(&helpers->offered, &helpers->lock);
        struct parallel_task *task = helpers->waiting;
        if (task == NULL)
            break;               /* closed */
        helpers->waiting = NULL; /* helpers_offer() counted this helper out of the idle */
        (void)pthread_mutex_unlock(&helpers->lock);
        task->run(task->argument);
        (void)pthread_mutex_lock(&helpers->lock);
        task->is_done = true;
        (void)pthread_cond_broadcast(&helpers->finished);
        helpers->idle++;
    }
    helpers->idle--;
    (void)pthread_mutex_unlock(&helpers->lock);
}

void
helpers_close(struct helpers *helpers)
{
    if (helpers == NULL)
        return;
    (void)pthread_mutex_lock(&helpers->lock);
    helpers->is_closed = true;
    (void)pthread_cond_broadcast(&helpers->offered);
    (void)pthread_mutex_unlock(&helpers->lock);
}
