/* asyncc_http.h - an HTTP client for asyncc programs, on libcurl
 * (library asyncc_http: pkg-config asyncc-http, CMake asyncc::http).
 *
 * A session (aiohttp's ClientSession, httpx's AsyncClient) is one libcurl
 * multi handle driven by the asyncc loop: its sockets are watched by libuv
 * poll handles, its timer is a libuv timer, so transfers progress while
 * tasks wait. A request returns a task handle built on a promise:
 *
 *   ac_http_response_t *r = await ac_http_session_get(s, url);
 *   printf("%ld %zu\n", r->status, r->body_len);
 *   ac_http_response_free(r);
 *
 * and is gathered, timed out (ac_wait_for), cancelled and put in task
 * groups like any task. Cancelling it removes the transfer from the
 * multi handle at once and frees its handle and buffers (no socket stays
 * open for it beyond libcurl's connection cache of the session).
 *
 * Failures are negative codes: AC_ETIMEDOUT (connect or total timeout),
 * AC_ECONNREFUSED, AC_ENOMEM, AC_ECANCELED, and for every other libcurl
 * failure AC_HTTP_ERR(curl code), e.g. AC_HTTP_ETOOLARGE (a body past
 * the limit) or AC_HTTP_ETOOMANYREDIRECTS. ac_http_strerror names any of
 * them with libcurl's own words.
 *
 * All functions: loop thread, inside ac_run. Every session must be closed
 * before ac_run returns (it holds libuv handles).
 */
#ifndef ASYNCC_HTTP_H
#define ASYNCC_HTTP_H

#include <stddef.h>
#include <asyncc.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- errors: AC_HTTP_ERR(c) is libcurl's CURLcode C as an asyncc code ---- */
#define AC_HTTP_ERR_BASE (-6000)
#define AC_HTTP_ERR(curlcode) (AC_HTTP_ERR_BASE - (int)(curlcode))
#define AC_HTTP_ETOOMANYREDIRECTS AC_HTTP_ERR(47) /* CURLE_TOO_MANY_REDIRECTS */
#define AC_HTTP_ETOOLARGE AC_HTTP_ERR(63)         /* CURLE_FILESIZE_EXCEEDED */
#define AC_HTTP_ERESOLVE AC_HTTP_ERR(6)           /* CURLE_COULDNT_RESOLVE_HOST */
#define AC_HTTP_ECONNECT AC_HTTP_ERR(7)           /* CURLE_COULDNT_CONNECT */
#define AC_HTTP_ETLSVERIFY AC_HTTP_ERR(60)        /* CURLE_PEER_FAILED_VERIFICATION */
/* The words for CODE, naming the reason: for the usual failures our own
 * ("DNS failure: could not resolve the host", "body too large: past the
 * max_body limit"), libcurl's for other AC_HTTP_ERR codes, ac_strerror's
 * for the rest. Static string. Any thread. */
const char *ac_http_strerror(int code);

/* ---- sessions ---- */
typedef struct ac_http_session_s ac_http_session_t;

/* Zero means "the default" in every field. */
typedef struct {
  const char *const *headers;  /* NULL-terminated "Name: value" list sent with
                                  every request (copied) */
  double connect_timeout;      /* seconds; 0: libcurl's (300 s) */
  double timeout;              /* whole transfer, seconds; 0: none */
  int no_redirects;            /* 1: do not follow redirects (default: follow) */
  int max_redirects;           /* 0: 10 */
  long max_host_connections;   /* per host; 0: no limit */
  long max_total_connections;  /* in all; 0: no limit */
  size_t max_body;             /* bytes kept of a body; 0: 64 MiB */
  const char *ca_file;         /* PEM certificates to trust for https instead
                                  of the system's (copied); NULL: the system's */
  const char *proxy;           /* every request through this proxy, e.g.
                                  "http://127.0.0.1:3128" (copied); "": no
                                  proxy, not even the environment's; NULL:
                                  libcurl's default, which honours the
                                  http_proxy, https_proxy, all_proxy and
                                  no_proxy environment variables */
  int cookies;                 /* 1: keep the cookies servers set and send
                                  them back, one cookie jar per session (in
                                  memory; nothing read or written on disk);
                                  0: no cookie is kept */
} ac_http_options_t;

/* Opens a session in *S with OPT (NULL: all defaults). 0 or AC_ENOMEM. */
int ac_http_session_open(ac_http_session_t **s, const ac_http_options_t *opt);
/* Closes S: its transfers still running fail with AC_ECANCELED, its
 * connections are closed; its memory goes once libuv has closed its
 * handles (on the loop's next turn). */
void ac_http_session_close(ac_http_session_t *s);
/* How many transfers S runs now (a cancelled one is gone at once). */
size_t ac_http_session_transfers(const ac_http_session_t *s);

