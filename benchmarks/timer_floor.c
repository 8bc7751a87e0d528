//! \file
//! \brief The timer phase's floor at the full-scale microcircuit's footprint: IF_curr_exp's
//!        32-bit-lane tick (lanes_lif_exp.h) over one thread's cores, hot and cold.
//!
//! One thread of the full-scale run owns ~153 neuron cores of ~253 neurons.  Per core and
//! tick the timer phase reads and writes the neuron state (v, refract_timer, isyn_exc,
//! isyn_inh: 16 B a neuron), reads and clears the tick's ring plane (2 types x 2 B) and
//! writes one flag byte: ~41 B of traffic a neuron-tick.  Between two ticks the packet path
//! streams megabytes of rows and ring lines through the 2 MB L2, so in the real run each
//! core's state comes back from memory every tick.  Measured here, in thread CPU time of
//! the kernel alone (the eviction sweep between ticks is not timed):
//! - hot: no eviction (the state of all cores stays in L2 + L3): the arithmetic's floor;
//! - cold: a sweep of E MB between ticks (as the packet path would);
//! - cold + prefetch: as cold, each core's state and ring plane prefetched one core ahead
//!   (what the scheduler can do while the previous core's timer runs);
//! - stream: the same bytes read and written by a plain loop (no arithmetic), cold: the
//!   memory system's floor for this footprint.
//!
//! The modes take turns tick by tick (each on its own copy of the state), so that the
//! host's load moves all four alike.
//!
//!     gcc -O3 -march=native -Ineural_modelling/include -Ic_models
//!         -o build/timer_floor benchmarks/timer_floor.c
//!     build/timer_floor [cores 153] [neurons 253] [ticks 2000] [evict_mb 8]
#define _DEFAULT_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "fixed_point.h"
#include "neuron/lif_board.h"
#include "synapse/exp_current.h"
#include "threshold/static_threshold.h"
#include "lanes_lif_exp.h"

#define RING_SLOTS 32u
#ifndef AHEAD
#define AHEAD 1u   //!< cores ahead whose state is prefetched (mode 2)
#endif

typedef struct {
    int32_t *ns, *ss;
    uint16_t *ring;
    uint8_t *fired;
} core_state_t;

static double cpu_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double) t.tv_sec + 1e-9 * (double) t.tv_nsec;
}

static void *alloc_lines(size_t bytes) {
    void *p = NULL;
    if (posix_memalign(&p, 64, bytes + 64) != 0) {
        abort();
    }
    return p;
}

//! Every line of [p, p + bytes) towards L2 (prefetcht1: the next core's state must not
//! push the current core's out of L1).
static void prefetch_span(const void *p, size_t bytes) {
    const char *b = p;
    for (size_t o = 0; o < bytes; o += 64) {
        __builtin_prefetch(b + o, 0, 2);
    }
}

//! The stream floor: the same lines read and written, one add a word.
static void stream_core(size_t n, int32_t *restrict ns, int32_t *restrict ss,
                        uint16_t *restrict ring, uint8_t *restrict fired) {
    uint32_t acc = 0;
    for (size_t i = 0; i < 2 * n; i++) {
        ns[i] += 1;
        ss[i] += 1;
        acc += ring[i];
        ring[i] = 0;
    }
    memset(fired, (int) (acc & 1u), n);
}

static volatile uint64_t sink;

//! Touch every line of the sweep buffer (read and write: the packet path's ring adds).
static void evict(uint8_t *buf, size_t bytes) {
    uint64_t acc = 0;
    for (size_t o = 0; o < bytes; o += 64) {
        acc += buf[o];
        buf[o] = (uint8_t) acc;
    }
    sink = acc;
}

