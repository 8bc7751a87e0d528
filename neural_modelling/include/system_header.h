//! \file
//! \brief The system region every core has: checked the same way by every application.
#ifndef SYSTEM_HEADER_H
#define SYSTEM_HEADER_H

#include <stddef.h>
#include "runtime.h"
#include "generated/regions.h"

//! Most atoms a core's image may claim: with at most 256 bytes per atom in any one array,
//! every per-atom size an app computes stays within 32 bits (no core holds a fraction of
//! this: DTCM and the 16-bit neuron index bound real cores far lower).
#define MAX_CORE_ATOMS (1u << 24)

//! The core's system header, or NULL (with the reason given to core_error) if the region
//! is missing, too short, was written for another kind of image, or claims more atoms than
//! any core can have.
static inline const system_header_t *system_header(core_t *core) {
    uint32_t size;
    const system_header_t *sys = core_region(core, REGION_SYSTEM, &size);
    if (sys == NULL || size < sizeof(*sys) || sys->magic != DATA_MAGIC) {
        core_error(core, "system region missing or not for this binary");
        return NULL;
    }
    if (sys->n_atoms > MAX_CORE_ATOMS) {
        core_error(core, "system region claims more atoms than a core can have");
        return NULL;
    }
    return sys;
}

#endif  // SYSTEM_HEADER_H
