//! \file
//! \brief The system region every core has: checked the same way by every application.
#ifndef SYSTEM_HEADER_H
#define SYSTEM_HEADER_H

#include <stddef.h>
#include "runtime.h"
#include "generated/regions.h"

//! The core's system header, or NULL (with the reason given to core_error) if the region
//! is missing, too short, or was written for another kind of image.
static inline const system_header_t *system_header(core_t *core) {
    uint32_t size;
    const system_header_t *sys = core_region(core, REGION_SYSTEM, &size);
    if (sys == NULL || size < sizeof(*sys) || sys->magic != DATA_MAGIC) {
        core_error(core, "system region missing or not for this binary");
        return NULL;
    }
    return sys;
}

#endif  // SYSTEM_HEADER_H
