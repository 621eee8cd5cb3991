/* translate.c - libFuzzer harness: any bytes through the whole translator.
 *
 * The translator must never crash, hang or leak on any input: each input
 * is translated in a fresh Ctx whose arena frees everything at once, and
 * diagnostics go to /dev/null (they are expected on most inputs).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>

#include "translator.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static FILE *devnull;
  if (!devnull) devnull = fopen("/dev/null", "w");
  Ctx ctx;
  ctx_init(&ctx, NULL);
  ctx.diag_out = devnull;
  if (source_from_buffer(&ctx.src, "fuzz.ac", (const char *)data, size) == 0) {
    Buf out = {0};
    translate(&ctx, &out);
    buf_free(&out);
  }
  ctx_free(&ctx);
  return 0;
}
