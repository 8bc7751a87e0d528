//! \file
//! \brief Engine data structures shared by the engine's C files.
#ifndef VM_INTERNAL_H
#define VM_INTERNAL_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include "engine.h"
#include "runtime.h"

#if defined(__SANITIZE_ADDRESS__)
#define VM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VM_ASAN 1
#endif
#endif

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
    uint32_t host_mem_cap;              //!< its bytes
    uint64_t counters[CNT_N_COUNTERS];
    uint64_t cycles_at_tick_start;
    queue_t out[3];                     //!< sent in the timer phase of even / odd ticks;
                                        //!< [2] takes (and discards) sends at other times
    queue_t *sending;                   //!< the queue core_send appends to
    queue_t out_pl[3];                  //!< packets with payload (key, payload word pairs),
                                        //!< double-buffered as out; [2] discards
    queue_t *sending_pl;                //!< the queue core_send_payload appends to
    queue_t arrived_pl;                 //!< (key, payload) pairs routed to this core
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
    uint32_t owner;                     //!< keeps destination cores c with core_thread[c] == owner
    const uint32_t *core_thread;        //!< vm->core_thread (balance.c); NULL: keeps every core
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
    uint32_t route_bits;                //!< OR of every table entry's mask (router.c)
    route_cache_t *thread_caches;       //!< one per host thread of the last run
    uint32_t n_thread_caches;
    uint32_t *core_thread;              //!< n_cores: the host thread that runs each core
    uint32_t *thread_cores;             //!< core indices, thread after thread, ascending
    uint32_t *thread_first;             //!< n_thread_caches + 1 offsets into thread_cores
    uint32_t n_assigned;                //!< cores covered by the assignment (0: none yet)
    uint32_t assigned_threads;          //!< the threads it is for
    atomic_uint stop_tick;              //!< t + 1 when a stop condition held in tick t of
                                        //!< this run (0: none); see scheduler.c's protocol
    atomic_uint failed_tick;            //!< t + 1 when delivery of tick t ran out of memory
    atomic_int interrupt;               //!< vm_interrupt: end the run after the next tick
    uint8_t **pool_chunks;              //!< 2 MB blocks the cores' DTCMs and host blocks
    uint32_t n_pool_chunks, cap_pool_chunks;  //!< are cut from (hostmem.c)
    uint8_t *pool_next;                 //!< the free rest of the last chunk
    size_t pool_left;                   //!< its bytes
};

void vm_set_error(vm_t *vm, const char *fmt, ...);
int queue_push(queue_t *q, uint32_t key);
//! Route a packet sent by a core on chip `chip`; returns the cache slot (NULL if out of memory).
const route_slot_t *vm_route(vm_t *vm, int chip, uint32_t key);
//! Empty the threads' routing caches (their destinations changed owner).
void vm_clear_thread_caches(vm_t *vm);
//! Assign the cores to host threads by their counted work (balance.c); -1: out of memory.
int vm_assign_cores(vm_t *vm, uint32_t n_threads);
//! As vm_route, through a thread's cache (destinations it does not own are left out).
const route_slot_t *cache_route(vm_t *vm, route_cache_t *cache, int chip, uint32_t key);
void cache_free(route_cache_t *cache);
void vm_clear_route_cache(vm_t *vm);
void mailbox_free(mailbox_t *m);
//! (hostmem.c) A region's bytes, zeroed if `zero`; unzeroed ones of 2 MB or more at a 2 MB
//! boundary and advised as huge pages; released with free().
void *host_region_alloc(size_t bytes, int zero);
//! A core's VM_DTCM_BYTES (from the machine's 2 MB chunks); NULL when out of memory.
uint8_t *host_dtcm_alloc(vm_t *vm);
void host_dtcm_free(uint8_t *dtcm);
//! core_host_alloc: c->host_mem of `bytes` zeroed (its old block reused when big enough).
void *host_block_alloc(vm_t *vm, struct core *c, uint32_t bytes);
//! Release c->host_mem (under ASan) or keep it for the next host_block_alloc (pool).
void host_block_free(struct core *c);
//! Free the chunks (with the machine, after its cores).
void host_pool_free(vm_t *vm);

#endif  // VM_INTERNAL_H