/* ---- requests and responses ---- */
typedef struct {
  const char *method;           /* NULL: "GET", or "POST" with a body */
  const char *url;
  const char *const *headers;   /* NULL-terminated "Name: value" list */
  const void *body;             /* sent as is (copied), BODY_LEN bytes */
  size_t body_len;
  const char *body_file;        /* or the body read from this file as it is
                                   sent (a request of any method); a file
                                   that does not open fails the request */
  size_t max_body;              /* 0: the session's */
  double timeout;               /* 0: the session's */
  char *errbuf;                 /* NULL, or AC_HTTP_ERRBUF_SIZE bytes that a
                                   failure fills with libcurl's detail
                                   ("Failed to connect to 127.0.0.1 port 1
                                   after 0 ms: Couldn't connect to server");
                                   "" on success. It must live until the
                                   request ends (or is cancelled). */
} ac_http_request_t;
#define AC_HTTP_ERRBUF_SIZE 256 /* CURL_ERROR_SIZE */

typedef struct {
  char *name, *value;
} ac_http_header_t;

typedef struct {
  long status;                  /* the final response's (after redirects) */
  int http_version;             /* 10, 11, 20 (HTTP/2) or 30 (HTTP/3) */
  char *url;                    /* the final URL */
  char *body;                   /* BODY_LEN bytes and a '\0' */
  size_t body_len;
  ac_http_header_t *headers;    /* the final response's, in order */
  size_t nheaders;
} ac_http_response_t;

#ifndef AC_TASK_DEFINED_ac_http_response_t_p
#define AC_TASK_DEFINED_ac_http_response_t_p
AC_TASK_TYPE(ac_task__ac_http_response_t_p, ac_http_response_t *);
#endif
/* task(ac_http_response_t *) as C code can spell it. */
typedef ac_task__ac_http_response_t_p ac_http_task_t;

/* Starts REQ on S (REQ and what it points to are copied) and returns a
 * task handle whose await gives the response (the caller frees it with
 * ac_http_response_free) or throws the failure. An HTTP error status is
 * a response, not a failure. */
ac_http_task_t ac_http_request(ac_http_session_t *s, const ac_http_request_t *req);
ac_http_task_t ac_http_session_get(ac_http_session_t *s, const char *url);
ac_http_task_t ac_http_session_post(ac_http_session_t *s, const char *url, const void *body,
                                    size_t len, const char *content_type);
/* One-shot GET on a session of its own with the default options, closed
 * when the transfer ends (httpx.get). */
ac_http_task_t ac_http_get(const char *url);

/* ---- streamed bodies ----
 *
 *   ac_http_stream_t *st = await ac_http_stream_open(s, &req);
 *   printf("%ld\n", ac_http_stream_response(st)->status);
 *   for (;;) {
 *       ac_http_chunk_t c = await ac_http_stream_read(st);
 *       if (c.len == 0) break;
 *       fwrite(c.data, 1, c.len, f);
 *   }
 *   ac_http_stream_close(st);
 *
 * or `for await` over the library's generator of chunks, written with
 * these calls (#include "asyncc_http_chunks.ah"; it closes the stream in
 * a finally block, so a break out of the loop aborts the transfer):
 *
 *   for await (ac_http_chunk_t c in ac_http_chunks(st))
 *       fwrite(c.data, 1, c.len, f);
 *
 * The open task ends when the final response's headers are in (status,
 * headers, http_version; url once the body ends) or fails as a request
 * does. The body then comes a chunk at a time: at most about 128 KiB of it
 * is held (the transfer pauses while the reader is behind), so a body of
 * any size streams in bounded memory; max_body does not apply. */
typedef struct ac_http_stream_s ac_http_stream_t;
typedef struct {
  const char *data;             /* valid until the next read or the close */
  size_t len;                   /* 0: the body has ended */
} ac_http_chunk_t;

#ifndef AC_TASK_DEFINED_ac_http_stream_t_p
#define AC_TASK_DEFINED_ac_http_stream_t_p
AC_TASK_TYPE(ac_task__ac_http_stream_t_p, ac_http_stream_t *);
#endif
#ifndef AC_TASK_DEFINED_ac_http_chunk_t
#define AC_TASK_DEFINED_ac_http_chunk_t
AC_TASK_TYPE(ac_task__ac_http_chunk_t, ac_http_chunk_t);
#endif

/* Starts REQ on S as ac_http_request does; the task gives the stream (the
 * caller closes it with ac_http_stream_close) once the headers are in. */
ac_task__ac_http_stream_t_p ac_http_stream_open(ac_http_session_t *s,
                                                const ac_http_request_t *req);
/* The next chunk of the body: a chunk of len 0 at its end, or the
 * transfer's failure (a reset, a timeout; AC_ECANCELED once the session
 * is closed). One read at a time (AC_EBUSY otherwise); cancelling a read
 * abandons it (a chunk it had been given is lost). */
ac_task__ac_http_chunk_t ac_http_stream_read(ac_http_stream_t *st);
/* Status, headers, http_version and (once the body ended) url of ST's
 * response; body is NULL. Owned by ST. */
const ac_http_response_t *ac_http_stream_response(const ac_http_stream_t *st);
/* Aborts ST's transfer if it still runs (its connection is closed) and
 * frees ST, its buffers and its response. A read still pending fails
 * with AC_ECANCELED. */
void ac_http_stream_close(ac_http_stream_t *st);

/* The value of the first header named NAME (any case), or NULL. */
const char *ac_http_header(const ac_http_response_t *r, const char *name);
void ac_http_response_free(ac_http_response_t *r);

#ifdef __cplusplus
}
#endif
#endif
