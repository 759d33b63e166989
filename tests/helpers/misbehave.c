/*
 * misbehave.c — a program that breaks one promise on purpose, so that
 * tests/harness.sh can prove each check of tests/lib.sh really fails.
 *
 * Usage: misbehave leftover|shm|sysv|fd|leak|race|crash|hang|garbage|ok
 */
#define _DEFAULT_SOURCE              /* shmget's IPC_PRIVATE flags, in glibc */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

#include "common.h"

void *volatile lost;                  /* volatile: the malloc must happen */
volatile long racy_counter;           /* volatile: one load and store per ++ */

static void *add_without_lock(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100000; i++)
        racy_counter++;
    return NULL;
}

static void race(void)
{
    pthread_t t;
    int err = pthread_create(&t, NULL, add_without_lock, NULL);
    if (err != 0)
        die_code(err, "pthread_create");
    add_without_lock(NULL);
    pthread_join(t, NULL);
}

int main(int argc, char *argv[])
{
    set_program_name(argv[0]);
    const char *how = argc > 1 ? argv[1] : "";
    if (strcmp(how, "leftover") == 0) {       /* a child nobody waits for */
        fflush(stdout);
        if (fork() == 0) {
            sleep_ms(30000);
            _exit(0);
        }
    } else if (strcmp(how, "shm") == 0) {     /* a name never unlinked */
        char name[64];
        snprintf(name, sizeof name, "/mpc-misbehave-%ld", (long)getpid());
        int fd = shm_open(name, O_CREAT | O_RDWR, 0600);
        if (fd == -1)
            die_errno("shm_open");
        close(fd);
    } else if (strcmp(how, "sysv") == 0) {    /* a segment never removed */
        if (shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600) == -1)
            die_errno("shmget");
    } else if (strcmp(how, "fd") == 0) {      /* an fd never closed */
        if (open("/dev/null", O_RDONLY) == -1)
            die_errno("open");
    } else if (strcmp(how, "leak") == 0) {    /* memory nobody can free */
        lost = malloc(64);
        lost = NULL;
    } else if (strcmp(how, "race") == 0) {    /* two threads, one counter, no lock */
        race();
    } else if (strcmp(how, "crash") == 0) {   /* a crash on bad input */
        raise(SIGSEGV);
    } else if (strcmp(how, "hang") == 0) {    /* deaf to Ctrl-C */
        signal(SIGINT, SIG_IGN);
        sleep_ms(5000);
    } else if (strcmp(how, "garbage") == 0) { /* partial output, then exit 2 */
        printf("result: 4");
        usage_error("bad argument, found too late");
    } else if (strcmp(how, "ok") != 0) {
        usage_error("unknown way to misbehave '%s'", how);
    }
    return 0;
}
