/* mpi_internal.h - what the two sides of the MPI pool share.
 *
 *   pool_mpi.c    rank 0: the MPI thread, the pool backend, the public API
 *   mpi_worker.c  ranks 1..N-1: the constructor that turns them into
 *                 workers, and their loop
 *
 * Wire protocol, on a duplicate of MPI_COMM_WORLD (errors returned, not
 * fatal), all messages MPI_BYTE:
 *   tag 0 (control), rank 0 -> worker: ctrl_msg_t; the worker answers
 *     each with an int on tag 0 (0 or a failure).
 *   tag 1+k, rank 0 -> worker: a job for the worker's k-th slot: the
 *     job's own bytes, its ac_job_t header overwritten by a wire_hdr_t
 *     (the header's private part is unused while the job is away).
 *   tag 1+k, worker -> rank 0: the same bytes after the job ran, the
 *     wire header telling the outcome. Slots run their jobs in order, so
 *     a result is always for the oldest job rank 0 sent on that tag.
 */
#ifndef AC_MPI_INTERNAL_H
#define AC_MPI_INTERNAL_H

#include <mpi.h>
#include <stdint.h>

#include "asyncc_mpi.h"
#include "pool.h"

enum { TAG_CTRL = 0, TAG_JOB0 = 1 };
/* MPI guarantees tags up to 32767. */
#define AC_MPI_MAX_PER_RANK 1024

enum {
  CTRL_POOL = 1,     /* start per_rank slots, run the initializer */
  CTRL_POOL_END = 2, /* the pool is gone: stop the slots */
  CTRL_EXIT = 3      /* finalize MPI and leave (no answer) */
};

typedef struct {
  int32_t op;
  int32_t per_rank;
  uint64_t init;    /* ac__addr_ref of the initializer, 0: none */
  uint64_t initarg; /* ac__addr_ref of its argument */
} ctrl_msg_t;

typedef struct {
  uint64_t run;   /* rank 0 -> worker: ac__addr_ref of the run function */
  int64_t ran_ns; /* worker -> rank 0: how long the job ran */
  int32_t err;    /* worker -> rank 0: 0, or why the job failed */
  int32_t unused;
} wire_hdr_t;

_Static_assert(sizeof(wire_hdr_t) <= sizeof(ac_job_t),
               "the wire header lives in the job's header");

/* The launcher's view of this process (environment only, no MPI call). */
int ac__mpi_env_rank(void);
int ac__mpi_env_size(void);

/* Sleeps about NS nanoseconds (the polling loops' back-off). */
void ac__mpi_nap(long ns);

#endif /* AC_MPI_INTERNAL_H */
