//! \file
//! \brief IF_curr_exp's 32-bit-lane tick (lanes_lif_exp.h) against the components' own
//!        functions (lif_board.h, exp_current.h, static_threshold.h) applied neuron by
//!        neuron in neuron_step's order: every state word, ring entry and spike flag equal,
//!        for random values over the whole int32 range (saturating adds, clamped products),
//!        every ring shift, and core sizes that leave 0-15 neurons for the masked tail.
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "fixed_point.h"
#include "neuron/lif_board.h"
#include "synapse/exp_current.h"
#include "threshold/static_threshold.h"
#include "lanes_lif_exp.h"

#ifdef LANES_LIF_EXP

//! neuron_step (neuron_core_impl.h), fused and plain, for these components.
static void reference_tick(size_t n, int32_t *ns, int32_t *ss, uint16_t *ring, uint8_t *fired,
                           const lif_board_params_t *p, const exp_current_params_t *sp,
                           const static_threshold_params_t *th, const uint32_t *shift) {
    for (size_t i = 0; i < n; i++) {
        lif_board_state_t s;
        exp_current_state_t syn;
        lif_board_state_get(&s, ns, n, i);
        exp_current_state_get(&syn, ss, n, i);
        s1615 input[2];
        for (size_t t = 0; t < 2; t++) {
            input[t] = (s1615) ((uint32_t) ring[t * n + i] << shift[t]);
            ring[t * n + i] = 0;
        }
        synapse_add(sp, &syn, input);
        s1615 dv = synapse_current(sp, &syn, neuron_v(&s));
        (void) neuron_update(p, &s, dv, 0);
        synapse_advance(sp, &syn);
        int crossed = threshold_crossed(th, neuron_v(&s), 0);
        lif_board_state_t reset = s;
        neuron_spiked(p, &reset);
        lif_board_state_choose(&s, &reset, crossed);
        lif_board_state_put(&s, ns, n, i);
        exp_current_state_put(&syn, ss, n, i);
        fired[i] = (uint8_t) crossed;
    }
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint32_t next32(void) {   // xorshift64*
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t) ((rng_state * 0x2545F4914F6CDD1Dull) >> 32);
}

//! A value from a mix of scales: small, mid-sized, full range, and the limits.
static int32_t any32(void) {
    switch (next32() % 6u) {
    case 0: return (int32_t) (next32() % 2001u) - 1000;
    case 1: return (int32_t) (next32() >> 8) - (1 << 23);
    case 2: return (next32() & 1u) ? INT32_MAX - (int32_t) (next32() % 4u)
                                   : INT32_MIN + (int32_t) (next32() % 4u);
    default: return (int32_t) next32();
    }
}

#define MAX_N 230

static void compare_sizes(int realistic) {
    static int32_t ns[2][2 * MAX_N], ss[2][2 * MAX_N];
    static uint16_t ring[2][2 * MAX_N];
    static uint8_t fired[2][MAX_N];
    static const size_t sizes[] = {1, 2, 15, 16, 17, 31, 32, 47, 210, MAX_N};
    for (uint32_t trial = 0; trial < 400u; trial++) {
        size_t n = sizes[trial % (sizeof sizes / sizeof sizes[0])];
        lif_board_params_t p;
        exp_current_params_t sp;
        static_threshold_params_t th;
        uint32_t shift[2] = {next32() % 16u, next32() % 16u};
        if (realistic) {   // IF_curr_exp at dt 0.1 ms, v around -65 mV (s16.15)
            p = (lif_board_params_t) {-65 * 32768, -65 * 32768, 32440, 40 * 32768, 11469, 20};
            sp = (exp_current_params_t) {4197489000u, 4197489000u, 4246000000u,
                                         4246000000u};
            th.v_thresh = -50 * 32768;
        } else {
            p = (lif_board_params_t) {any32(), any32(), any32(), any32(), any32(),
                                      (int32_t) (next32() % 8u)};
            sp = (exp_current_params_t) {next32(), next32(), next32(), next32()};
            th.v_thresh = any32();
        }
        for (size_t i = 0; i < n; i++) {
            if (realistic) {
                ns[0][i] = -70 * 32768 + (int32_t) (next32() % (25u << 15));
                ss[0][i] = (int32_t) (next32() % (4u << 15));
                ss[0][n + i] = (int32_t) (next32() % (4u << 15));
            } else {
                ns[0][i] = any32();
                ss[0][i] = any32();
                ss[0][n + i] = any32();
            }
            ns[0][n + i] = (int32_t) (next32() % 9u) - 3;   // refractory or not
            ring[0][i] = (uint16_t) next32();
            ring[0][n + i] = (uint16_t) ((next32() & 1u) ? next32() : next32() % 64u);
        }
        if (realistic == 2) {   // one neuron near the limits among realistic ones: its
            size_t j = next32() % n;   // block must take the saturating arithmetic
            ns[0][j] = any32();
            ss[0][j] = any32();
            ss[0][n + j] = any32();
        }
        memcpy(ns[1], ns[0], sizeof ns[0]);
        memcpy(ss[1], ss[0], sizeof ss[0]);
        memcpy(ring[1], ring[0], sizeof ring[0]);
        memset(fired, 0xA5, sizeof fired);   // (beyond n: must stay untouched)
        reference_tick(n, ns[0], ss[0], ring[0], fired[0], &p, &sp, &th, shift);
        lanes_lif_exp_tick(n, ns[1], ss[1], ring[1], fired[1], &p, &sp, &th, shift);
        int same = memcmp(ns[0], ns[1], sizeof ns[0]) == 0 &&
            memcmp(ss[0], ss[1], sizeof ss[0]) == 0 &&
            memcmp(ring[0], ring[1], sizeof ring[0]) == 0 &&
            memcmp(fired[0], fired[1], sizeof fired[0]) == 0;
        if (!same) {
            printf("  trial %u, n %zu: lanes differ from the reference\n", trial, n);
        }
        CHECK(same);
    }
}

