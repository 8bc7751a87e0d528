//! \file
//! \brief Multicast routing through the loaded tables, hop by hop, as the chips' routers do.
//!
//! First matching entry wins; a packet that matches nothing goes straight on (out of the link
//! opposite its arrival link) if it came from a link and is dropped if it came from a core.
//! Routing is a pure function of (source chip, key) and the tables, so its result is cached,
//! by the key's bits that some table entry looks at.
#include <stdlib.h>
#include <string.h>
#include "vm_internal.h"

#define MAX_HOPS 4096        //!< a route longer than this is a loop in the tables
#define LOCAL (-1)           //!< arrival "link" of a packet sent by a core of the chip

static int table_lookup(const chip_t *c, uint32_t key, uint32_t *route) {
    for (uint32_t i = 0; i < c->n_entries; i++) {
        const uint32_t *e = &c->entries[3u * i];
        if ((key & e[1]) == e[0]) {
            *route = e[2];
            return 1;
        }
    }
    return 0;
}

void cache_free(route_cache_t *cache) {
    free(cache->slots);
    free(cache->dest);
    memset(cache, 0, sizeof(*cache));
}

static void cache_clear(route_cache_t *cache) {
    if (cache->slots != NULL) {
        memset(cache->slots, 0, cache->cap * sizeof(route_slot_t));
    }
    cache->used = 0;
    cache->dest_used = 0;
}

void vm_clear_route_cache(vm_t *vm) {
    // the key bits any table looks at: keys equal on them are routed alike everywhere
    vm->route_bits = 0;
    for (uint32_t c = 0; c < vm->n_chips; c++) {
        for (uint32_t i = 0; i < vm->chips[c].n_entries; i++) {
            vm->route_bits |= vm->chips[c].entries[3u * i + 1u];
        }
    }
    if (vm->route_cache != NULL) {
        memset(vm->route_cache, 0, vm->cache_cap * sizeof(route_slot_t));
    }
    vm->cache_used = 0;
    vm->dest_used = 0;
    vm_clear_thread_caches(vm);
}

void vm_clear_thread_caches(vm_t *vm) {
    for (uint32_t i = 0; i < vm->n_thread_caches; i++) {
        cache_clear(&vm->thread_caches[i]);
    }
}

static int push_dest(route_cache_t *cache, int32_t core) {
    if (cache->core_thread != NULL && cache->core_thread[core] != cache->owner) {
        return 0;   // another thread delivers to this core
    }
    if (cache->dest_used == cache->dest_cap) {
        uint32_t cap = cache->dest_cap ? 2 * cache->dest_cap : 1024;
        int32_t *d = realloc(cache->dest, cap * sizeof(int32_t));
        if (d == NULL) {
            return -1;
        }
        cache->dest = d;
        cache->dest_cap = cap;
    }
    cache->dest[cache->dest_used++] = core;
    return 0;
}

static uint32_t slot_hash(uint64_t tag, uint32_t cap) {
    return (uint32_t) ((tag * 0x9E3779B97F4A7C15ull) >> 40) & (cap - 1);
}

static int grow_cache(route_cache_t *cache) {
    uint32_t old_cap = cache->cap;
    route_slot_t *old = cache->slots;
    uint32_t cap = old_cap ? 2 * old_cap : 4096;
    route_slot_t *slots = calloc(cap, sizeof(route_slot_t));
    if (slots == NULL) {
        return -1;
    }
    for (uint32_t i = 0; i < old_cap; i++) {
        if (old[i].tag != 0) {
            uint32_t h = slot_hash(old[i].tag, cap);
            while (slots[h].tag != 0) {
                h = (h + 1) & (cap - 1);
            }
            slots[h] = old[i];
        }
    }
    free(old);
    cache->slots = slots;
    cache->cap = cap;
    return 0;
}

//! Walk the packet through the machine, appending destination cores; returns drops or -1.
static int walk(vm_t *vm, route_cache_t *cache, int chip, uint32_t key) {
    int32_t stack_chip[MAX_HOPS], stack_from[MAX_HOPS];
    int top = 0, drops = 0, hops = 0;
    stack_chip[top] = chip;
    stack_from[top++] = LOCAL;
    while (top > 0) {
        top--;
        const chip_t *c = &vm->chips[stack_chip[top]];
        int from = stack_from[top];
        if (++hops > MAX_HOPS) {
            return drops + 1;   // a loop: count it as dropped rather than spin
        }
        uint32_t route;
        if (!table_lookup(c, key, &route)) {
            if (from == LOCAL) {
                drops++;
                continue;
            }
            route = 1u << ((from + 3) % VM_LINKS);   // default routing: straight on
        }
        for (int p = 0; p < VM_CORES_PER_CHIP; p++) {
            if (route & (1u << (VM_LINKS + p))) {
                if (c->core_at[p] < 0) {
                    drops++;
                } else if (push_dest(cache, c->core_at[p]) != 0) {
                    return -1;
                }
            }
        }
        for (int l = 0; l < VM_LINKS; l++) {
            if (route & (1u << l)) {
                if (c->link[l] < 0 || top >= MAX_HOPS) {
                    drops++;
                    continue;
                }
                stack_chip[top] = c->link[l];
                stack_from[top++] = (l + 3) % VM_LINKS;
            }
        }
    }
    return drops;
}

const route_slot_t *cache_route(vm_t *vm, route_cache_t *cache, int chip, uint32_t key) {
    if (cache->used * 2 >= cache->cap && grow_cache(cache) != 0) {
        return NULL;
    }
    // An entry compares only the bits of its mask, and every mask is within route_bits, so
    // key & route_bits matches exactly the entries key matches, on every chip: one walk
    // serves all the keys of a vertex (the neuron bits are no table's concern), not one each.
    key &= vm->route_bits;
    uint64_t tag = ((uint64_t) (chip + 1) << 32) | key;
    uint32_t h = slot_hash(tag, cache->cap);
    while (cache->slots[h].tag != 0) {
        if (cache->slots[h].tag == tag) {
            return &cache->slots[h];
        }
        h = (h + 1) & (cache->cap - 1);
    }
    uint32_t first = cache->dest_used;
    int drops = walk(vm, cache, chip, key);
    if (drops < 0 || cache->dest_used - first > 0xFFFF) {
        return NULL;
    }
    route_slot_t *s = &cache->slots[h];
    s->tag = tag;
    s->first = first;
    s->n_dest = (uint16_t) (cache->dest_used - first);
    s->n_dropped = (uint16_t) (drops > 0xFFFF ? 0xFFFF : drops);
    cache->used++;
    return s;
}

const route_slot_t *vm_route(vm_t *vm, int chip, uint32_t key) {
    // the vm's own cache keeps every destination (route_dest, for callers outside a run)
    route_cache_t c = {vm->route_cache, vm->cache_cap, vm->cache_used, vm->route_dest,
                       vm->dest_used, vm->dest_cap, 0, NULL};
    const route_slot_t *s = cache_route(vm, &c, chip, key);
    vm->route_cache = c.slots;
    vm->cache_cap = c.cap;
    vm->cache_used = c.used;
    vm->route_dest = c.dest;
    vm->dest_used = c.dest_used;
    vm->dest_cap = c.dest_cap;
    return s;
}
