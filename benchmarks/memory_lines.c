//! \file
//! \brief What a random cache line costs on this host: the floor under the packet path.
//!
//! The run phase of a big network reads, per delivered row, the row (somewhere in
//! gigabytes of synaptic matrices) and a few ring-buffer lines (megabytes of ring buffers in
//! all), each a random line.  This measures, per buffer size, in thread CPU time:
//! - dependent: a chain of random loads (latency, nothing overlaps);
//! - independent: random 16-bit read-modify-writes with no help (the core's own overlap);
//! - prefetched: the same with each line prefetched D adds ahead (what the delivery pipeline
//!   does): the throughput of the memory system, the best a packet path can reach.
//! Buffers of 2 MB or more at a 2 MB boundary with MADV_HUGEPAGE (as hostmem.c places the
//! matrices); `0` as the second argument forbids huge pages instead.
//!
//!     gcc -O2 -o build/memory_lines benchmarks/memory_lines.c
//!     build/memory_lines 1024 [1]      (MB, huge pages)
#define _DEFAULT_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define N 4000000u

static double cpu_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double) t.tv_sec + 1e-9 * (double) t.tv_nsec;
}

static uint64_t xorshift(uint64_t *s) {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s MB [huge 1|0]\n", argv[0]);
        return 2;
    }
    size_t bytes = (size_t) (atof(argv[1]) * 1048576.0);
    int huge = argc < 3 || atoi(argv[2]) != 0;
    size_t lines = bytes / 64u;
    if (lines < 2) {
        fprintf(stderr, "at least 128 bytes\n");
        return 2;
    }
    uint8_t *b = NULL;
    uint32_t *perm = malloc(lines * sizeof(uint32_t));
    uint32_t *idx = malloc(N * sizeof(uint32_t));
    if (posix_memalign((void **) &b, 1u << 21, bytes) != 0 || perm == NULL || idx == NULL) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    (void) madvise(b, bytes, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
    memset(b, 1, bytes);
    uint64_t s = 88172645463325252ull;
    for (size_t i = 0; i < lines; i++) {
        perm[i] = (uint32_t) i;
    }
    for (size_t i = lines - 1; i > 0; i--) {   // one random cycle through every line
        size_t j = xorshift(&s) % (i + 1);
        uint32_t t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    for (size_t i = 0; i < lines; i++) {
        *(uint64_t *) (b + (size_t) perm[i] * 64u) = (uint64_t) perm[(i + 1) % lines] * 64u;
    }
    for (size_t i = 0; i < N; i++) {
        idx[i] = (uint32_t) (xorshift(&s) % lines);
    }
    uint64_t p = 0;
    double t0 = cpu_now();
    for (size_t i = 0; i < N / 4u; i++) {
        p = *(volatile uint64_t *) (b + p);
    }
    double dependent = (cpu_now() - t0) / (N / 4u) * 1e9;
    t0 = cpu_now();
    for (size_t i = 0; i < N; i++) {
        (*(uint16_t *) (b + (size_t) idx[i] * 64u))++;
    }
    double independent = (cpu_now() - t0) / N * 1e9;
    printf("%8.1f MB %s pages: dependent %6.1f ns, independent %5.1f ns, prefetched",
           (double) bytes / 1048576.0, huge ? "2 MB" : "4 kB", dependent, independent);
    static const unsigned ahead[] = {8u, 16u, 32u, 64u};
    for (unsigned a = 0; a < 4u; a++) {
        t0 = cpu_now();
        for (size_t i = 0; i < N; i++) {
            if (i + ahead[a] < N) {
                __builtin_prefetch(b + (size_t) idx[i + ahead[a]] * 64u, 1);
            }
            (*(uint16_t *) (b + (size_t) idx[i] * 64u))++;
        }
        printf(" D=%u %.1f ns%s", ahead[a], (cpu_now() - t0) / N * 1e9, a < 3u ? "," : "");
    }
    printf("  per line (%llu)\n", (unsigned long long) (p & 1u));
    free(b);
    free(perm);
    free(idx);
    return 0;
}
