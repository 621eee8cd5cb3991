/* asyncc_mpi.h - process pools whose workers are MPI ranks
 * (library asyncc_mpi: pkg-config asyncc-mpi, CMake asyncc::asyncc_mpi).
 *
 * Python's mpi4py.futures.MPIPoolExecutor for asyncc. Start the program
 * with an MPI launcher:
 *
 *   mpirun -np 3 ./prog          (Open MPI: add --oversubscribe when the
 *                                 host has fewer cores than ranks)
 *
 * Rank 0 runs main and the loop. Every other rank becomes a worker before
 * main (a constructor of this library) and never runs main. On rank 0,
 *
 *   ac_pool_t *pool;
 *   if (ac_mpi_pool_new(&pool, NULL) != 0) ...
 *   long v = await in_process(pool, fib(30));     // async code
 *   f = ac_pool_submit_copy(pool, fn, &arg, ...);   // or plain C
 *
 * gives a pool with one worker per worker rank (workers_per_rank more);
 * it is an ac_pool_t like any process pool: in_process, submit_copy, map,
 * as_completed, wait, cancel, shutdown and ac_pool_free work on it
 * unchanged. Jobs travel as they do to a local worker process: their
 * bytes are copied there and back, pointers do not cross, and functions
 * are named by their offset in the program (or library) that holds them,
 * so each rank may load at other addresses (ASLR, PIE) as long as every
 * rank runs the same binary. At exit, rank 0 tells every worker rank to
 * leave: all ranks call MPI_Finalize and mpirun exits 0.
 *
 * Only one MPI pool exists at a time (it takes every worker rank); after
 * ac_pool_free another may be created. The program must make no MPI
 * calls of its own (this library initializes and finalizes MPI).
 * See docs/mpi.md.
 */
#ifndef ASYNCC_MPI_H
#define ASYNCC_MPI_H

#include <asyncc.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Failures of ac_mpi_pool_new besides asyncc's own (AC_EINVAL, AC_EBUSY). */
#define AC_MPI_ENOTLAUNCHED (-7001) /* no MPI launcher started this program */
#define AC_MPI_ENOWORKERS (-7002)   /* started with a single rank */
#define AC_MPI_EINIT (-7003)        /* MPI_Init_thread failed */

typedef struct ac_mpi_pool_options_s {
  int workers_per_rank;  /* workers (threads) on each worker rank; 0 = 1 */
  /* Run once in each worker before its first job, or NULL. INITARG must
   * be NULL or point to static data of the program (it is sent by name,
   * as functions are). */
  void (*initializer)(void *arg);
  void *initarg;
  /* Not started by an MPI launcher: 0 = fail with AC_MPI_ENOTLAUNCHED;
   * 1 = give a local process pool (ac_process_pool_new) of local_workers
   * workers (0: one per core) instead. */
  int fallback_local;
  int local_workers;
} ac_mpi_pool_options_t;

/* Rank 0: creates an MPI pool in *POOL (OPT NULL: defaults). Returns 0,
 * AC_MPI_ENOTLAUNCHED (plain ./prog, no fallback asked), AC_MPI_ENOWORKERS
 * (one rank), AC_MPI_EINIT, AC_EBUSY (an MPI pool exists already),
 * AC_EINVAL (bad options), AC_ENOTSUP (called on a worker rank). Any
 * thread. Free it with ac_pool_free. */
int ac_mpi_pool_new(ac_pool_t **pool, const ac_mpi_pool_options_t *opt);

/* This process's rank as the launcher's environment gives it, -1 when no
 * MPI launcher started it (main only ever sees 0 or -1). */
int ac_mpi_rank(void);
/* The number of ranks the launcher started, -1 when none or unknown. */
int ac_mpi_world_size(void);

/* Names CODE: the AC_MPI_* codes here, every other one as ac_strerror. */
const char *ac_mpi_strerror(int code);

#ifdef __cplusplus
}
#endif

#endif /* ASYNCC_MPI_H */
