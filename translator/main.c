/* main.c - the asyncc command line.
 *
 *   asyncc [-I DIR]... [-o OUT] [--no-line] [-MD -MF DEPFILE] IN.ac
 *
 * Options may come before or after the input; "-" is stdin (input) or
 * stdout (output). The output goes to a temporary file renamed over OUT
 * only on success, so a failed translation never leaves a partial file.
 * Exit status: 0 success, 1 translation errors, 2 usage or I/O errors.
 * This is the only file that calls exit().
 */
#define _POSIX_C_SOURCE 200809L
#include "translator.h"

#include <asyncc.h> /* AC_VERSION_STRING, AC_PROTOCOL_VERSION */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  Options opt;
  const char *in;
  const char *out;
  const char *depfile;
  bool md;
  const char *incs[64];
} Args;

static void usage(FILE *f) {
  fputs("usage: asyncc [-I DIR]... [-o OUT] [--no-line] [-MD -MF DEPFILE] "
        "IN.ac\n"
        "Translates an asyncc source (.ac, .ah, or any C file) into C.\n"
        "  -I DIR       search DIR for included headers (.ah and others)\n"
        "  -o OUT       write OUT (default: IN with .ac->.c, .ah->.h; - for "
        "stdout)\n"
        "  --no-line    emit no #line markers\n"
        "  -MD -MF DEP  write a make depfile listing every file read\n"
        "  --help       this text\n"
        "  --version    print the version\n",
        f);
}

static void die_usage(const char *msg, const char *arg) {
  fprintf(stderr, "asyncc: error: %s%s%s\n", msg, arg ? " " : "",
          arg ? arg : "");
  fprintf(stderr, "try 'asyncc --help'\n");
  exit(2);
}

/* parse_args = { option | input }; exactly one input. */
static void parse_args(int argc, char **argv, Args *a) {
  int ninc = 0;
  for (int i = 1; i < argc; i++) {
    const char *s = argv[i];
    if (!strcmp(s, "--help") || !strcmp(s, "-h")) {
      usage(stdout);
      exit(0);
    } else if (!strcmp(s, "--version")) {
      printf("asyncc %s (protocol %d)\n", AC_VERSION_STRING, AC_PROTOCOL_VERSION);
      exit(0);
    } else if (!strcmp(s, "--no-line")) {
      a->opt.no_line = true;
    } else if (!strcmp(s, "-MD")) {
      a->md = true;
    } else if (!strcmp(s, "-MF") || !strcmp(s, "-o") || !strcmp(s, "-I")) {
      if (i + 1 >= argc) die_usage("missing argument after", s);
      const char *v = argv[++i];
      if (s[1] == 'M') a->depfile = v;
      else if (s[1] == 'o') a->out = v;
      else if (ninc < 64) a->incs[ninc++] = v;
      else die_usage("too many -I options", NULL);
    } else if (!strncmp(s, "-I", 2)) {
      if (ninc >= 64) die_usage("too many -I options", NULL);
      a->incs[ninc++] = s + 2;
    } else if (!strncmp(s, "-o", 2) && s[2]) {
      a->out = s + 2;
    } else if (s[0] == '-' && s[1] != '\0') {
      die_usage("unknown option", s);
    } else if (a->in) {
      die_usage("more than one input:", s);
    } else {
      a->in = s;
    }
  }
  if (!a->in) die_usage("no input file", NULL);
  if (a->md && !a->depfile) die_usage("-MD needs -MF DEPFILE", NULL);
  a->opt.include_dirs = a->incs;
  a->opt.ninclude_dirs = ninc;
}

/* The default output name: x.ac -> x.c, x.ah -> x.h, else x.c beside it
 * (x.c itself -> x.out.c, so the input is never overwritten). */
static char *default_output(const char *in) {
  size_t n = strlen(in);
  char *out = malloc(n + 8);
  if (!out) return NULL;
  memcpy(out, in, n + 1);
  char *dot = strrchr(out, '.');
  char *slash = strrchr(out, '/');
  if (dot && (!slash || dot > slash)) {
    if (!strcmp(dot, ".ac")) strcpy(dot, ".c");
    else if (!strcmp(dot, ".ah")) strcpy(dot, ".h");
    else if (!strcmp(dot, ".c")) strcpy(dot, ".out.c");
    else if (!strcmp(dot, ".h")) strcpy(dot, ".out.h");
    else strcat(out, ".c");
  } else {
    strcat(out, ".c");
  }
  return out;
}

