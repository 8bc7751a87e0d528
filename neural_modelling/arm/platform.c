//! \file
//! \brief runtime.h for one ARM968 core of a SpiNNaker chip, and the core's main loop.
//!
//! Event handling is a polling loop, not interrupt driven: the loop services timer 1 (one
//! application tick per expiry, period = the system region's timestep) and then drains the
//! communications controller's receive register, giving every multicast key to the
//! application's packet callback with the current tick.  A packet that arrives while a tick's
//! timer work is running waits in the comms controller (so a slow tick can drop packets, as
//! it would on the chip).  The core follows SC&MP's conventions: its vcpu block by virtual
//! number, its state there (READY, RUNNING, PAUSED, RUN_TIME_EXCEPTION), signals through the
//! mailbox (main() below), an iobuf block.  After n_ticks it calls pause(), writes its
//! counters to the region table and waits for the next signal with its DTCM state kept.
//! The application binary is chosen at link time (-DARM_APP=app_x).
#include <string.h>
#include "runtime.h"
#include "generated/regions.h"
#include "arm_platform.h"
#include "spinnaker_hw.h"

#ifndef ARM_APP_NAME
#error "define ARM_APP_NAME as the binary's name (e.g. -DARM_APP_NAME=spike_source_array)"
#endif
#ifndef ARM_APP
#error "define ARM_APP as the app_t symbol of the binary (e.g. -DARM_APP=app_spike_source_array)"
#endif

extern const app_t ARM_APP;

#define ARM_STRINGIFY(x) #x
#define ARM_STRING(x) ARM_STRINGIFY(x)

//! The name block at ITCM 0x20 (spinnaker.ld): "SPNB" and the binary's name, NUL-padded.
__attribute__((section(".app_name"), used))
const char arm_app_name[64] = "SPNB" ARM_STRING(ARM_APP_NAME);

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

void core_send_payload(core_t *core, uint32_t key, uint32_t payload) {
    while ((CC_TCR & CC_TCR_TX_NOT_FULL) == 0) {
        // as core_send: wait for room in the transmit buffer
    }
    CC_TCR = CC_TCR_PKT_MC | CC_PKT_PAYLOAD;
    CC_TXDATA = payload;
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

uint32_t core_sdp_receive(core_t *core, void *buf, uint32_t max) {
    (void) core;
    (void) buf;
    (void) max;
    return 0;   // this bare-metal loop has no SDP path yet: live input needs the board package
}

void core_sdp_send(core_t *core, uint32_t tag, const void *data, uint32_t size) {
    (void) tag;
    (void) data;
    (void) size;
    core->counters[CNT_LIVE_DROPPED]++;   // no SDP path yet (see core_sdp_receive)
}

// ---------------------------------------------------------------- start-up and main loop

static volatile uint8_t *vcpu_byte(uint32_t vcpu, uint32_t offset) {
    return (volatile uint8_t *) (vcpu + offset);
}

static volatile uint32_t *vcpu_word(uint32_t vcpu, uint32_t offset) {
    return (volatile uint32_t *) (vcpu + offset);
}

//! This core's vcpu block: SC&MP numbers cores virtually (sv->p2v_map[physical]).
static uint32_t find_vcpu(void) {
    uint32_t phys = (DMA_STAT >> 24) & 0x1Fu;
    uint32_t virt = *(volatile uint8_t *) (SV_P2V_MAP + phys);
    return SV_VCPU + virt * VCPU_SIZE;
}

static void set_state(core_t *core, uint32_t vcpu, uint32_t cpu_state, arm_state_t state) {
    if (core->table != NULL) {
        core->table->state = state;
    }
    *vcpu_byte(vcpu, VCPU_STATE_OFFSET) = (uint8_t) cpu_state;
}

static void park(void) {
    for (;;) {
        // stays here until the monitor resets the core (AppStop, or a new load)
    }
}

//! The core's error message into its iobuf block (SARK's layout: next, 8 bytes, length).
static void write_iobuf(core_t *core, uint32_t vcpu) {
    uint32_t address = core->table->iobuf;
    if (address == 0) {
        return;
    }
    volatile uint32_t *header = (volatile uint32_t *) address;
    char *text = (char *) (address + 16u);
    uint32_t n = 0;
    for (; n < ARM_IOBUF_BYTES - 1u && core->table->error[n] != '\0'; n++) {
        text[n] = core->table->error[n];
    }
    text[n++] = '\n';
    header[0] = 0;
    header[1] = 0;
    header[2] = 0;
    header[3] = n;
    *vcpu_word(vcpu, VCPU_IOBUF_OFFSET) = address;
}

static void fail(core_t *core, uint32_t vcpu, int err) {
    core->table->error_code = (uint32_t) err;
    if (core->table->error[0] == '\0') {
        core_error(core, "the application failed to start");
    }
    write_iobuf(core, vcpu);
    set_state(core, vcpu, CPU_STATE_RTE, ARM_STATE_ERROR);
    park();
}

//! The next signal SC&MP delivers through the mailbox (polled: the platform runs no IRQs).
static uint32_t wait_signal(uint32_t vcpu) {
    for (;;) {
        if (*vcpu_byte(vcpu, VCPU_MBOX_AP_CMD_OFFSET) == SHM_SIGNAL) {
            uint32_t signal = *vcpu_word(vcpu, VCPU_MBOX_AP_MSG_OFFSET);
            *vcpu_byte(vcpu, VCPU_MBOX_AP_CMD_OFFSET) = SHM_IDLE;
            return signal;
        }
    }
}

//! (Re)start the application from its regions: an empty DTCM arena, counters at zero.
static int start_app(core_t *core, void **state, const system_header_t **sys) {
    uint32_t size;
    core->heap_used = 0;
    memset(core->counters, 0, sizeof(core->counters));
    core->table->error[0] = '\0';
    *sys = core_region(core, REGION_SYSTEM, &size);
    *state = NULL;
    return (*sys == NULL || size < sizeof(**sys) || (*sys)->timestep_us == 0)
        ? APP_ERR_MISSING_REGION : ARM_APP.init(core, state);
}

//! Timer ticks until the table's n_ticks (a tick count from 0) or a stop request; packets
//! are handled between ticks.  Returns the tick count reached.
static uint32_t run_until(core_t *core, void *state, const system_header_t *sys,
                          uint32_t next) {
    const uint32_t n_ticks = core->table->n_ticks;
    uint32_t tick = next == 0 ? 0 : next - 1u;   // tick being processed
    const uint32_t period_us = core->table->timer_period_us != 0
        ? core->table->timer_period_us : sys->timestep_us;   // time_scale_factor applied
    T1_LOAD = period_us * CPU_CLOCK_MHZ;
    T1_BG_LOAD = period_us * CPU_CLOCK_MHZ;
    T1_CONTROL = T1_ENABLE_PERIODIC_32BIT;
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
#ifdef ARM_PAYLOAD_RX   // (the live packet gatherer: device-control payloads)
            if (CC_RSR & CC_PKT_PAYLOAD) {
                uint32_t payload = CC_RXDATA;   // the payload is read before the key
                ARM_APP.packet_payload(core, state, CC_RXKEY, payload, tick);
                continue;
            }
#endif
            ARM_APP.packet(core, state, CC_RXKEY, tick);   // the application counts it
        }
    }
    T1_CONTROL = 0;
    return next;
}

