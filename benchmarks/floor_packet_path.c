// The run phase's floor on this host, without the simulator: one thread's share of the
// full-scale canonical microcircuit's memory traffic per tick, replayed on synthetic data
// with the same sizes (benchmarks/README.md, "Run phase (session 9)": measured numbers).
//
// Per tick, one thread: ROWS non-empty rows of WORDS synaptic words read from random places
// of a MATRIX_MB arena (2 MB pages), their adds either
//   ring:  a saturating read-modify-write into CORES rings of 32 slots x 2 types x 256
//          16-bit entries (today's VM), or
//   queue: appended to one of 32 per-thread delay-slot queues (index, weight) and applied,
//          slot by slot, into the cores' slot planes before the neurons read them, or
//   stream: the same with 8-byte entries staged per slot in one L1 line and written out
//          with non-temporal stores (no read for ownership of the queue's lines);
// FILTERED packets that only test a bit in a BITFIELD_KB bitfield; then every core's
// neurons: STATE bytes each read and written (a stand-in for the update), and its slot
// plane read and cleared.
//
//   gcc -O2 -o floor_packet_path benchmarks/floor_packet_path.c
//   ./floor_packet_path ring|queue|stream [ticks 2000] [state_bytes 48] [rows 3400] [words 14]
// prints CPU seconds per simulated second (10,000 ticks of 0.1 ms) for one thread, and the
// shares of the four phases (rdtsc).
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <x86intrin.h>

#define CORES 151u
#define NEURONS 256u
#define SLOTS 32u
#define TYPES 2u
#define MATRIX_MB 1200u
#define FILTERED 2450u
#define BITFIELD_KB 1400u
#define PREFETCH 16u

static uint64_t rng = 88172645463325252ull;
static inline uint32_t next(void) {
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return (uint32_t) (rng >> 16);
}

static void *big(size_t bytes) {
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { perror("mmap"); exit(1); }
    madvise(p, bytes, MADV_HUGEPAGE);
    memset(p, 0, bytes);
    return p;
}

typedef struct { uint32_t *idx; uint16_t *w; uint32_t n, cap; } queue_t;

// "stream": per slot a 64-byte staging line (8 entries of (index << 16 | weight)), written
// to the slot's queue with non-temporal stores when full (no read for ownership)
typedef struct { uint64_t stage[8] __attribute__((aligned(64))); uint64_t *q; uint32_t n, s; } squeue_t;

static inline void spush(squeue_t *q, uint64_t e) {
    q->stage[q->s++] = e;
    if (q->s == 8u) {
        __m128i *to = (__m128i *) &q->q[q->n];
        const __m128i *from = (const __m128i *) q->stage;
        _mm_stream_si128(to, from[0]); _mm_stream_si128(to + 1, from[1]);
        _mm_stream_si128(to + 2, from[2]); _mm_stream_si128(to + 3, from[3]);
        q->n += 8u;
        q->s = 0;
    }
}

