/*
 * select.c - which workloads a run times: those bench -w names (exact
 * names or shell patterns, commas between), less the traces with no
 * operation to time; and which allocators: those -a names.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "mem.h"
#include "text-input.h" /* NAME_SHOWN */

/* The item of the comma list at *list, copied into item (room for the
 * whole list); *list moves past it. Returns 0 when there was none left. */
static int next_item(const char **list, char *item)
{
    if (*list == NULL)
        return 0;
    size_t len = strcspn(*list, ",");
    memcpy(item, *list, len);
    item[len] = '\0';
    *list = (*list)[len] == ',' ? *list + len + 1 : NULL;
    return 1;
}

/* Whether a name or pattern of only names name. An exact name, not a part
 * of one: -w scale-100 ran scale-100000 too, and one workload whose name
 * begins another's could not be run alone. */
static int selected(const char *only, const char *name, char *item)
{
    for (const char *rest = only; next_item(&rest, item);)
        if (fnmatch(item, name, 0) == 0)
            return 1;
    return 0;
}

int bench_selected(const char *only, const char *name)
{
    size_t room = strlen(only) + 1;
    char *item = bench_map(room); /* this process never mallocs (bench.c) */
    int wanted = item == NULL || selected(only, name, item); /* no memory: built, as without -w */
    bench_unmap(item, room);
    return wanted;
}

/* The first item of only that names no workload, copied into item; 0 if
 * every one names some. */
static int unmatched_item(const trace *traces, int n, const char *only, char *item)
{
    for (const char *rest = only; next_item(&rest, item);) {
        int hit = 0;
        for (int i = 0; i < n && !hit; i++)
            hit = fnmatch(item, traces[i].name, 0) == 0;
        if (!hit)
            return 1;
    }
    return 0;
}

/* One line: the item no workload answers to, and every name there is. */
static void say_unmatched(const trace *traces, int n, const char *item)
{
    fprintf(stderr, "bench: nothing to run: -w names '%s', which is no workload's name; the workloads are: ",
            NAME_SHOWN(item));
    for (int i = 0; i < n; i++)
        fprintf(stderr, "%s%s", i > 0 ? ", " : "", traces[i].name);
    fprintf(stderr, "; give -w names from these, commas between, or a pattern such as 'scale-*'\n");
}

/* Keeps the workloads selected and with operations to time. A trace with
 * none is no allocator's failure: a recorded process may allocate nothing
 * through malloc (rustc brings its own allocator), so it is left out with
 * a note. */
static int keep_selected(trace *traces, int n, const char *only, char *item)
{
    int kept = 0;
    for (int i = 0; i < n; i++) {
        int wanted = only == NULL || selected(only, traces[i].name, item);
        int timed = traces[i].n_ops > traces[i].timed_from;
        if (wanted && !timed)
            trace_note_left(&traces[i], traces[i].name, "time", stdout);
        if (wanted && timed)
            traces[kept++] = traces[i];
        else
            trace_free(&traces[i]);
    }
    return kept;
}

int bench_select(trace *traces, int n, int n_files, const char *only)
{
    size_t room = only != NULL ? strlen(only) + 1 : 0;
    char *item = bench_map(room); /* this process never mallocs (bench.c) */
    /* The built-ins (all but the files) have ops, if only -w's left out unmade. */
    int any_op = n > n_files, kept = -1;
    for (int i = 0; i < n; i++)
        any_op |= traces[i].n_ops > 0;
    if (only != NULL && item == NULL)
        fprintf(stderr, "bench: out of memory for -w's names\n");
    /* Not when no trace has an operation: that is said, -w or not (lab-batch.sh
     * reads it after a -w that names nothing, to parse traces and run none). */
    else if (only != NULL && (n_files == 0 || any_op) && unmatched_item(traces, n, only, item))
        say_unmatched(traces, n, item);
    else if ((kept = keep_selected(traces, n, only, item)) == 0 && n_files > 0 && !any_op)
        fprintf(stderr, "bench: nothing to run: no trace given has an operation (line 3 says 0, or only size-0 "
                "calls were recorded); give traces with a/f/r lines\n");
    else if (kept == 0)
        fprintf(stderr, "bench: nothing to run: give trace files with operations (-n skips the built-in "
                "workloads)\n");
    bench_unmap(item, room);
    return kept > 0 ? kept : -1;
}

int bench_select_targets(const char *names, unsigned *targets)
{
    size_t room = strlen(names) + 1;
    char *item = bench_map(room); /* this process never mallocs (bench.c) */
    int rc = item != NULL ? 0 : -1;
    if (item == NULL)
        fprintf(stderr, "bench: out of memory for -a's names\n");
    *targets = 0;
    for (const char *rest = names; rc == 0 && next_item(&rest, item);) {
        int k = TARGET_HALLOC;
        while (k <= TARGET_ADAPTER && strcmp(item, target_kind_name((enum target_kind)k)) != 0)
            k++;
        if (k == TARGET_ADAPTER && bench_adapter() == NULL) {
            fprintf(stderr, "bench: -a yours: no allocator of yours is linked; build it in with make bench "
                    "TARGET=adapter.c (bench/README.md \"Your allocator\"), or name halloc or glibc\n");
            rc = -1;
        } else if (k > TARGET_ADAPTER) {
            fprintf(stderr, "bench: -a names '%s', which is no allocator; give halloc, glibc or yours, commas "
                    "between (-a halloc,glibc)\n", NAME_SHOWN(item));
            rc = -1;
        } else {
            *targets |= 1u << k;
        }
    }
    bench_unmap(item, room);
    return rc;
}
