/*
 * trace-write.c - what the tools say about a trace they read (one wording
 * for bench, verify-traces and replay) and writing a trace in the lab format.
 */
#include "trace.h"
#include "../allocator/hl_plural.h" /* hl_plural_s */

/* preload/record-file.c leaves the placeholder when the process dies, and when
 * it stops recording (its descriptor taken, a write failed, _exit inside a
 * recorded call), which it says on stderr as it happens. */
#define UNFINISHED_WHY "its process was killed or crashed before writing the header, or the recorder stopped " \
                       "and said why on its stderr"

void trace_note_unfinished(const trace *t, const char *tool, const char *path, FILE *out)
{
    char cut[96] = "";
    size_t ops = t->n_ops + t->left_out;
    if (t->cut_line)
        snprintf(cut, sizeof cut, "; its last line (%zu), cut short, left out", t->cut_line);
    if (ops == 0)
        fprintf(out, "%s: warning: %s: unfinished (" UNFINISHED_WHY "), and no recorded call reached the file%s "
                "(the shim writes them 64 KiB at a time): nothing to replay; let the process exit and record "
                "again\n", tool, path, cut);
    else
        fprintf(out, "%s: warning: %s: unfinished (" UNFINISHED_WHY "): replaying the %zu complete operation%s "
                "it recorded%s; the calls after %s are lost\n", tool, path, ops, hl_plural_s(ops), cut,
                ops == 1 ? "it" : "them");
}

/* Every tool says these in these words (trace.h): one reader, one rule. */
void trace_note_left(const trace *t, const char *name, const char *verb, FILE *out)
{
    size_t said = t->n_ops + t->left_out;
    char fix[256];
    if (t->tail_joined) /* "make line 3 ..." would have the next trace's header read as operations */
        snprintf(fix, sizeof fix, "line %zu starts a trace (its header's first line): %s", t->tail_from,
                 TRACE_JOINED_FIX);
    else
        snprintf(fix, sizeof fix, "if %s to the trace, make line 3 %zu", t->tail_lines == 1 ? "it belongs" : "they belong",
                 said + t->tail_lines);
    if (t->tail_lines)
        fprintf(out, "note: %s: line 3 announces %zu operation%s, so the %zu line%s from line %zu on %s not read "
                "(the lab driver reads only that many); %s%s%s%s\n", name, said, hl_plural_s(said), t->tail_lines,
                hl_plural_s(t->tail_lines), t->tail_from, t->tail_lines == 1 ? "was" : "were", fix,
                t->n_ops ? "" : "; nothing to ", t->n_ops ? "" : verb, t->n_ops ? "" : ": left out");
    else if (t->n_ops == 0 && !(t->unfinished && t->left_out == 0)) /* trace_note_unfinished said why */
        fprintf(out, "note: %s has no operations to %s (its process allocated nothing through malloc, or only "
                "size 0): left out\n", name, verb);
}

int trace_write(const trace *t, FILE *out)
{
    fprintf(out, "%zu\n%zu\n%zu\n%zu\n", t->heap_hint, t->num_ids, t->n_ops, t->weight);
    for (size_t i = 0; i < t->n_ops; i++) {
        const trace_op *op = &t->ops[i];
        if (trace_op_frees_null(t, op))
            fprintf(out, "f -1\n");
        else if (op->kind == OP_FREE)
            fprintf(out, "f %u\n", (unsigned)op->id);
        else
            fprintf(out, "%c %u %zu\n", (char)op->kind, (unsigned)op->id, op->size);
    }
    return ferror(out) ? -1 : 0;
}
