/* fs.c - files as awaitables (asyncc.h "Files"): libuv's uv_fs_* requests
 * on its thread pool, and two conveniences, ac_read_file and
 * ac_write_file, each one job on that pool.
 *
 * Takes: a running loop. Guarantees:
 * - every operation wakes its task exactly once, with its result or a
 *   negative code;
 * - memory the thread pool may still touch stays alive until libuv's
 *   callback: a request that reads into or writes from the caller's
 *   buffer keeps its task parked until that callback, also when the task
 *   is cancelled (uv_cancel stops a request that has not started, so the
 *   wait is at most one system call); ac_read_file reads into a buffer of
 *   its own, so a cancelled one wakes at once and its callback frees it;
 * - a cancelled operation leaves nothing open: an open that completes
 *   after its cancellation has its descriptor closed, and a cancelled
 *   close still closes.
 */
#define _POSIX_C_SOURCE 200809L /* uv.h needs POSIX types */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "answer.h"

_Static_assert(AC_DIRENT_BLOCK == (int)UV_DIRENT_BLOCK && AC_DIRENT_FILE == (int)UV_DIRENT_FILE,
               "ac_dirent_t types are libuv's");

/* ================= uv_fs_* requests ================= */

typedef struct fs_op_s {
  ac__answer_t a; /* first: the record is found from it */
  uv_fs_t req;
  /* ac_fs_write: the whole buffer is written, one request at a time */
  const char *wbuf;
  size_t wlen, wdone;
  int64_t woff; /* -1: at the file position */
} fs_op_t;

#define FS_OP(ans) ((fs_op_t *)(void *)(ans))

static void fs_cancel(ac_task_t *t) {
  fs_op_t *op = ac__parked_on(t);
  op->a.cancelled = 1;
  /* Stops it if the pool has not started it; either way its callback
   * comes and wakes the task (the caller's buffer is in use till then).
   * A close is let run: a descriptor is never left open by it. */
  if (op->req.fs_type != UV_FS_CLOSE) uv_cancel((uv_req_t *)&op->req);
}

static ac__waitops_t fs_ops = {"waiting for a file operation", fs_cancel, NULL, 0, NULL};

static void fs_op_free(ac__answer_t *a) {
  uv_fs_req_cleanup(&FS_OP(a)->req);
  ac__free(a);
}

static fs_op_t *fs_op_new(void *result, void (*deliver)(ac__answer_t *),
                          void (*release)(ac__answer_t *)) {
  fs_op_t *op = ac__calloc(1, sizeof *op);
  op->req.data = op;
  op->a.result = result;
  op->a.deliver = deliver;
  op->a.release = release;
  op->a.free = fs_op_free;
  return op;
}

/* The request was handed to libuv with status RC: wait, or fail at once. */
static int fs_submitted(ac_frame_t *frame, fs_op_t *op, int rc) {
  if (rc < 0) {
    fs_op_free(&op->a);
    frame->err = rc;
    return 0;
  }
  return ac__answer_await(frame, &op->a, &fs_ops);
}

static void on_fs(uv_fs_t *req);

/* The next part of an ac_fs_write: 1 if submitted, else 0 with *ERR. */
static int fs_write_more(fs_op_t *op, int *err) {
  uv_buf_t b = uv_buf_init((char *)(uintptr_t)(op->wbuf + op->wdone),
                           (unsigned)(op->wlen - op->wdone));
  int64_t off = op->woff < 0 ? -1 : op->woff + (int64_t)op->wdone;
  uv_file fd = op->req.file;
  uv_fs_req_cleanup(&op->req);
  *err = uv_fs_write(&ac__L.uv, &op->req, fd, &b, 1, off, on_fs);
  return *err == 0;
}

static void on_fs(uv_fs_t *req) {
  fs_op_t *op = req->data;
  ssize_t r = req->result;
  int err = r < 0 ? (int)r : 0;
  if (op->wbuf != NULL && r > 0 && !op->a.cancelled) {
    op->wdone += (size_t)r;
    if (op->wdone < op->wlen && fs_write_more(op, &err)) return;
  } else if (op->wbuf != NULL && r == 0 && op->wlen > 0) {
    err = AC_EIO; /* no progress: do not loop */
  }
  ac__answer_done(&op->a, err);
}

