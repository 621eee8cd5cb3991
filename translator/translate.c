/* translate.c - the pipeline: lex -> skim and parse -> analyse -> emit.
 *
 * Takes: a Ctx whose src is loaded (ctx_init, then source_load or
 * source_from_buffer). Guarantees: translate() returns 0 with the C text
 * in OUT, or sets ctx->unchanged for a file with nothing to translate
 * (its bytes are the output), or returns nonzero after reporting what was
 * wrong through diag.c. Each pass returns its error count; the next one
 * runs only on zero, so a pass may rely on the invariants of the ones
 * before it. Used by main.c, by the tests and by the fuzz harness (no
 * global state: a million translations in one process are fine).
 */
#include "translator.h"

#include <stdlib.h>
#include <string.h>

void ctx_init(Ctx *ctx, const Options *opt) {
  memset(ctx, 0, sizeof *ctx);
  if (opt) ctx->opt = *opt;
  ctx->diag_out = stderr;
}

void ctx_free(Ctx *ctx) {
  source_free(&ctx->src);
  arena_free(&ctx->arena);
  ctx->toks = NULL; /* it lived in the arena */
}

int translate(Ctx *ctx, Buf *out) {
  if (!lex_needs_translation(&ctx->src)) { /* plain C: copied as it is */
    ctx->unchanged = true;
    return 0;
  }
  if (lex_file(ctx) || ctx->errors) return ctx->errors ? ctx->errors : 1;
  if (parse_file(ctx) || ctx->errors) return ctx->errors ? ctx->errors : 1;
  if (analyse(ctx) || ctx->errors) return ctx->errors ? ctx->errors : 1;
  if (emit_file(ctx, out) || ctx->errors) return ctx->errors ? ctx->errors : 1;
  return 0;
}
