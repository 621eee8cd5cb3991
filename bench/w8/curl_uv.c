/* curl_uv.c - W8's raw libcurl peer (BENCH-SPEC.md W8): one libcurl multi
 * handle driven by a hand-written libuv loop through
 * curl_multi_socket_action, 100 easy handles reused, each fetching the
 * next document as soon as it has finished one; every body is parsed with
 * cJSON and the "id" fields summed.
 *
 *   curl_uv BASE_URL N CONCURRENCY
 *
 * prints "RESULT peer=libcurl n=N concurrency=C wall_s=W req_per_s=R
 * peak_rss_kb=K sum=S ok=0|1". Timed from the first request to the last
 * parsed body (the multi handle and the easy handles are made before). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <uv.h>

/* User + system CPU seconds of the whole run (set-up included: both C
 * peers pay the same). */
static double cpu_s(const struct rusage *ru) {
  return (double)(ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) +
       (double)(ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) / 1e6;
}

typedef struct {
  CURL *easy;
  char *body;
  size_t len, cap;
} slot_t;

typedef struct {
  uv_poll_t poll;
  curl_socket_t fd;
} sock_t;

static uv_loop_t *loop;
static uv_timer_t timer;
static CURLM *multi;
static const char *base;
static int n_docs, next_doc, done_docs, failures;
static long long id_sum;

static size_t on_body(char *data, size_t size, size_t n, void *arg) {
  slot_t *s = arg;
  size_t len = size * n;
  if (s->len + len + 1 > s->cap) {
    s->cap = (s->len + len + 1) * 2;
    s->body = realloc(s->body, s->cap);
    if (s->body == NULL) return 0;
  }
  memcpy(s->body + s->len, data, len);
  s->len += len;
  s->body[s->len] = '\0';
  return len;
}

/* Gives slot S the next document, if any is left. */
static void start_next(slot_t *s) {
  char url[512];
  if (next_doc >= n_docs) return;
  snprintf(url, sizeof url, "%s/doc/%d.json", base, next_doc++);
  s->len = 0;
  curl_easy_setopt(s->easy, CURLOPT_URL, url);
  curl_multi_add_handle(multi, s->easy);
}

static void finish(slot_t *s, CURLcode rc) {
  long status = 0;
  curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &status);
  cJSON *json = rc == CURLE_OK && status == 200 ? cJSON_ParseWithLength(s->body, s->len) : NULL;
  cJSON *id = json ? cJSON_GetObjectItem(json, "id") : NULL;
  if (cJSON_IsNumber(id)) id_sum += id->valueint;
  else failures++;
  cJSON_Delete(json);
  done_docs++;
  curl_multi_remove_handle(multi, s->easy);
  start_next(s);
}

static void collect(void) {
  CURLMsg *m;
  int left;
  while ((m = curl_multi_info_read(multi, &left)) != NULL) {
    if (m->msg != CURLMSG_DONE) continue;
    slot_t *s;
    curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&s);
    finish(s, m->data.result);
  }
}

static void action(curl_socket_t fd, int flags) {
  int running;
  curl_multi_socket_action(multi, fd, flags, &running);
  collect();
}

static void on_poll(uv_poll_t *p, int status, int events) {
  sock_t *k = p->data;
  int flags = status < 0 ? CURL_CSELECT_IN | CURL_CSELECT_OUT : 0;
  if (events & UV_READABLE) flags |= CURL_CSELECT_IN;
  if (events & UV_WRITABLE) flags |= CURL_CSELECT_OUT;
  action(k->fd, flags);
}

static void on_timer(uv_timer_t *t) {
  (void)t;
  action(CURL_SOCKET_TIMEOUT, 0);
}

static void free_sock(uv_handle_t *h) { free(h->data); }

static int on_socket(CURL *e, curl_socket_t fd, int what, void *arg, void *sockp) {
  sock_t *k = sockp;
  (void)e, (void)arg;
  if (what == CURL_POLL_REMOVE) {
    if (k != NULL) {
      uv_poll_stop(&k->poll);
      uv_close((uv_handle_t *)&k->poll, free_sock);
      curl_multi_assign(multi, fd, NULL);
    }
    return 0;
  }
  if (k == NULL) {
    k = calloc(1, sizeof *k);
    k->fd = fd;
    uv_poll_init_socket(loop, &k->poll, fd);
    k->poll.data = k;
    curl_multi_assign(multi, fd, k);
  }
  int events = (what & CURL_POLL_IN ? UV_READABLE : 0) | (what & CURL_POLL_OUT ? UV_WRITABLE : 0);
  uv_poll_start(&k->poll, events, on_poll);
  return 0;
}

static int on_timeout(CURLM *m, long ms, void *arg) {
  (void)m, (void)arg;
  if (ms < 0) uv_timer_stop(&timer);
  else uv_timer_start(&timer, on_timer, (uint64_t)ms, 0);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 4) return 2;
  base = argv[1];
  n_docs = atoi(argv[2]);
  int conc = atoi(argv[3]);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  loop = uv_default_loop();
  uv_timer_init(loop, &timer);
  multi = curl_multi_init();
  curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, on_socket);
  curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, on_timeout);
  curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)conc);
  slot_t *slots = calloc((size_t)conc, sizeof *slots);
  for (int i = 0; i < conc; i++) {
    slots[i].easy = curl_easy_init();
    curl_easy_setopt(slots[i].easy, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(slots[i].easy, CURLOPT_WRITEDATA, (void *)&slots[i]);
    curl_easy_setopt(slots[i].easy, CURLOPT_PRIVATE, (void *)&slots[i]);
    curl_easy_setopt(slots[i].easy, CURLOPT_NOSIGNAL, 1L);
  }
  double t0 = (double)uv_hrtime() / 1e9;
  for (int i = 0; i < conc; i++) start_next(&slots[i]);
  uv_run(loop, UV_RUN_DEFAULT);
  double wall = (double)uv_hrtime() / 1e9 - t0;
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  long long want = (long long)n_docs * (n_docs - 1) / 2;
  printf("RESULT peer=libcurl n=%d concurrency=%d wall_s=%.4f req_per_s=%.0f peak_rss_kb=%ld "
         "cpu_s=%.4f sum=%lld ok=%d\n", n_docs, conc, wall, n_docs / wall, ru.ru_maxrss,
         cpu_s(&ru), id_sum, failures == 0 && done_docs == n_docs && id_sum == want);
  for (int i = 0; i < conc; i++) curl_easy_cleanup(slots[i].easy);
  free(slots);
  curl_multi_cleanup(multi);
  uv_close((uv_handle_t *)&timer, NULL);
  uv_run(loop, UV_RUN_DEFAULT);
  curl_global_cleanup();
  return failures == 0 && id_sum == want ? 0 : 1;
}
