/*
 * Per-connection weight passes of the mapping, one block of a projection at a time.
 *
 * weights_stats: what the ring-buffer shifts need (mapping/ring_buffer_shifts.py) from a
 *   block of |w|: per post atom the sum of |w| and of w^2, and for the positive weights a
 *   histogram of binary exponents (frexp's), their largest value and count.  The block's
 *   sums are made in scratch arrays in connection order and then added to the totals, so
 *   they are bit for bit what np.bincount per block and an add give.
 * weights_quantise: 16-bit ring-buffer units round(|w| * scale) (ties to even, as np.rint)
 *   clipped at 65535, with the counts and sums of the quantisation report.
 * Both return -1 for an argument they cannot trust (a post index outside the atoms, an
 * exponent outside the histogram, a weight that is not finite to quantise) and touch only their arguments: threads may run them on
 * different blocks at once.
 */
#include "engine.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* frexp's exponent of a positive finite double, read from the IEEE 754 exponent field
 * (subnormal numbers have none: frexp itself) */
static inline int64_t binary_exponent(double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    const int64_t biased = (int64_t)((bits >> 52) & 0x7FF);
    if (biased == 0) {
        int e;
        (void)frexp(x, &e);
        return e;
    }
    return biased - 1022;
}

#define WEIGHTS_STATS(NAME, INDEX_T)                                                      \
int64_t NAME(const double *w, const INDEX_T *post, int64_t n, int64_t n_atoms,            \
             double *total, double *total_sq, double *scratch, double *scratch_sq,        \
             int64_t *hist, int64_t hist_len, int64_t exp_offset, double *biggest)        \
{                                                                                         \
    if (n < 0 || n_atoms < 0)                                                             \
        return -1;                                                                        \
    memset(scratch, 0, (size_t)n_atoms * sizeof *scratch);                                \
    memset(scratch_sq, 0, (size_t)n_atoms * sizeof *scratch_sq);                          \
    int64_t positive = 0;                                                                 \
    double big = *biggest;                                                                \
    for (int64_t k = 0; k < n; k++) {                                                     \
        const int64_t j = (int64_t)post[k];                                               \
        if (j < 0 || j >= n_atoms)                                                        \
            return -1;                                                                    \
        const double a = fabs(w[k]);                                                      \
        scratch[j] += a;                                                                  \
        scratch_sq[j] += a * a;                                                           \
        if (a > 0) {                                                                      \
            const int64_t slot = (isinf(a) ? 1025 : binary_exponent(a)) + exp_offset;     \
            if (slot < 0 || slot >= hist_len)                                             \
                return -1;                                                                \
            hist[slot]++;                                                                 \
            positive++;                                                                   \
            if (a > big)                                                                  \
                big = a;                                                                  \
        }                                                                                 \
    }                                                                                     \
    for (int64_t j = 0; j < n_atoms; j++) {                                               \
        total[j] += scratch[j];                                                           \
        total_sq[j] += scratch_sq[j];                                                     \
    }                                                                                     \
    *biggest = big;                                                                       \
    return positive;                                                                      \
}

WEIGHTS_STATS(weights_stats_i32, int32_t)
WEIGHTS_STATS(weights_stats_i64, int64_t)

static const double TWO_52 = 4503599627370496.0;

int64_t weights_quantise(const double *w, int64_t n, double scale, uint16_t *out,
                         int64_t *counts, double *sums)
{
    /* counts: [rounded to zero (non-zero weights only), clipped];
     * sums: [sum |w|, sum |w| rounded to zero, largest relative error] (accumulated) */
    if (n < 0)
        return -1;
    int64_t zero = 0, clipped = 0;
    double total = 0.0, lost = 0.0, worst = sums[2];
    for (int64_t k = 0; k < n; k++) {
        const double a = fabs(w[k]);
        if (!isfinite(a))
            return -1;
        const double scaled = a * scale;
        /* round half to even (the default rounding mode, as np.rint) without a libm call:
         * below 2^52, adding and removing 2^52 leaves the nearest integer; above, the
         * number is one already */
        double units = scaled < TWO_52 ? (scaled + TWO_52) - TWO_52 : scaled;
        total += a;
        if (units == 0) {
            lost += a;
            if (a != 0)
                zero++;
        }
        if (units > 65535.0) {
            clipped++;
            units = 65535.0;
        }
        out[k] = (uint16_t)units;
        if (scaled > 0) {
            const double err = fabs(units - scaled) / scaled;
            if (err > worst)
                worst = err;
        }
    }
    counts[0] += zero;
    counts[1] += clipped;
    sums[0] += total;
    sums[1] += lost;
    sums[2] = worst;
    return n;
}
