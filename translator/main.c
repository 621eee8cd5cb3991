/* main.c - the asyncc command line.
 *
 *   asyncc [-I DIR]... [-o OUT] [--no-line] [-MD -MF DEPFILE]
 *          [--write-headers] IN.ac
 *
 * Options may come before or after the input; "-" is stdin (input) or
 * stdout (output). The output goes to a temporary file renamed over OUT
 * only on success, so a failed translation never leaves a partial file.
 * --write-headers also translates every "x.ah" the input includes (and
 * those they include) into x.h where the rewritten #include "x.h" finds it
 * first: beside the including file's output, under the name the #include
 * spells. Those headers are written before OUT, and only when their text
 * changed, so that a build which retranslates two users of one .ah neither
 * races on it nor recompiles its other users for nothing.
 * Takes: argv. Guarantees: exit status 0 success, 1 translation errors,
 * 2 usage or I/O errors. This is the only file that calls exit().
 */
#define _POSIX_C_SOURCE 200809L
#include "translator.h"

#include <asyncc.h> /* AC_VERSION_STRING, AC_PROTOCOL_VERSION */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
  Options opt;
  const char *in;
  const char *out;
  const char *depfile;
  bool md;
  bool write_headers; /* --write-headers */
  const char *incs[64];
} Args;