static void deliver_int(ac__answer_t *a) { *(int *)a->result = (int)FS_OP(a)->req.result; }
static void deliver_size(ac__answer_t *a) { *(size_t *)a->result = (size_t)FS_OP(a)->req.result; }
static void deliver_written(ac__answer_t *a) { *(size_t *)a->result = FS_OP(a)->wlen; }
/* An open whose descriptor nobody takes (cancelled, or not awaited for
 * its value) closes it. */
static void release_fd(ac__answer_t *a) { close((int)FS_OP(a)->req.result); }

static double seconds(uv_timespec_t ts) { return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9; }

static void deliver_stat(ac__answer_t *a) {
  const uv_stat_t *st = &FS_OP(a)->req.statbuf;
  ac_stat_t *out = a->result;
  memset(out, 0, sizeof *out);
  out->size = st->st_size;
  out->mode = (unsigned)st->st_mode;
  out->ino = st->st_ino;
  out->dev = st->st_dev;
  out->nlink = st->st_nlink;
  out->atime = seconds(st->st_atim);
  out->mtime = seconds(st->st_mtim);
  out->ctime = seconds(st->st_ctim);
  out->is_file = S_ISREG(st->st_mode);
  out->is_dir = S_ISDIR(st->st_mode);
}

/* The entries, in libuv's order (sorted by name), copied out of the
 * request: names and array in one allocation, freed by
 * ac_fs_scandir_free. uv_fs_scandir_next frees each entry's name at the
 * next call, so the names are gathered first. */
static void deliver_dir(ac__answer_t *a) {
  uv_dirent_t ent;
  size_t n = 0, used = 0, cap = 16, names_cap = 256;
  int *types = ac__malloc(cap * sizeof *types);
  char *names = ac__malloc(names_cap);
  while (uv_fs_scandir_next(&FS_OP(a)->req, &ent) != UV_EOF) {
    size_t len = strlen(ent.name) + 1;
    if (n == cap) types = ac__realloc(types, (cap *= 2) * sizeof *types);
    while (used + len > names_cap) names = ac__realloc(names, names_cap *= 2);
    memcpy(names + used, ent.name, len);
    types[n++] = (int)ent.type;
    used += len;
  }
  ac_dir_t *d = ac__malloc(sizeof *d + n * sizeof(ac_dirent_t) + used);
  d->n = n;
  d->entries = (ac_dirent_t *)(void *)(d + 1);
  char *p = memcpy(d->entries + n, names, used);
  for (size_t i = 0; i < n; i++) {
    d->entries[i].name = p;
    d->entries[i].type = types[i];
    p += strlen(p) + 1;
  }
  ac__free(names);
  ac__free(types);
  *(ac_dir_t **)a->result = d;
}

void ac_fs_scandir_free(ac_dir_t *d) { ac__free(d); }

int ac_fs_open__await(ac_frame_t *frame, int *result, const char *path, int flags, int mode) {
  fs_op_t *op = fs_op_new(result, deliver_int, release_fd);
  return fs_submitted(frame, op,
                      uv_fs_open(&ac__L.uv, &op->req, path, flags | O_CLOEXEC, mode, on_fs));
}

int ac_fs_close__await(ac_frame_t *frame, void *result, int fd) {
  fs_op_t *op = fs_op_new(result, NULL, NULL);
  return fs_submitted(frame, op, uv_fs_close(&ac__L.uv, &op->req, fd, on_fs));
}

int ac_fs_read__await(ac_frame_t *frame, size_t *result, int fd, void *buf, size_t len,
                      long long offset) {
  fs_op_t *op = fs_op_new(result, deliver_size, NULL);
  uv_buf_t b = uv_buf_init(buf, (unsigned)len);
  return fs_submitted(frame, op,
                      uv_fs_read(&ac__L.uv, &op->req, fd, &b, 1, offset < 0 ? -1 : offset, on_fs));
}

