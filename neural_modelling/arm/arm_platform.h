//! \file
//! \brief The ARM platform's contract with the host loader: where a core finds its regions.
//!
//! The loader writes, in SDRAM, one region table per core and leaves its address in user0 of
//! the core's vcpu block (SARK's convention: 128-byte blocks at SV_VCPU, user0 at byte 112).
//! Blocks are indexed by the *virtual* core number, which the core finds from its physical
//! number (DMA_STAT) through SC&MP's p2v map in the system variables (as SARK does).
//! The core fills in `state`, `counters`, `error` and `ticks_done` for the host to read back.
//! The Python side is spynnaker_backend/mapping/dataspec/arm_region_table.py (a unit test
//! compiles this header and checks every offset against it).
#ifndef ARM_PLATFORM_H
#define ARM_PLATFORM_H

#include <stdint.h>
#include "runtime.h"

#define ARM_TABLE_MAGIC 0x52544142u   //!< "BATR": a region table written by our loader
#define ARM_MAX_REGIONS 32u

typedef enum {
    ARM_STATE_LOADED = 0,    //!< written by the host
    ARM_STATE_RUNNING = 1,
    ARM_STATE_PAUSED = 2,    //!< n_ticks done; counters and pause() state written back
    ARM_STATE_ERROR = 3,     //!< init failed or the table was bad: see error_code / error
} arm_state_t;

typedef struct {
    uint32_t address;        //!< SDRAM address of the region; 0 = absent [byte address]
    uint32_t size;           //!< [bytes]
} arm_region_t;

typedef struct {
    uint32_t magic;                        //!< ARM_TABLE_MAGIC [1]
    uint32_t n_ticks;                      //!< tick count to reach (from 0); 0 = forever [ticks]
    arm_region_t region[ARM_MAX_REGIONS];  //!< by region id (generated/regions.h)
    uint32_t state;                        //!< arm_state_t, written by the core [1]
    uint32_t error_code;                   //!< app_error_t of a failed init [1]
    uint32_t counters[CNT_N_COUNTERS];     //!< counter_t values at pause [1]
    char error[64];                        //!< core_error() message, NUL-terminated
    uint32_t stop_requested;               //!< set when a stop condition held; the host
                                           //!< then stops every core at that tick [1]
    uint32_t ticks_done;                   //!< the tick count reached at the last pause
                                           //!< (n_ticks is the count to reach) [ticks]
    uint32_t iobuf;                        //!< SDRAM address of this core's iobuf block
                                           //!< (ARM_IOBUF_BYTES of text after SARK's
                                           //!< 16-byte header); 0 = none [byte address]
    uint32_t timer_period_us;              //!< timer period: the timestep times the
                                           //!< time_scale_factor; 0 = the system
                                           //!< region's timestep [us]
} arm_region_table_t;

#define ARM_IOBUF_BYTES 256u   //!< text an iobuf block holds [bytes]

#endif  // ARM_PLATFORM_H
