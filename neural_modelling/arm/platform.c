//! \file
//! \brief runtime.h for one ARM968 core of a SpiNNaker chip, and the core's main loop.
//!
//! Event handling is a polling loop, not interrupt driven: the loop services timer 1 (one
//! application tick per expiry, period = the system region's timestep) and then drains the
//! communications controller's receive register, giving every multicast key to the
//! application's packet callback with the current tick.  A packet that arrives while a tick's
//! timer work is running waits in the comms controller (so a slow tick can drop packets, as
//! it would on the chip).  After n_ticks the core calls pause(), writes its counters to the
//! region table and parks.  The application binary is chosen at link time (-DARM_APP=app_x).
#include <string.h>
#include "runtime.h"
#include "generated/regions.h"
#include "arm_platform.h"
#include "spinnaker_hw.h"

#ifndef ARM_APP
#error "define ARM_APP as the app_t symbol of the binary (e.g. -DARM_APP=app_spike_source_array)"
#endif

extern const app_t ARM_APP;

// linker-script symbols (spinnaker.ld)
extern uint8_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
extern uint8_t __heap_start[], __heap_end[];

struct core {
    arm_region_table_t *table;   //!< in SDRAM, written by the host loader
    uint8_t *heap;               //!< DTCM between static data and the stack
    uint32_t heap_size;          //!< [bytes]
    uint32_t heap_used;          //!< [bytes]
    uint32_t counters[CNT_N_COUNTERS];
};

static core_t the_core;

// ---------------------------------------------------------------- the platform (runtime.h)

void *core_region_rw(core_t *core, uint32_t region, uint32_t *size) {
    if (region >= ARM_MAX_REGIONS || core->table->region[region].address == 0) {
        *size = 0;
        return NULL;
    }
    *size = core->table->region[region].size;
    return (void *) core->table->region[region].address;
}

const void *core_region(core_t *core, uint32_t region, uint32_t *size) {
    return core_region_rw(core, region, size);
}

int core_region_rewritten(const core_t *core, uint32_t region) {
    (void) core;
    (void) region;
    return 1;   // the host writes SDRAM behind the core's back: re-read everything
}

void *core_host_alloc(core_t *core, uint32_t bytes) {
    (void) core;
    (void) bytes;
    return NULL;   // a board has no host to speed up: the cores search their tables
}

void *core_dtcm_alloc(core_t *core, uint32_t bytes) {
    uint32_t aligned = (bytes + 7u) & ~7u;
    if (aligned < bytes || aligned > core->heap_size - core->heap_used) {
        return NULL;
    }
    uint8_t *p = core->heap + core->heap_used;
    core->heap_used += aligned;
    memset(p, 0, aligned);
    return p;
}

void core_send(core_t *core, uint32_t key) {
    while ((CC_TCR & CC_TCR_TX_NOT_FULL) == 0) {
        // the transmit buffer drains at link speed; wait for it
    }
    CC_TCR = CC_TCR_PKT_MC;
    CC_TXKEY = key;
    core->counters[CNT_PACKETS_SENT]++;
}

void core_count(core_t *core, counter_t counter, uint32_t n) {
    if ((uint32_t) counter < CNT_N_COUNTERS) {
        core->counters[counter] += n;
    }
}

void core_request_stop(core_t *core) {
    core->table->stop_requested = 1u;
}

void core_error(core_t *core, const char *message) {
    uint32_t n = 0;
    for (; n + 1u < sizeof(core->table->error) && message[n] != '\0'; n++) {
        core->table->error[n] = message[n];
    }
    core->table->error[n] = '\0';
}

// ---------------------------------------------------------------- start-up and main loop

static arm_region_table_t *find_region_table(void) {
    uint32_t phys = (DMA_STAT >> 24) & 0x1Fu;
    uint32_t user0 = *(volatile uint32_t *) (SV_VCPU + phys * VCPU_SIZE + VCPU_USER0_OFFSET);
    return (arm_region_table_t *) user0;
}

static void park(void) {
    for (;;) {
        // stays here until the monitor resets the core
    }
}

static void finish(core_t *core, arm_state_t state) {
    for (uint32_t i = 0; i < CNT_N_COUNTERS; i++) {
        core->table->counters[i] = core->counters[i];
    }
    core->table->state = state;
}

int main(void) {
    core_t *core = &the_core;
    core->table = find_region_table();
    core->heap = __heap_start;
    core->heap_size = (uint32_t) (__heap_end - __heap_start);
    if (core->table == NULL || core->table->magic != ARM_TABLE_MAGIC) {
        park();   // nowhere to report: the host sees the core never leave ARM_STATE_LOADED
    }
    uint32_t size;
    const system_header_t *sys = core_region(core, REGION_SYSTEM, &size);
    void *state = NULL;
    int err = (sys == NULL || size < sizeof(*sys) || sys->timestep_us == 0)
        ? APP_ERR_MISSING_REGION : ARM_APP.init(core, &state);
    if (err != APP_OK) {
        core->table->error_code = (uint32_t) err;
        finish(core, ARM_STATE_ERROR);
        park();
    }
    core->table->state = ARM_STATE_RUNNING;
    T1_LOAD = sys->timestep_us * CPU_CLOCK_MHZ;
    T1_BG_LOAD = sys->timestep_us * CPU_CLOCK_MHZ;
    T1_CONTROL = T1_ENABLE_PERIODIC_32BIT;
    const uint32_t n_ticks = core->table->n_ticks;
    uint32_t tick = 0, next = 0;   // tick being processed; the next timer expiry's tick
    for (;;) {
        if (T1_RAW_INT & 1u) {
            T1_INT_CLR = 1u;
            if ((n_ticks != 0 && next >= n_ticks) || core->table->stop_requested) {
                break;   // the run is over, or a stop condition held in the last tick
            }
            tick = next++;
            ARM_APP.timer(core, state, tick);
        }
        while (CC_RSR & CC_RSR_RX_FULL) {
            ARM_APP.packet(core, state, CC_RXKEY, tick);   // the application counts it
        }
    }
    T1_CONTROL = 0;
    ARM_APP.pause(core, state);
    finish(core, ARM_STATE_PAUSED);
    park();
    return 0;
}

//! Entered from start.S with the stack set: place .data, clear .bss, run.
void arm_c_start(void) {
    memcpy(__data_start, __data_load, (size_t) (__data_end - __data_start));
    memset(__bss_start, 0, (size_t) (__bss_end - __bss_start));
    main();
}