int ac_fs_write__await(ac_frame_t *frame, size_t *result, int fd, const void *buf, size_t len,
                       long long offset) {
  fs_op_t *op = fs_op_new(result, deliver_written, NULL);
  uv_buf_t b = uv_buf_init((char *)(uintptr_t)buf, (unsigned)len);
  op->wbuf = buf;
  op->wlen = len;
  op->woff = offset < 0 ? -1 : offset;
  return fs_submitted(frame, op,
                      uv_fs_write(&ac__L.uv, &op->req, fd, &b, 1, op->woff, on_fs));
}

int ac_fs_stat__await(ac_frame_t *frame, ac_stat_t *result, const char *path) {
  fs_op_t *op = fs_op_new(result, deliver_stat, NULL);
  return fs_submitted(frame, op, uv_fs_stat(&ac__L.uv, &op->req, path, on_fs));
}

int ac_fs_fstat__await(ac_frame_t *frame, ac_stat_t *result, int fd) {
  fs_op_t *op = fs_op_new(result, deliver_stat, NULL);
  return fs_submitted(frame, op, uv_fs_fstat(&ac__L.uv, &op->req, fd, on_fs));
}

int ac_fs_fsync__await(ac_frame_t *frame, void *result, int fd) {
  fs_op_t *op = fs_op_new(result, NULL, NULL);
  return fs_submitted(frame, op, uv_fs_fsync(&ac__L.uv, &op->req, fd, on_fs));
}

int ac_fs_rename__await(ac_frame_t *frame, void *result, const char *from, const char *to) {
  fs_op_t *op = fs_op_new(result, NULL, NULL);
  return fs_submitted(frame, op, uv_fs_rename(&ac__L.uv, &op->req, from, to, on_fs));
}

int ac_fs_unlink__await(ac_frame_t *frame, void *result, const char *path) {
  fs_op_t *op = fs_op_new(result, NULL, NULL);
  return fs_submitted(frame, op, uv_fs_unlink(&ac__L.uv, &op->req, path, on_fs));
}

int ac_fs_mkdir__await(ac_frame_t *frame, void *result, const char *path, int mode) {
  fs_op_t *op = fs_op_new(result, NULL, NULL);
  return fs_submitted(frame, op, uv_fs_mkdir(&ac__L.uv, &op->req, path, mode, on_fs));
}

int ac_fs_rmdir__await(ac_frame_t *frame, void *result, const char *path) {
  fs_op_t *op = fs_op_new(result, NULL, NULL);
  return fs_submitted(frame, op, uv_fs_rmdir(&ac__L.uv, &op->req, path, on_fs));
}

int ac_fs_scandir__await(ac_frame_t *frame, ac_dir_t **result, const char *path) {
  fs_op_t *op = fs_op_new(result, deliver_dir, NULL);
  return fs_submitted(frame, op, uv_fs_scandir(&ac__L.uv, &op->req, path, 0, on_fs));
}

/* ================= whole files ================= */

/* One job on libuv's pool does open, the reads or writes, and close:
 * one trip to the pool instead of one per system call. */
typedef struct file_job_s {
  ac__answer_t a;    /* first; result: read_file's char ** */
  uv_work_t work;
  char *path;        /* a copy */
  size_t limit;      /* read_file: the most it takes */
  char *data;        /* read_file: the job's buffer; write_file: the caller's */
  size_t len;
  size_t *len_out;   /* read_file: the caller's slot for LEN, or NULL */
  int err;
} file_job_t;

#define FILE_JOB(ans) ((file_job_t *)(void *)(ans))

static char *copy_string(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(ac__malloc(n), s, n);
}

static void file_job_free(ac__answer_t *a) {
  file_job_t *job = FILE_JOB(a);
  ac__free(job->path);
  ac__free(job);
}

/* Reads all of FD into job->data (NUL-terminated), or fails with
 * AC_EFBIG once more than job->limit bytes come. */
