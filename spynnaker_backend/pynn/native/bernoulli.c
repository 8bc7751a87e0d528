/*
 * Bernoulli draws on numpy's legacy uniform stream, without holding the uniforms.
 *
 * PyNN's FixedProbabilityConnector draws one uniform [0, 1) per possible (post, pre) pair
 * from the connector's NumpyRNG (a numpy RandomState, i.e. MT19937) and connects where it is
 * below p.  Reproducing that stream exactly is what makes our network the one pyNN.nest
 * builds for the same seed; numpy would materialise one double per pair (1e8 at N = 10,000).
 * Here the generator runs in C and only the positions of the hits are written.
 *
 * MT19937 is the published algorithm (M. Matsumoto & T. Nishimura, "Mersenne Twister: a
 * 623-dimensionally equidistributed uniform pseudo-random number generator", ACM TOMACS 8(1),
 * 1998), with numpy's state convention: 624 words and a position, regenerated lazily when
 * the position reaches 624.  numpy's legacy double is (a * 2^26 + b) / 2^53 with
 * a = next() >> 5 (27 bits) and b = next() >> 6 (26 bits); so with k = a * 2^26 + b,
 * u < p  <=>  k < p * 2^53  <=>  k < ceil(p * 2^53) = threshold, exactly, in integers.
 * The caller computes the threshold (0 for p <= 0, 2^53 for p >= 1).
 */
#include <stdint.h>

#define MT_N 624          /* state words */
#define MT_M 397          /* middle word offset of the recurrence */
#define MT_MATRIX_A 0x9908b0dfu
#define MT_UPPER 0x80000000u
#define MT_LOWER 0x7fffffffu

/* Regenerate all 624 words in place (the twist of the 1998 paper). */
static void mt_twist(uint32_t *mt)
{
    int i;
    uint32_t y;
    for (i = 0; i < MT_N - MT_M; i++) {
        y = (mt[i] & MT_UPPER) | (mt[i + 1] & MT_LOWER);
        mt[i] = mt[i + MT_M] ^ (y >> 1) ^ ((0u - (y & 1u)) & MT_MATRIX_A);
    }
    for (; i < MT_N - 1; i++) {
        y = (mt[i] & MT_UPPER) | (mt[i + 1] & MT_LOWER);
        mt[i] = mt[i + MT_M - MT_N] ^ (y >> 1) ^ ((0u - (y & 1u)) & MT_MATRIX_A);
    }
    y = (mt[MT_N - 1] & MT_UPPER) | (mt[0] & MT_LOWER);
    mt[MT_N - 1] = mt[MT_M - 1] ^ (y >> 1) ^ ((0u - (y & 1u)) & MT_MATRIX_A);
}

static inline uint32_t mt_temper(uint32_t y)
{
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

/* The tempered outputs of the current generation: done once per generation, in a loop the
   compiler vectorises, so that the draw loop below is loads, a compare and a store. */
static void mt_temper_all(const uint32_t *restrict mt, uint32_t *restrict tempered)
{
    for (int i = 0; i < MT_N; i++)
        tempered[i] = mt_temper(mt[i]);
}

/* The 53-bit integer k of one uniform made of two consecutive tempered outputs. */
static inline uint64_t mt_pair(uint32_t first, uint32_t second)
{
    return ((uint64_t)(first >> 5) << 26) | (uint64_t)(second >> 6);
}

/*
 * Draw up to n_draws uniforms from the state (key[624], *pos in [0, 624]) and write
 * first_index + j for every draw j with k < threshold into out[0 .. capacity).
 *
 * Stops after n_draws draws, or earlier when out is full (before a draw that might need a
 * slot), so that the caller can continue with a new buffer.  key and *pos are left as numpy
 * would leave them after the same draws.  *written receives the number of positions written.
 * Returns the number of draws made, or -1 if an argument is out of range (nothing touched).
 */
int64_t mt_bernoulli_positions(uint32_t *key, int32_t *pos, uint64_t threshold,
                               int64_t first_index, int64_t n_draws,
                               int64_t *out, int64_t capacity, int64_t *written)
{
    int64_t done = 0, w = 0, index = first_index;
    uint32_t t[MT_N];   /* tempered key, valid while p < MT_N */
    int p;

    if (!key || !pos || !out || !written || *pos < 0 || *pos > MT_N || n_draws < 0
            || capacity < 0 || threshold > ((uint64_t)1 << 53) || first_index < 0)
        return -1;
    p = *pos;
    if (p < MT_N)
        mt_temper_all(key, t);
    while (done < n_draws && w < capacity) {
        int64_t pairs, room, k;
        if (p == MT_N) {
            mt_twist(key);
            mt_temper_all(key, t);
            p = 0;
        }
        if (p == MT_N - 1) {
            /* a draw straddling two generations of the state (p was odd) */
            uint32_t first = t[p];
            mt_twist(key);
            mt_temper_all(key, t);
            out[w] = index++;
            w += mt_pair(first, t[0]) < threshold;
            p = 1;
            done++;
            continue;
        }
        /* whole draws left in this generation, bounded so that every one has a slot: the
           store below is unconditional (no unpredictable branch at p ~ 0.1) */
        pairs = (MT_N - p) / 2;
        if (pairs > n_draws - done)
            pairs = n_draws - done;
        room = capacity - w;
        if (pairs > room)
            pairs = room;
        {
            const uint32_t *restrict src = t + p;
            int64_t *restrict dst = out;
            for (k = 0; k < pairs; k++) {
                dst[w] = index + k;
                w += mt_pair(src[2 * k], src[2 * k + 1]) < threshold;
            }
        }
        index += pairs;
        p += 2 * (int)pairs;
        done += pairs;
    }
    *pos = p;
    *written = w;
    return done;
}