static void usage(FILE *f) {
  fputs("usage: asyncc [-I DIR]... [-o OUT] [--no-line] [-MD -MF DEPFILE] "
        "[--write-headers] IN.ac\n"
        "Translates an asyncc source (.ac, .ah, or any C file) into C.\n"
        "  -I DIR       search DIR for included headers (.ah and others)\n"
        "  -o OUT       write OUT (default: IN with .ac->.c, .ah->.h; - for "
        "stdout)\n"
        "  --no-line    emit no #line markers\n"
        "  -MD -MF DEP  write a make depfile listing every file read\n"
        "  --write-headers\n"
        "               also write x.h for every x.ah read, beside the output "
        "of the\n"
        "               file that includes it, under the name its #include "
        "spells;\n"
        "               a header whose text is unchanged is left alone\n"
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
    } else if (!strcmp(s, "--write-headers")) {
      a->write_headers = true;
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

/* A list of distinct file names, each a malloc'd copy. */
typedef struct {
  char **v;
  int n, cap;
} Names;

static bool names_has(const Names *ns, const char *name) {
  for (int i = 0; i < ns->n; i++)
    if (!strcmp(ns->v[i], name)) return true;
  return false;
}

/* Adds a copy of NAME unless it is there. Returns 0 or -ENOMEM. */
static int names_add(Names *ns, const char *name) {
  if (names_has(ns, name)) return 0;
  if (ns->n == ns->cap) {
    int cap = ns->cap ? 2 * ns->cap : 16;
    char **v = realloc(ns->v, sizeof *v * (size_t)cap);
    if (!v) return -ENOMEM;
    ns->v = v;
    ns->cap = cap;
  }
  if (!(ns->v[ns->n] = strdup(name))) return -ENOMEM;
  ns->n++;
  return 0;
}

static void names_free(Names *ns) {
  for (int i = 0; i < ns->n; i++)
    free(ns->v[i]);
  free(ns->v);
}

/* What one command line does: the input and, with --write-headers, the
 * headers of the .ah files it reads, each a translation of its own. */
typedef struct {
  const Args *args;
  Names read;    /* every file any translation read, for the depfile */
  Names headers; /* the headers written so far (each one once) */
} Run;

/* How a translation's result reaches its file. */
typedef enum {
  WRITE_ALWAYS,     /* OUT: a build rule's output must look new */
  WRITE_IF_CHANGED, /* a header: its users recompile only if it changed */
} WriteMode;

/* An .ah including an .ah including ... this deep is a loop of names
 * that differ only in their ../ (each one a new header path). */
enum { MAX_HEADER_DEPTH = 64 };

static int translate_file(Run *run, const char *in, const char *out,
                          WriteMode mode, int depth);

static int out_of_memory(void) {
  fprintf(stderr, "asyncc: error: out of memory\n");
  return 2;
}

static int cannot_write(const char *path, int rc) {
  fprintf(stderr, "asyncc: error: cannot write '%s': %s\n", path,
          strerror(-rc));
  return 2;
}

static int write_depfile(const Args *a, const Names *read, const char *out) {
  Buf b = {0};
  put_make_name(&b, out);
  buf_puts(&b, ":");
  if (strcmp(a->in, "-")) {
    buf_puts(&b, " ");
    put_make_name(&b, a->in);
  }
  for (int i = 0; i < read->n; i++) {
    buf_puts(&b, " \\\n  ");
    put_make_name(&b, read->v[i]);
  }
  buf_puts(&b, "\n");
  int rc = b.failed ? -ENOMEM : write_atomically(a->depfile, b.data, b.len);
  buf_free(&b);
  return rc;
}

/* True if the file PATH holds exactly TEXT[0..LEN). */
static bool file_holds(const char *path, const char *text, size_t len) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  char chunk[4096];
  size_t off = 0, n;
  bool same = true;
  while (same && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    same = n <= len - off && memcmp(chunk, text + off, n) == 0;
    off += n;
  }
  same = same && off == len && !ferror(f);
  fclose(f);
  return same;
}

/* mkdir -p of the directory PATH is in. Returns 0 or -errno. */
static int make_parent_dirs(const char *path) {
  char *p = strdup(path);
  if (!p) return -ENOMEM;
  int rc = 0;
  for (char *slash = strchr(p + 1, '/'); slash && rc == 0;
       slash = strchr(slash + 1, '/')) {
    *slash = '\0';
    if (mkdir(p, 0777) != 0 && errno != EEXIST) rc = -errno;
    *slash = '/';
  }
  free(p);
  return rc;
}

/* Whether the path BASE..END (no trailing '/') ends in a ".." component. */
static bool ends_in_dotdot(const char *base, const char *end) {
  return end - base >= 2 && end[-1] == '.' && end[-2] == '.' &&
         (end - base == 2 || end[-3] == '/');
}

/* Takes "." components and "dir/.." pairs out of PATH, in place, so that
 * two spellings of one header are one name: .ah files in sibling
 * directories that include each other ("../b/y.ah", "../a/x.ah") would
 * otherwise give a new header path at every turn. The directories are
 * the output's, which the build makes, so no symlink makes this wrong. */
static void tidy_path(char *path) {
  char *base = path + (path[0] == '/');
  char *w = base; /* end of the tidied part; w <= r, so nothing unread is
                     overwritten */
  const char *r = base;
  while (*r) {
    const char *end = strchr(r, '/');
    size_t n = end ? (size_t)(end - r) : strlen(r);
    bool dotdot = n == 2 && r[0] == '.' && r[1] == '.';
    if (n == 0 || (n == 1 && r[0] == '.')) {
      /* "a//b", "a/./b": nothing to keep */
    } else if (dotdot && w > base && !ends_in_dotdot(base, w)) {
      while (w > base && w[-1] != '/')
        w--; /* drop the last component ... */
      if (w > base) w--; /* ... and the '/' before it */
    } else if (dotdot && w == base && base > path) {
      /* "/.." is "/" */
    } else {
      if (w > base) *w++ = '/';
      memmove(w, r, n);
      w += n;
    }
    r += n + (end != NULL);
  }
  *w = '\0';
}

/* The header the rewritten #include "NAME" (x.ah -> x.h) finds first from
 * a file written at OUT: NAME taken from OUT's directory. Malloc'd. */
static char *header_path(const char *out, const char *name, int name_len) {
  const char *slash = strrchr(out, '/');
  int dir_len = slash ? (int)(slash - out) + 1 : 0;
  int stem_len = name_len - 3; /* NAME ends in ".ah" */
  size_t size = (size_t)dir_len + (size_t)stem_len + 3;
  char *p = malloc(size);
  if (!p) return NULL;
  snprintf(p, size, "%.*s%.*s.h", dir_len, out, stem_len, name);
  tidy_path(p);
  return p;
}

/* Translates the .ah at IN into the header HDR, once per run. */
static int write_header(Run *run, const char *in, const char *hdr,
                        int depth) {
  if (names_has(&run->headers, hdr))
    return 0; /* two files include it, or it includes itself */
  if (names_add(&run->headers, hdr) < 0) return out_of_memory();
  int rc = make_parent_dirs(hdr);
  if (rc < 0) return cannot_write(hdr, rc);
  return translate_file(run, in, hdr, WRITE_IF_CHANGED, depth);
}

/* --write-headers for one translated file: each "x.ah" CTX's file
 * includes becomes x.h beside OUT (the file's own output), and so on down
 * the .ah's own includes. An absolute name is refused: its header would
 * land outside the build's directories. */
static int write_headers(Run *run, Ctx *ctx, const char *out, int depth) {
  for (Include *inc = ctx->includes; inc; inc = inc->next) {
    if (!inc->path) continue; /* not found: reported already */
    const char *name = ctx->src.text + inc->name_off;
    if (name[0] == '/') {
      diag_error(ctx, inc->tok,
                 "--write-headers cannot place the header of an absolute "
                 "#include; name the .ah relative to an -I directory");
      return 1;
    }
    if (depth >= MAX_HEADER_DEPTH) {
      diag_error(ctx, inc->tok, ".ah files include each other too deeply");
      return 1;
    }
    char *hdr = header_path(out, name, inc->name_len);
    if (!hdr) return out_of_memory();
    int status = write_header(run, inc->path, hdr, depth + 1);
    free(hdr);
    if (status != 0) return status;
  }
  return 0;
}

/* Writes CTX's translation C (or the input itself, when nothing needed
 * rewriting) to OUT. */
static int write_output(const Ctx *ctx, const Buf *c, const char *out,
                        WriteMode mode) {
  const char *text = ctx->unchanged ? ctx->src.text : c->data ? c->data : "";
  size_t len = ctx->unchanged ? ctx->src.len : c->len;
  if (!strcmp(out, "-"))
    return fwrite(text, 1, len, stdout) == len && fflush(stdout) == 0 ? 0 : 2;
  if (mode == WRITE_IF_CHANGED && file_holds(out, text, len)) return 0;
  int rc = write_atomically(out, text, len);
  return rc < 0 ? cannot_write(out, rc) : 0;
}

/* Translates IN into OUT (after the headers it needs, with
 * --write-headers). Returns an exit status. */
static int translate_file(Run *run, const char *in, const char *out,
                          WriteMode mode, int depth) {
  Options opt = run->args->opt;
  /* #line names the output; on stdout, the file `asyncc IN` would write
   * (the translator derives it), so -o - and the default give one text */
  opt.out_name = strcmp(out, "-") ? out : NULL;
  Ctx ctx;
  ctx_init(&ctx, &opt);
  int rc = source_load(&ctx.src, in);
  if (rc < 0) {
    fprintf(stderr, "asyncc: error: cannot read '%s': %s\n", in,
            strerror(-rc));
    ctx_free(&ctx);
    return 2;
  }
  Buf c = {0};
  int status = 0;
  if (translate(&ctx, &c) > 0) status = 1;
  else if (c.failed) status = out_of_memory();
  for (int i = 0; status == 0 && i < ctx.nfiles_read; i++)
    if (names_add(&run->read, ctx.files_read[i]) < 0) status = out_of_memory();
  if (status == 0 && run->args->write_headers)
    status = write_headers(run, &ctx, out, depth);
  if (status == 0) status = write_output(&ctx, &c, out, mode);
  buf_free(&c);
  ctx_free(&ctx);
  return status;
}

/* <dir of this executable>/../include, where `cmake --install --prefix P`
 * put asyncc.h beside P/bin/asyncc (Linux: /proc/self/exe), or NULL. The
 * translator reads asyncc.h's AC_AWAITABLE declarations from there when
 * no -I names it, whatever prefix the package was installed under. */
static char *own_include_dir(void) {
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return NULL;
  exe[n] = '\0';
  char *slash = strrchr(exe, '/');
  if (!slash) return NULL;
  *slash = '\0';
  size_t len = strlen(exe) + sizeof "/../include";
  char *dir = malloc(len);
  if (dir) snprintf(dir, len, "%s/../include", exe);
  return dir;
}

int main(int argc, char **argv) {
  Args a = {0};
  parse_args(argc, argv, &a);
  char *own_dir = own_include_dir();
  a.opt.own_include_dir = own_dir;

  char *out = NULL;
  if (a.out) out = strdup(a.out);
  else if (!strcmp(a.in, "-")) out = strdup("-");
  else out = default_output(a.in);
  if (!out) {
    free(own_dir);
    return out_of_memory();
  }
  if (a.write_headers && !strcmp(out, "-")) {
    free(out);
    die_usage("--write-headers needs an output file, not stdout", NULL);
  }

  Run run = {.args = &a};
  int status = translate_file(&run, a.in, out, WRITE_ALWAYS, 0);
  int rc;
  if (status == 0 && a.depfile && (rc = write_depfile(&a, &run.read, out)) < 0)
    status = cannot_write(a.depfile, rc);
  names_free(&run.read);
  names_free(&run.headers);
  free(out);
  free(own_dir);
  return status;
}
