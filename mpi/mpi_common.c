/* mpi_common.c - what both sides of the MPI pool use: the launcher's
 * environment and the polling loops' nap.
 *
 * Whether a launcher started us must be known before main and before any
 * MPI call (a worker rank decides in a constructor, and a plain ./prog
 * must not initialize MPI at all), so it is read from the environment the
 * launchers set: Open MPI's mpirun (OMPI_COMM_WORLD_*), MPICH's and Intel
 * MPI's hydra (PMI_RANK, PMI_SIZE), PMIx launchers such as Slurm's srun
 * --mpi=pmix (PMIX_RANK), and srun in general (SLURM_PROCID within a job
 * step, whose size is SLURM_STEP_NUM_TASKS).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <time.h>

#include "mpi_internal.h"

static int env_int(const char *name) {
  const char *v = getenv(name);
  char *end;
  long n;
  if (v == NULL || *v == '\0') return -1;
  n = strtol(v, &end, 10);
  return *end == '\0' && n >= 0 && n < 1 << 30 ? (int)n : -1;
}

int ac__mpi_env_rank(void) {
  static const char *const names[] = {"OMPI_COMM_WORLD_RANK", "PMI_RANK",
                                      "PMIX_RANK", NULL};
  int r;
  for (int i = 0; names[i] != NULL; i++)
    if ((r = env_int(names[i])) >= 0) return r;
  if (getenv("SLURM_STEP_NUM_TASKS") != NULL) return env_int("SLURM_PROCID");
  return -1;
}

int ac__mpi_env_size(void) {
  static const char *const names[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE",
                                      "SLURM_STEP_NUM_TASKS", NULL};
  int n;
  for (int i = 0; names[i] != NULL; i++)
    if ((n = env_int(names[i])) >= 0) return n;
  return -1;
}

int ac_mpi_rank(void) { return ac__mpi_env_rank(); }

int ac_mpi_world_size(void) {
  return ac__mpi_env_rank() < 0 ? -1 : ac__mpi_env_size();
}

void ac__mpi_nap(long ns) {
  struct timespec ts;
  ts.tv_sec = ns / 1000000000L;
  ts.tv_nsec = ns % 1000000000L;
  nanosleep(&ts, NULL);
}

const char *ac_mpi_strerror(int code) {
  switch (code) {
  case AC_MPI_ENOTLAUNCHED:
    return "not started by an MPI launcher (mpirun, mpiexec, srun): "
           "no worker ranks";
  case AC_MPI_ENOWORKERS:
    return "the MPI job has a single rank: no worker ranks (use -np 2 or more)";
  case AC_MPI_EINIT:
    return "MPI initialization failed";
  default:
    return ac_strerror(code);
  }
}
