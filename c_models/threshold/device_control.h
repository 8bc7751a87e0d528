//! \file
//! \brief sPyNNaker's multicast device-control "threshold" (ExternalDeviceLifControl): the
//! neuron never spikes; when due it sends its membrane potential to a device as a multicast
//! packet with payload (neuron_core_impl.h calls device_control_send after the update).
#ifndef C_MODELS_THRESHOLD_DEVICE_CONTROL_H
#define C_MODELS_THRESHOLD_DEVICE_CONTROL_H

#include "runtime.h"
#include "generated/device_control.h"

typedef device_control_params_t threshold_params_t;
#define THRESHOLD_PARAMS_WORDS DEVICE_CONTROL_PARAMS_WORDS
//! neuron_core_impl.h: call device_control_send for every neuron after the update
#define THRESHOLD_SENDS_PACKETS 1

static inline int threshold_crossed(const threshold_params_t *p, s1615 v, uint32_t tick) {
    (void) p;
    (void) v;
    (void) tick;
    return 0;
}

//! Whether a packet is due in `tick`: the board counts ts_next_send down from its initial
//! value and reloads it with ts_inter_send at each send, i.e. it sends at ts_first_send +
//! k ts_inter_send (only at ts_first_send when ts_inter_send is 0).
static inline int device_control_due(const threshold_params_t *p, uint32_t tick) {
    if (tick < p->ts_first_send) {
        return 0;
    }
    uint32_t since = tick - p->ts_first_send;
    return (p->ts_inter_send == 0u) ? since == 0u : since % p->ts_inter_send == 0u;
}

//! The payload word of a value (s16.15 bits, already scaled), as the board's conversions
//! from accum give it (GCC's libgcc for the ARM968): int / uint round toward zero, the
//! others reinterpret the bits (unsigned accum u16.16, long fract s0.31, unsigned long
//! fract u0.32), wrapping.  Returns 0 and sets *bad for an unknown type.
static inline uint32_t device_control_payload(uint32_t type, int32_t value, int *bad) {
    uint32_t bits = (uint32_t) value;
    switch (type) {
    case 0u:
    case 1u: {
        uint32_t whole = (value < 0) ? ~(~bits >> 15) : bits >> 15;   // floor(value / 2^15)
        return whole + ((value < 0 && (bits & 0x7FFFu) != 0u) ? 1u : 0u);
    }
    case 2u:
        return bits;
    case 3u:
        return bits << 1;
    case 4u:
        return bits << 16;
    case 5u:
        return bits << 17;
    default:
        *bad = 1;
        return 0u;
    }
}

//! Send neuron's packet when due: v after this tick's update, clipped to [min, max] (max
//! tested first, as the board does), times scale (the low 32 bits of the product, as the
//! board's non-saturating accum x uint), as a payload; the key alone when scale is 0.
static inline void device_control_send(core_t *core, const threshold_params_t *p, s1615 v,
                                       uint32_t tick) {
    if (!device_control_due(p, tick)) {
        return;
    }
    if (p->scale == 0u) {
        core_send(core, p->key);
        return;
    }
    s1615 clipped = v;
    if (v > p->max_value) {
        clipped = p->max_value;
    }
    if (v < p->min_value) {
        clipped = p->min_value;
    }
    int bad = 0;
    uint32_t payload = device_control_payload(
        p->send_type, (int32_t) ((uint32_t) clipped * p->scale), &bad);
    if (bad) {
        core_count(core, CNT_LIVE_DROPPED, 1);   // (the host refuses such types)
        return;
    }
    core_send_payload(core, p->key, payload);
}

#endif  // C_MODELS_THRESHOLD_DEVICE_CONTROL_H
