//! \file
//! \brief Engine data structures shared by the engine's C files.
#ifndef VM_INTERNAL_H
#define VM_INTERNAL_H

#include <stdatomic.h>
#include <stdint.h>
#include "engine.h"
#include "runtime.h"

typedef struct {
    uint8_t *data;       //!< region bytes (owned)
    uint32_t size;       //!< bytes
} region_t;

//! SDP messages between the host and a core, in arrival order: each is a 32-bit IP tag, a
//! 32-bit length in bytes, then the bytes padded to a word.
typedef struct {
    uint8_t *data;
    uint32_t size, cap;  //!< bytes held / allocated
    uint32_t read;       //!< offset of the oldest message not yet taken
} mailbox_t;

typedef struct {
    uint32_t *keys;      //!< packets queued for this phase
    uint32_t n, cap;
} queue_t;

struct core {
    uint32_t x, y, p;
    struct vm *vm;                      //!< the machine this core belongs to
    int chip;                           //!< index into vm->chips
    const app_t *app;
    void *state;                        //!< the application's state (in dtcm)
    region_t regions[VM_MAX_REGIONS];
    uint8_t *dtcm;                      //!< VM_DTCM_BYTES arena
    uint32_t dtcm_used;                 //!< bytes
    void *host_mem;                     //!< core_host_alloc's block (or NULL)
    uint64_t counters[CNT_N_COUNTERS];
    uint64_t cycles_at_tick_start;
    queue_t out[3];                     //!< sent in the timer phase of even / odd ticks;
                                        //!< [2] takes (and discards) sends at other times
    queue_t *sending;                   //!< the queue core_send appends to
    queue_t arrived;                    //!< packets routed to this core in the delivery
                                        //!< phase, in arrival order (its thread's only)
    int alloc_failed;                   //!< a queue could not grow (reported by vm_run)
    char error[192];
    int initialised;
    uint32_t rewritten;                 //!< bit r: region r replaced since the app read it
    uint32_t tick;                      //!< tick being processed
    mailbox_t inbox;                    //!< SDP messages from the host (live input)
    mailbox_t outbox;                   //!< SDP messages to the host through IP tags
    uint32_t stop_stamp;                //!< what core_request_stop stores (t + 1 in tick t)
};

typedef struct {
    uint32_t x, y;
    uint64_t sdram, sdram_used;         //!< bytes
    int32_t link[VM_LINKS];             //!< neighbour chip index or -1
    uint32_t n_entries;
    uint32_t *entries;                  //!< key, mask, route triples
    int32_t core_at[VM_CORES_PER_CHIP]; //!< core index or -1
    uint64_t dropped;                   //!< packets with nowhere to go
} chip_t;

//! Cached result of routing one (source chip, key): destination cores and drops.
typedef struct {
    uint64_t tag;        //!< (chip + 1) << 32 | key; 0 = empty slot
    uint32_t first;      //!< offset into vm->route_dest
    uint16_t n_dest;
    uint16_t n_dropped;
} route_slot_t;

//! A routing cache that keeps only the destination cores one host thread delivers to.
typedef struct {
    route_slot_t *slots;
    uint32_t cap, used;
    int32_t *dest;
    uint32_t dest_used, dest_cap;
    uint32_t owner, n_owners;           //!< keeps destination cores with index % n_owners == owner
} route_cache_t;

struct vm {
    uint32_t width, height;
    chip_t *chips;
    uint32_t n_chips, cap_chips;
    int32_t *chip_at;                   //!< width*height -> chip index or -1
    struct core **cores;
    uint32_t n_cores, cap_cores;
    uint32_t tick;
    char error[512];
    route_slot_t *route_cache;
    uint32_t cache_cap, cache_used;
    int32_t *route_dest;
    uint32_t dest_used, dest_cap;
    route_cache_t *thread_caches;       //!< one per host thread of the last run
    uint32_t n_thread_caches;
    atomic_uint stop_tick;              //!< t + 1 when a stop condition held in tick t of
                                        //!< this run (0: none); see scheduler.c's protocol
    atomic_uint failed_tick;            //!< t + 1 when delivery of tick t ran out of memory
    atomic_int interrupt;               //!< vm_interrupt: end the run after the next tick
};

void vm_set_error(vm_t *vm, const char *fmt, ...);
int queue_push(queue_t *q, uint32_t key);
//! Route a packet sent by a core on chip `chip`; returns the cache slot (NULL if out of memory).
const route_slot_t *vm_route(vm_t *vm, int chip, uint32_t key);
//! As vm_route, through a thread's cache (destinations it does not own are left out).
const route_slot_t *cache_route(vm_t *vm, route_cache_t *cache, int chip, uint32_t key);
void cache_free(route_cache_t *cache);
void vm_clear_route_cache(vm_t *vm);
void mailbox_free(mailbox_t *m);

#endif  // VM_INTERNAL_H