static void test_lanes_match_components_on_any_values(void) {
    compare_sizes(0);
}

static void test_lanes_match_components_on_realistic_values(void) {
    compare_sizes(1);
}

//! Realistic neurons and, in each trial, one with values anywhere: the block that holds it
//! saturates (lanes_lif_exp_block_wrap declines it), the others wrap-free.
static void test_lanes_match_components_with_one_saturating_neuron(void) {
    compare_sizes(2);
}

//! The saturating helpers at their limits, against fixed_point.h.
__attribute__((target("avx512f,avx512bw,avx512vl,avx512dq")))
static void test_lanes_arithmetic_limits(void) {
    static const int32_t edge[] = {0, 1, -1, 2, -2, 32767, -32768, 32768, 1 << 30, -(1 << 30),
                                   INT32_MAX, INT32_MAX - 1, INT32_MIN, INT32_MIN + 1};
    const size_t k = sizeof edge / sizeof edge[0];
    int32_t a[16], b[16], out[4][16];
    for (size_t x = 0; x < k; x++) {
        for (size_t y0 = 0; y0 < k; y0 += 16u) {
            size_t m = (k - y0 < 16u) ? k - y0 : 16u;
            for (size_t j = 0; j < 16u; j++) {
                a[j] = edge[x];
                b[j] = edge[y0 + j % m];
            }
            __m512i va = _mm512_loadu_si512(a), vb = _mm512_loadu_si512(b);
            __m512i vx = _mm512_set1_epi32(b[0]);
            _mm512_storeu_si512(out[0], lanes_add_sat(va, vb));
            _mm512_storeu_si512(out[1], lanes_sub_sat(va, vb));
            _mm512_storeu_si512(out[2], lanes_mul_u032_floor(vb, va));
            _mm512_storeu_si512(out[3], lanes_mul_s1615_floor(vb, vx));
            for (size_t j = 0; j < m; j++) {
                CHECK_EQ(out[0][j], add_s1615(a[j], b[j]));
                CHECK_EQ(out[1][j], sub_s1615(a[j], b[j]));
                CHECK_EQ(out[2][j], mul_u032_floor(b[j], (u032) a[j]));
                CHECK_EQ(out[3][j], mul_s1615_floor(b[j], b[0]));
            }
        }
    }
}

#endif  // LANES_LIF_EXP

int main(void) {
#ifdef LANES_LIF_EXP
    if (lanes_lif_exp_available()) {
        RUN(test_lanes_arithmetic_limits);
        RUN(test_lanes_match_components_on_any_values);
        RUN(test_lanes_match_components_on_realistic_values);
        RUN(test_lanes_match_components_with_one_saturating_neuron);
    } else {
        printf("skip   lanes: this CPU has no AVX-512 F/BW/VL/DQ\n");
    }
#else
    printf("skip   lanes: no 32-bit-lane loop on this architecture\n");
#endif
    return harness_summary("lanes");
}