//! Entered from start.S with r0 = SC&MP's (flags << 8) | app_id.  The core reports READY
//! and then does what the host's signals ask: START runs to the table's n_ticks and pauses
//! (PAUSED; DTCM, so ring buffers and delays, kept), USER_1 re-reads the parameters, USER_2
//! starts again from tick 0; both end in READY.  A failure is RUN_TIME_EXCEPTION with the
//! message in the table and the iobuf.
int main(uint32_t boot_arg) {
    core_t *core = &the_core;
    const uint32_t vcpu = find_vcpu();
    *vcpu_byte(vcpu, VCPU_APP_ID_OFFSET) = (uint8_t) (boot_arg & 0xFFu);
    for (uint32_t i = 0; i < 16u; i++) {   // the vcpu holds the name's first 16 bytes
        *vcpu_byte(vcpu, VCPU_APP_NAME_OFFSET + i) = (uint8_t) arm_app_name[4u + i];
    }
    core->table = (arm_region_table_t *) *vcpu_word(vcpu, VCPU_USER0_OFFSET);
    core->heap = __heap_start;
    core->heap_size = (uint32_t) (__heap_end - __heap_start);
    if (core->table == NULL || core->table->magic != ARM_TABLE_MAGIC) {
        core->table = NULL;
        set_state(core, vcpu, CPU_STATE_RTE, ARM_STATE_ERROR);   // no table to report in
        park();
    }
    const system_header_t *sys;
    void *state;
    int err = start_app(core, &state, &sys);
    if (err != APP_OK) {
        fail(core, vcpu, err);
    }
    uint32_t next = 0;   // the tick count reached
    set_state(core, vcpu, CPU_STATE_READY, ARM_STATE_LOADED);
    for (;;) {
        uint32_t signal = wait_signal(vcpu);
        if (signal == SIGNAL_START) {
            set_state(core, vcpu, CPU_STATE_RUNNING, ARM_STATE_RUNNING);
            next = run_until(core, state, sys, next);
            ARM_APP.pause(core, state);
            for (uint32_t i = 0; i < CNT_N_COUNTERS; i++) {
                core->table->counters[i] = core->counters[i];
            }
            core->table->ticks_done = next;
            set_state(core, vcpu, CPU_STATE_PAUSED, ARM_STATE_PAUSED);
        } else if (signal == SIGNAL_USER_1) {
            err = ARM_APP.reload(core, state);
            if (err != APP_OK) {
                fail(core, vcpu, err);
            }
            set_state(core, vcpu, CPU_STATE_READY, ARM_STATE_LOADED);
        } else if (signal == SIGNAL_USER_2) {
            err = start_app(core, &state, &sys);
            if (err != APP_OK) {
                fail(core, vcpu, err);
            }
            next = 0;
            set_state(core, vcpu, CPU_STATE_READY, ARM_STATE_LOADED);
        } else if (signal == SIGNAL_STOP || signal == SIGNAL_EXIT) {
            set_state(core, vcpu, CPU_STATE_FINISHED, ARM_STATE_PAUSED);
            park();
        }
    }
    return 0;
}

//! Entered from start.S with the stack set: place .data, clear .bss, run.
void arm_c_start(uint32_t boot_arg) {
    memcpy(__data_start, __data_load, (size_t) (__data_end - __data_start));
    memset(__bss_start, 0, (size_t) (__bss_end - __bss_start));
    main(boot_arg);
}