static inline void push(queue_t *q, uint32_t idx, uint16_t w) {
    if (q->n == q->cap) {
        q->cap = q->cap ? 2 * q->cap : 4096;
        q->idx = realloc(q->idx, q->cap * sizeof(uint32_t));
        q->w = realloc(q->w, q->cap * sizeof(uint16_t));
    }
    if ((q->n & 15u) == 0 && q->n + 64u < q->cap) {   // the tails' next lines, for writing
        __builtin_prefetch(&q->idx[q->n + 48u], 1);
        __builtin_prefetch(&q->w[q->n + 48u], 1);
    }
    q->idx[q->n] = idx;
    q->w[q->n++] = w;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: %s ring|queue|stream [ticks] [state] [rows] [words]\n", argv[0]); return 2; }
    int queued = strcmp(argv[1], "queue") == 0, streamed = strcmp(argv[1], "stream") == 0;
    uint32_t ticks = argc > 2 ? (uint32_t) atoi(argv[2]) : 2000u;
    uint32_t state = argc > 3 ? (uint32_t) atoi(argv[3]) : 48u;
    uint32_t rows = argc > 4 ? (uint32_t) atoi(argv[4]) : 3400u;
    uint32_t words = argc > 5 ? (uint32_t) atoi(argv[5]) : 14u;
    size_t mwords = (size_t) MATRIX_MB << 18;
    uint32_t *matrix = big(mwords * 4);
    for (size_t i = 0; i < mwords; i++) {
        // word: weight 16 | delay 5 | type 1 | neuron 8 (delays 1..31)
        uint32_t r = next();
        matrix[i] = (r & 0xFFu) << 16 | (1u + (r >> 8) % 31u) << 11 | ((r >> 13) & 1u) << 8 |
            ((r >> 14) & 0xFFu);
    }
    size_t plane = TYPES * NEURONS;                         // one slot of one core
    uint16_t *ring = big((size_t) CORES * SLOTS * plane * 2);
    uint8_t *neurons = big((size_t) CORES * NEURONS * state);
    uint64_t *bits = big((size_t) BITFIELD_KB * 1024);
    queue_t q[SLOTS];
    memset(q, 0, sizeof(q));
    static squeue_t sq[SLOTS];
    for (uint32_t k = 0; streamed && k < SLOTS; k++) {
        sq[k].q = big((size_t) 8 << 20);
    }
    uint32_t *row_at = malloc(rows * sizeof(uint32_t)), *core_of = malloc(rows * sizeof(uint32_t));
    uint64_t sum = 0, saturated = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    uint64_t ph[4] = {0, 0, 0, 0}, c0;
    for (uint32_t t = 0; t < ticks; t++) {
        uint32_t slot = t % SLOTS;
        c0 = __rdtsc();
        // 1. the timer phase: this slot's queued adds into the planes, then each core's update
        if (streamed) {
            squeue_t *s = &sq[slot];
            for (uint32_t k = 0; k < s->s; k++) {   // the staged tail, then the streamed part
                s->q[s->n + k] = s->stage[k];
            }
            uint32_t n = s->n + s->s;
            for (uint32_t k = 0; k < n; k++) {
                uint64_t e = s->q[k];
                uint32_t i = (uint32_t) (e >> 16);
                if (k + 32u < n) {
                    uint32_t a = (uint32_t) (s->q[k + 32u] >> 16);
                    __builtin_prefetch(&ring[((size_t) (a >> 9) * SLOTS + slot) * plane +
                                             (a & 511u)], 1);
                }
                uint16_t *p = &ring[((size_t) (i >> 9) * SLOTS + slot) * plane + (i & 511u)];
                uint32_t v = (uint32_t) *p + (uint32_t) (e & 0xFFFFu);
                saturated += v >> 16;
                *p = (uint16_t) (v > 0xFFFFu ? 0xFFFFu : v);
            }
            s->n = 0;
            s->s = 0;
        }
        if (queued) {
            queue_t *s = &q[slot];
            for (uint32_t k = 0; k < s->n; k++) {
                uint32_t i = s->idx[k];
                if (k + 32u < s->n) {
                    uint32_t a = s->idx[k + 32u];
                    __builtin_prefetch(&ring[((size_t) (a >> 9) * SLOTS + slot) * plane +
                                             (a & 511u)], 1);
                }
                uint16_t *e = &ring[((size_t) (i >> 9) * SLOTS + slot) * plane + (i & 511u)];
                uint32_t v = (uint32_t) *e + s->w[k];
                saturated += v >> 16;
                *e = (uint16_t) (v > 0xFFFFu ? 0xFFFFu : v);
            }
            s->n = 0;
        }
        ph[0] += __rdtsc() - c0; c0 = __rdtsc();
        for (uint32_t c = 0; c < CORES; c++) {
            uint16_t *p = &ring[((size_t) c * SLOTS + slot) * plane];
            uint8_t *ns = &neurons[(size_t) c * NEURONS * state];
            for (uint32_t n = 0; n < NEURONS; n++) {
                uint32_t *v = (uint32_t *) &ns[(size_t) n * state];
                v[0] = v[0] - (v[0] >> 4) + p[n] + p[NEURONS + n];
                v[state / 8] += v[0] & 1u;
            }
            memset(p, 0, plane * 2);
        }
        ph[1] += __rdtsc() - c0; c0 = __rdtsc();
        // 2. this tick's packets: filtered ones test a bit, the others' rows are added
        for (uint32_t k = 0; k < FILTERED; k++) {
            uint32_t b = next() % (BITFIELD_KB * 8192u);
            sum += (bits[b >> 6] >> (b & 63u)) & 1u;
        }
        ph[2] += __rdtsc() - c0; c0 = __rdtsc();
        for (uint32_t r = 0; r < rows; r++) {
            row_at[r] = next() % (uint32_t) (mwords - words);
            core_of[r] = (uint32_t) (((uint64_t) r * CORES) / rows);   // rows sorted by core
        }
        for (uint32_t r = 0; r < rows; r++) {
            if (r + PREFETCH < rows) {
                __builtin_prefetch(&matrix[row_at[r + PREFETCH]]);
                __builtin_prefetch(&matrix[row_at[r + PREFETCH] + 15]);
            }
            const uint32_t *row = &matrix[row_at[r]];
            uint32_t c = core_of[r];
            if (!queued && !streamed && r + PREFETCH / 2 < rows) {
                const uint32_t *ahead = &matrix[row_at[r + PREFETCH / 2]];
                uint32_t ca = core_of[r + PREFETCH / 2];
                for (uint32_t s = 0; s < words; s++) {
                    uint32_t w = ahead[s], d = (w >> 11) & 31u;
                    __builtin_prefetch(&ring[((size_t) ca * SLOTS + ((t + d) % SLOTS)) * plane +
                                             (w & 511u)], 1);
                }
            }
            for (uint32_t s = 0; s < words; s++) {
                uint32_t w = row[s], d = (w >> 11) & 31u;
                if (streamed) {
                    spush(&sq[(t + d) % SLOTS], (uint64_t) (c << 9 | (w & 511u)) << 16 | (w >> 16));
                } else if (queued) {
                    push(&q[(t + d) % SLOTS], c << 9 | (w & 511u), (uint16_t) (w >> 16));
                } else {
                    uint16_t *e = &ring[((size_t) c * SLOTS + ((t + d) % SLOTS)) * plane +
                                        (w & 511u)];
                    uint32_t v = (uint32_t) *e + (w >> 16);
                    saturated += v >> 16;
                    *e = (uint16_t) (v > 0xFFFFu ? 0xFFFFu : v);
                }
            }
        }
        ph[3] += __rdtsc() - c0;
    }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    double s = (double) (t1.tv_sec - t0.tv_sec) + 1e-9 * (double) (t1.tv_nsec - t0.tv_nsec);
    printf("%s: %u ticks, %u rows x %u words + %u filtered a tick, %u-byte neurons: "
           "%.2f s CPU per simulated second (one thread), %.1f ns a row  [%llu %llu]\n",
           argv[1], ticks, rows, words, FILTERED, state, s * 10000.0 / ticks,
           1e9 * s / ((double) ticks * rows), (unsigned long long) sum,
           (unsigned long long) saturated);
    uint64_t all = ph[0] + ph[1] + ph[2] + ph[3];
    printf("  shares: apply %.0f %%, neurons %.0f %%, filtered %.0f %%, rows %.0f %%\n",
           100.0 * ph[0] / all, 100.0 * ph[1] / all, 100.0 * ph[2] / all, 100.0 * ph[3] / all);
    return 0;
}