int main(int argc, char **argv) {
#ifdef LANES_LIF_EXP
    size_t cores = argc > 1 ? strtoul(argv[1], NULL, 10) : 153;
    size_t n = argc > 2 ? strtoul(argv[2], NULL, 10) : 253;
    size_t ticks = argc > 3 ? strtoul(argv[3], NULL, 10) : 2000;
    size_t evict_mb = argc > 4 ? strtoul(argv[4], NULL, 10) : 8;
    if (!lanes_lif_exp_available()) {
        printf("no AVX-512 on this host: nothing to measure\n");
        return 0;
    }
    // IF_curr_exp at dt 0.1 ms as the microcircuit's (values only need to be realistic)
    lif_board_params_t p = {0};
    p.v_rest = -65 * 32768;
    p.v_reset = -65 * 32768;
    p.r_membrane = 40 << 15;               // tau_m / c_m = 10 ms / 0.25 nF
    p.exp_tc = (s1615) (0.99005 * 32768);   // exp(-dt / tau_m)
    p.i_offset = (s1615) (0.40 * 32768);   // DC: fires every ~100 ticks
    p.refract_ticks = 20;
    exp_current_params_t sp = {0};
    sp.init_exc = sp.init_inh = 0xFEB851EBu;
    sp.decay_exc = sp.decay_inh = 0xF0F0F0F0u;
    static_threshold_params_t th = {0};
    th.v_thresh = -50 * 32768;
    const uint32_t shift[2] = {6, 6};

    core_state_t *all[4];
    for (int mode = 0; mode < 4; mode++) {
        core_state_t *cs = calloc(cores, sizeof(*cs));
        for (size_t k = 0; k < cores; k++) {
            cs[k].ns = alloc_lines(n * 8);
            cs[k].ss = alloc_lines(n * 8);
            cs[k].ring = alloc_lines(RING_SLOTS * 2 * n * 2);
            cs[k].fired = alloc_lines(n);
            for (size_t i = 0; i < n; i++) {
                cs[k].ns[i] = -65 * 32768 + (int32_t) ((i * 7919u + k * 104729u) % (15u << 15));
                cs[k].ns[n + i] = 0;
                cs[k].ss[i] = cs[k].ss[n + i] = 0;
            }
            memset(cs[k].ring, 0, RING_SLOTS * 2 * n * 2);
        }
        all[mode] = cs;
    }
    size_t evict_bytes = evict_mb << 20;
    uint8_t *sweep = alloc_lines(evict_bytes);
    memset(sweep, 1, evict_bytes);

    const char *names[4] = {"hot", "cold", "cold + prefetch ahead", "stream (no arithmetic), cold"};
    double spent[4] = {0, 0, 0, 0};
    for (size_t t = 0; t < ticks; t++) {
        uint32_t slot = (uint32_t) (t & (RING_SLOTS - 1u));
        for (int mode = 0; mode < 4; mode++) {
            core_state_t *cs = all[mode];
            for (size_t k = 0; k < cores; k++) {   // some input: a ring entry a core and tick
                cs[k].ring[slot * 2 * n + (t * 31u + k) % n] = 3;
            }
            if (mode > 0) {
                evict(sweep, evict_bytes);
            } else {   // the hot copy stays in cache: warm it after the other modes' sweeps
                for (size_t k = 0; k < cores; k++) {
                    prefetch_span(cs[k].ns, n * 8);
                    prefetch_span(cs[k].ss, n * 8);
                    prefetch_span(cs[k].ring + (size_t) slot * 2 * n, n * 4);
                }
            }
            double t0 = cpu_now();
            for (size_t k = 0; k < cores; k++) {
                uint16_t *ring = cs[k].ring + (size_t) slot * 2 * n;
                if (mode == 2 && k + AHEAD < cores) {
                    prefetch_span(cs[k + AHEAD].ns, n * 8);
                    prefetch_span(cs[k + AHEAD].ss, n * 8);
                    prefetch_span(cs[k + AHEAD].ring + (size_t) slot * 2 * n, n * 4);
                }
                if (mode == 3) {
                    stream_core(n, cs[k].ns, cs[k].ss, ring, cs[k].fired);
                } else {
                    lanes_lif_exp_tick(n, cs[k].ns, cs[k].ss, ring, cs[k].fired, &p, &sp, &th,
                                       shift);
                }
            }
            spent[mode] += cpu_now() - t0;
        }
    }
    for (int mode = 0; mode < 4; mode++) {
        double per = spent[mode] / ((double) ticks * (double) cores * (double) n) * 1e9;
        printf("%-30s %6.3f ns a neuron-tick  (%zu cores x %zu neurons, %zu ticks%s)\n",
               names[mode], per, cores, n, ticks, mode > 0 ? ", evicted between ticks" : "");
    }
    printf("traffic: %.1f kB of state + ring plane a tick (%.0f B a neuron)\n",
           (double) cores * (double) n * 41.0 / 1024.0, 41.0);
#else
    (void) argc;
    (void) argv;
    printf("not an x86-64 GCC build: nothing to measure\n");
#endif
    return 0;
}