static int read_all(file_job_t *job, int fd) {
  struct stat st;
  size_t cap = 4096;
  /* Room for the whole file, its NUL, and a byte to see the end with no
   * realloc; never more than the limit + 2 (enough to see it overflow). */
  if (fstat(fd, &st) == 0 && st.st_size > 0) cap = (size_t)st.st_size + 2;
  if (cap - 2 > job->limit) cap = job->limit + 2;
  job->data = ac__malloc(cap);
  for (;;) {
    if (job->len + 1 == cap) job->data = ac__realloc(job->data, cap *= 2);
    ssize_t n = read(fd, job->data + job->len, cap - 1 - job->len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -errno;
    if (n == 0) break;
    job->len += (size_t)n;
    if (job->len > job->limit) return AC_EFBIG;
  }
  job->data[job->len] = '\0';
  return 0;
}

static void read_file_work(uv_work_t *w) {
  file_job_t *job = w->data;
  int fd = open(job->path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    job->err = -errno;
    return;
  }
  job->err = read_all(job, fd);
  close(fd);
}

static void write_file_work(uv_work_t *w) {
  file_job_t *job = w->data;
  int fd = open(job->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  size_t done = 0;
  if (fd < 0) {
    job->err = -errno;
    return;
  }
  while (done < job->len) {
    ssize_t n = write(fd, job->data + done, job->len - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      job->err = -errno;
      break;
    }
    done += (size_t)n;
  }
  if (close(fd) != 0 && job->err == 0) job->err = -errno;
}

static void after_file_job(uv_work_t *w, int status) {
  file_job_t *job = w->data;
  if (status == 0 && job->err != 0 && job->a.release != NULL) {
    ac__free(job->data); /* a failed read_file: its partial buffer */
    job->data = NULL;
  }
  ac__answer_done(&job->a, status < 0 ? status : job->err);
}

static void deliver_file(ac__answer_t *a) {
  file_job_t *job = FILE_JOB(a);
  *(char **)a->result = job->data;
  if (job->len_out != NULL) *job->len_out = job->len;
}

static void release_file(ac__answer_t *a) { ac__free(FILE_JOB(a)->data); }

/* read_file's buffer is its own: the task goes at once. */
static void read_file_cancel(ac_task_t *t) {
  file_job_t *job = ac__parked_on(t);
  uv_cancel((uv_req_t *)&job->work);
  ac__answer_wake_cancelled(&job->a);
}

/* write_file reads the caller's bytes: the task waits for the pool. */
static void write_file_cancel(ac_task_t *t) {
  file_job_t *job = ac__parked_on(t);
  job->a.cancelled = 1;
  uv_cancel((uv_req_t *)&job->work);
}

static ac__waitops_t read_file_ops = {"reading a file", read_file_cancel, NULL, 0, NULL};
static ac__waitops_t write_file_ops = {"writing a file", write_file_cancel, NULL, 0, NULL};

static int file_job_submit(ac_frame_t *frame, file_job_t *job, ac__waitops_t *ops,
                           uv_work_cb work) {
  job->work.data = job;
  job->a.free = file_job_free;
  int rc = uv_queue_work(&ac__L.uv, &job->work, work, after_file_job);
  if (rc != 0) {
    file_job_free(&job->a);
    frame->err = rc;
    return 0;
  }
  return ac__answer_await(frame, &job->a, ops);
}

int ac_read_file__await(ac_frame_t *frame, size_t *result, const char *path, char **data,
                        size_t limit) {
  if (data == NULL) {
    frame->err = AC_EINVAL;
    return 0;
  }
  file_job_t *job = ac__calloc(1, sizeof *job);
  job->path = copy_string(path);
  job->limit = limit;
  job->len_out = result;
  job->a.result = data;
  job->a.deliver = deliver_file;
  job->a.release = release_file;
  return file_job_submit(frame, job, &read_file_ops, read_file_work);
}

static void deliver_nothing(ac__answer_t *a) { (void)a; }

int ac_write_file__await(ac_frame_t *frame, void *result, const char *path, const void *data,
                         size_t len) {
  (void)result;
  file_job_t *job = ac__calloc(1, sizeof *job);
  job->path = copy_string(path);
  job->data = (char *)(uintptr_t)data;
  job->len = len;
  job->a.deliver = deliver_nothing;
  return file_job_submit(frame, job, &write_file_ops, write_file_work);
}
