/*
 * The partition's slice pairs (mapping/partition.py, _slice_pairs) in one pass over the
 * connections of one post slice: for each connection, the pre slice its pre atom falls in
 * and whether its delay needs the delay extension (ticks > max_core_delay) mark
 * present[delayed][pre slice][post_col].  The numpy formulation makes a division, a compare,
 * two compressions and a count per connection, each a pass with its temporaries.
 *
 * pre: int32 (pre_bytes 4) or int64 (8) atom indices; ticks: NULL (every connection's
 * delayed flag is delayed_const) or uint8/uint16/uint32 delays in timesteps (tick_bytes
 * 1/2/4).  owner[atom] (n_atoms entries) is the pre slice of each atom, in [0, n_pre): a
 * table lookup (L1/L2-resident for a population) instead of a division or a search.
 * present: [2][n_pre][n_post] bytes.  Returns 0, or -1 for an argument it cannot trust (an
 * atom outside [0, n_atoms), an owner outside the slices, a width it does not know) before
 * writing anything out of bounds.
 */
#include "engine.h"

#include <stddef.h>
#include <stdint.h>

static inline int64_t load_index(const void *p, int bytes, int64_t k)
{
    return bytes == 4 ? (int64_t)((const int32_t *)p)[k] : ((const int64_t *)p)[k];
}

static inline int64_t load_tick(const void *p, int bytes, int64_t k)
{
    switch (bytes) {
    case 1: return ((const uint8_t *)p)[k];
    case 2: return ((const uint16_t *)p)[k];
    default: return ((const uint32_t *)p)[k];
    }
}

int64_t pairs_mark(const void *pre, int64_t pre_bytes, const void *ticks, int64_t tick_bytes,
                   int64_t n, int64_t delayed_const, int64_t max_core_delay,
                   const int32_t *owner, int64_t n_atoms, int64_t n_pre,
                   uint8_t *present, int64_t n_post, int64_t post_col)
{
    if (n < 0 || n_pre < 1 || n_post < 1 || post_col < 0 || post_col >= n_post
        || (pre_bytes != 4 && pre_bytes != 8)
        || (ticks != NULL && tick_bytes != 1 && tick_bytes != 2 && tick_bytes != 4))
        return -1;
    const int pb = (int)pre_bytes, tb = (int)tick_bytes;
    uint8_t *const direct = present + post_col;
    uint8_t *const delayed = present + n_pre * n_post + post_col;
    for (int64_t k = 0; k < n; k++) {
        const int64_t atom = load_index(pre, pb, k);
        if (atom < 0 || atom >= n_atoms)
            return -1;
        const int64_t s = owner[atom];
        if (s < 0 || s >= n_pre)
            return -1;
        const int late = ticks != NULL ? load_tick(ticks, tb, k) > max_core_delay
                                       : delayed_const != 0;
        (late ? delayed : direct)[s * n_post] = 1;
    }
    return 0;
}
