//! \file
//! \brief The alpha conductance's fixed-point arithmetic for one synapse type, shared by
//! alpha_conductance.h (excitatory, inhibitory) and alpha_conductance_multi.h (named
//! receptors).  See alpha_conductance.h for the scheme.
#ifndef C_MODELS_SYNAPSE_ALPHA_CONDUCTANCE_MATH_H
#define C_MODELS_SYNAPSE_ALPHA_CONDUCTANCE_MATH_H

#include "fixed_point.h"

//! nS per uS (input weights are in uS).
#define ALPHA_COND_NS_PER_US 1000
//! zsyn and jump are scaled by 2^ALPHA_COND_Z_SHIFT (models/if_cond_alpha.py: ZSYN_SCALE).
#define ALPHA_COND_Z_SHIFT 4
//! geff is held in 2^-31 units (1.0 = the whole driving force).
#define ALPHA_COND_GEFF_ONE ((int64_t) 1 << 31)

//! The fraction of the driving force one type moves v by over a tick [2^-31].
static inline int64_t alpha_cond_geff(s1615 zsyn, s1615 g, u032 k31, u032 k32) {
    // g [2^-15 nS] x k32 [2^-32 / nS] -> 2^-47; z carries 4 more bits -> 2^-51
    int64_t a = ((int64_t) g * (int64_t) k32 + ((int64_t) 1 << 15)) >> 16;
    int64_t b = ((int64_t) zsyn * (int64_t) k31 +
                 ((int64_t) 1 << (15 + ALPHA_COND_Z_SHIFT))) >> (16 + ALPHA_COND_Z_SHIFT);
    int64_t geff = a + b;
    if (geff > ALPHA_COND_GEFF_ONE) {
        geff = ALPHA_COND_GEFF_ONE;
    } else if (geff < -ALPHA_COND_GEFF_ONE) {
        geff = -ALPHA_COND_GEFF_ONE;
    }
    return geff;
}

//! geff x (e - v) [mV], rounded to nearest.
static inline s1615 alpha_cond_dv(int64_t geff, s1615 e, s1615 v) {
    int64_t p = geff * (int64_t) sub_s1615(e, v);   // |geff| <= 2^31, |e - v| <= 2^31
    return sat_s1615((p + ((int64_t) 1 << 30)) >> 31);
}

//! g(t + dt) = P11 (z/16 + g), rounded once; reaches exactly 0 once z has.
static inline s1615 alpha_cond_next(s1615 zsyn, s1615 g, u032 decay) {
    int64_t a = ((int64_t) g * (int64_t) decay) >> 1;                          // 2^31 units
    int64_t b = ((int64_t) zsyn * (int64_t) decay) >> (1 + ALPHA_COND_Z_SHIFT);
    s1615 r = sat_s1615((a + b + ((int64_t) 1 << 30)) >> 31);
    if (zsyn == 0 && r == g && g != 0) {
        r += (g > 0) ? -1 : 1;   // as decay_s1615: never stick at a residue
    }
    return r;
}

#endif  // C_MODELS_SYNAPSE_ALPHA_CONDUCTANCE_MATH_H
