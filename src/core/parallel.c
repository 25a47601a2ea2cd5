#include "core/parallel.h"

#include <stddef.h>

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