/* Writes LEN bytes to PATH through PATH.tmpXXXXXX and rename(). */
static int write_atomically(const char *path, const char *data, size_t len) {
  size_t n = strlen(path);
  char *tmp = malloc(n + 16);
  if (!tmp) return -ENOMEM;
  snprintf(tmp, n + 16, "%s.tmpXXXXXX", path);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    int e = -errno;
    free(tmp);
    return e;
  }
  size_t done = 0;
  while (done < len) {
    ssize_t w = write(fd, data + done, len - done);
    if (w < 0) {
      if (errno == EINTR) continue;
      int e = -errno;
      close(fd);
      unlink(tmp);
      free(tmp);
      return e;
    }
    done += (size_t)w;
  }
  if (close(fd) != 0 || rename(tmp, path) != 0) {
    int e = -errno;
    unlink(tmp);
    free(tmp);
    return e;
  }
  free(tmp);
  return 0;
}

/* A make-syntax file name: spaces and '$' escaped. */
static void put_make_name(Buf *b, const char *s) {
  for (; *s; s++) {
    if (*s == ' ' || *s == '#') buf_puts(b, "\\");
    if (*s == '$') buf_puts(b, "$");
    buf_append(b, s, 1);
  }
}

static int write_depfile(const Args *a, const Ctx *ctx, const char *out) {
  Buf b = {0};
  put_make_name(&b, out);
  buf_puts(&b, ":");
  if (strcmp(a->in, "-")) {
    buf_puts(&b, " ");
    put_make_name(&b, a->in);
  }
  for (int i = 0; i < ctx->nfiles_read; i++) {
    buf_puts(&b, " \\\n  ");
    put_make_name(&b, ctx->files_read[i]);
  }
  buf_puts(&b, "\n");
  int rc = b.failed ? -ENOMEM : write_atomically(a->depfile, b.data, b.len);
  buf_free(&b);
  return rc;
}

int main(int argc, char **argv) {
  Args a = {0};
  parse_args(argc, argv, &a);

  char *out = NULL;
  if (a.out) out = strdup(a.out);
  else if (!strcmp(a.in, "-")) out = strdup("-");
  else out = default_output(a.in);
  if (!out) {
    fprintf(stderr, "asyncc: error: out of memory\n");
    return 2;
  }
  a.opt.out_name = strcmp(out, "-") ? out : "<stdout>";

  Ctx ctx;
  ctx_init(&ctx, &a.opt);
  int rc = source_load(&ctx.src, a.in);
  if (rc < 0) {
    fprintf(stderr, "asyncc: error: cannot read '%s': %s\n", a.in,
            strerror(-rc));
    ctx_free(&ctx);
    free(out);
    return 2;
  }

  Buf c = {0};
  int status = 0;
  const char *text = NULL; /* the C to write: c's, or the input itself */
  size_t len = 0;
  if (translate(&ctx, &c) > 0) {
    status = 1;
  } else if (c.failed) {
    fprintf(stderr, "asyncc: error: out of memory\n");
    status = 2;
  } else {
    text = ctx.unchanged ? ctx.src.text : c.data ? c.data : "";
    len = ctx.unchanged ? ctx.src.len : c.len;
  }
  if (status != 0) {
    /* nothing written */
  } else if (!strcmp(out, "-")) {
    if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)
      status = 2;
  } else if ((rc = write_atomically(out, text, len)) < 0) {
    fprintf(stderr, "asyncc: error: cannot write '%s': %s\n", out,
            strerror(-rc));
    status = 2;
  }
  if (status == 0 && a.depfile &&
      (rc = write_depfile(&a, &ctx, a.out ? a.out : out)) < 0) {
    fprintf(stderr, "asyncc: error: cannot write '%s': %s\n", a.depfile,
            strerror(-rc));
    status = 2;
  }
  buf_free(&c);
  ctx_free(&ctx);
  free(out);
  return status;
}
