//! \file
//! \brief Chips, cores, regions and the platform functions the applications call.
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vm_internal.h"
#include "generated/apps.h"

// Each core's DTCM is one malloc, so ASan alone cannot see an app overrun one of its
// allocations into the next or into the unused rest: with ASan, everything beyond what the
// core allocated is poisoned, and each allocation unpoisons exactly its bytes (the 8-byte
// alignment padding between allocations stays poisoned).
#ifdef VM_ASAN   // (vm_internal.h)
#include <sanitizer/asan_interface.h>
#define DTCM_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define DTCM_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define DTCM_POISON(p, n) ((void) (p), (void) (n))
#define DTCM_UNPOISON(p, n) ((void) (p), (void) (n))
#endif

#define DECLARE_APP(sym) extern const app_t sym;
APP_LIST(DECLARE_APP)
#define LIST_APP(sym) &sym,
static const app_t *const APPS[] = {APP_LIST(LIST_APP) NULL};
static const char *const FAMILIES[] = DYNAMICS_FAMILIES;

//! The app that runs `binary`: an app's own name, or a neuron app's name followed by
//! "_<family>" (the board's binary of one synapse-dynamics family: the x86 app has them all).
static const app_t *find_app(const char *binary) {
    for (int i = 0; APPS[i] != NULL; i++) {
        if (strcmp(APPS[i]->name, binary) == 0) {
            return APPS[i];
        }
    }
    for (int i = 0; APPS[i] != NULL; i++) {
        size_t n = strlen(APPS[i]->name);
        if (strncmp(APPS[i]->name, "neuron_", 7) != 0 || strncmp(APPS[i]->name, binary, n) != 0 ||
                binary[n] != '_') {
            continue;
        }
        for (int f = 0; FAMILIES[f] != NULL; f++) {
            if (strcmp(binary + n + 1, FAMILIES[f]) == 0) {
                return APPS[i];
            }
        }
    }
    return NULL;
}

void vm_set_error(vm_t *vm, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(vm->error, sizeof(vm->error), fmt, ap);
    va_end(ap);
}

const char *vm_error(const vm_t *vm) {
    return vm->error;
}

vm_t *vm_create(uint32_t width, uint32_t height) {
    if (width == 0 || height == 0 || width > 4096 || height > 4096) {
        return NULL;
    }
    vm_t *vm = calloc(1, sizeof(vm_t));
    if (vm == NULL) {
        return NULL;
    }
    vm->width = width;
    vm->height = height;
    vm->chip_at = malloc(sizeof(int32_t) * width * height);
    if (vm->chip_at == NULL) {
        free(vm);
        return NULL;
    }
    for (uint32_t i = 0; i < width * height; i++) {
        vm->chip_at[i] = -1;
    }
    return vm;
}

static void free_core(struct core *c) {
    for (int r = 0; r < VM_MAX_REGIONS; r++) {
        free(c->regions[r].data);
    }
    if (c->dtcm != NULL) {
        DTCM_UNPOISON(c->dtcm, VM_DTCM_BYTES);   // (free may look at the block)
    }
    host_dtcm_free(c->dtcm);
    host_block_free(c);
    for (int q = 0; q < 3; q++) {
        free(c->out[q].keys);
        free(c->out_pl[q].keys);
    }
    free(c->arrived_pl.keys);
    mailbox_free(&c->inbox);
    mailbox_free(&c->outbox);
    free(c);
}

void vm_destroy(vm_t *vm) {
    if (vm == NULL) {
        return;
    }
    for (uint32_t i = 0; i < vm->n_cores; i++) {
        free_core(vm->cores[i]);
    }
    for (uint32_t i = 0; i < vm->n_chips; i++) {
        free(vm->chips[i].entries);
    }
    free(vm->cores);
    free(vm->chips);
    free(vm->chip_at);
    free(vm->route_cache);
    free(vm->route_dest);
    for (uint32_t i = 0; i < vm->n_thread_caches; i++) {
        cache_free(&vm->thread_caches[i]);
    }
    free(vm->thread_caches);
    free(vm->core_thread);
    free(vm->thread_cores);
    free(vm->thread_first);
    host_pool_free(vm);
    free(vm);
}

static int chip_index(const vm_t *vm, uint32_t x, uint32_t y) {
    if (x >= vm->width || y >= vm->height) {
        return -1;
    }
    return vm->chip_at[y * vm->width + x];
}

int vm_add_chip(vm_t *vm, uint32_t x, uint32_t y, uint64_t sdram_bytes) {
    if (x >= vm->width || y >= vm->height || chip_index(vm, x, y) >= 0) {
        vm_set_error(vm, "chip (%u, %u) outside the machine or added twice", x, y);
        return -1;
    }
    if (vm->n_chips == vm->cap_chips) {
        uint32_t cap = vm->cap_chips ? 2 * vm->cap_chips : 64;
        chip_t *chips = realloc(vm->chips, cap * sizeof(chip_t));
        if (chips == NULL) {
            vm_set_error(vm, "out of host memory");
            return -1;
        }
        vm->chips = chips;
        vm->cap_chips = cap;
    }
    chip_t *c = &vm->chips[vm->n_chips];
    memset(c, 0, sizeof(*c));
    c->x = x;
    c->y = y;
    c->sdram = sdram_bytes;
    for (int l = 0; l < VM_LINKS; l++) {
        c->link[l] = -1;
    }
    for (int p = 0; p < VM_CORES_PER_CHIP; p++) {
        c->core_at[p] = -1;
    }
    vm->chip_at[y * vm->width + x] = (int32_t) vm->n_chips;
    return (int) vm->n_chips++;
}

int vm_add_link(vm_t *vm, uint32_t x, uint32_t y, uint32_t link, uint32_t nx, uint32_t ny) {
    int a = chip_index(vm, x, y), b = chip_index(vm, nx, ny);
    if (a < 0 || b < 0 || link >= VM_LINKS) {
        vm_set_error(vm, "link %u from (%u, %u) to (%u, %u): no such chip or link", link, x, y,
                     nx, ny);
        return -1;
    }
    vm->chips[a].link[link] = b;
    vm_clear_route_cache(vm);
    return 0;
}

int vm_set_table(vm_t *vm, uint32_t x, uint32_t y, uint32_t n, const uint32_t *kmr) {
    int ci = chip_index(vm, x, y);
    if (ci < 0) {
        vm_set_error(vm, "routing table for chip (%u, %u), which does not exist", x, y);
        return -1;
    }
    if (n > 1024) {
        vm_set_error(vm, "routing table of chip (%u, %u) has %u entries; the router holds 1024",
                     x, y, n);
        return -1;
    }
    chip_t *c = &vm->chips[ci];
    uint32_t *entries = malloc(sizeof(uint32_t) * 3u * (n ? n : 1u));
    if (entries == NULL) {
        vm_set_error(vm, "out of host memory");
        return -1;
    }
    memcpy(entries, kmr, sizeof(uint32_t) * 3u * n);
    free(c->entries);
    c->entries = entries;
    c->n_entries = n;
    vm_clear_route_cache(vm);
    return 0;
}

int vm_add_core(vm_t *vm, uint32_t x, uint32_t y, uint32_t p, const char *binary) {
    int ci = chip_index(vm, x, y);
    if (ci < 0 || p == 0 || p >= VM_CORES_PER_CHIP || vm->chips[ci].core_at[p] >= 0) {
        vm_set_error(vm, "core (%u, %u, %u): no such chip, monitor core, or already loaded",
                     x, y, p);
        return -1;
    }
    const app_t *app = find_app(binary);
    if (app == NULL) {
        vm_set_error(vm, "no binary called '%s' in this engine", binary);
        return -1;
    }
    if (vm->n_cores == vm->cap_cores) {
        uint32_t cap = vm->cap_cores ? 2 * vm->cap_cores : 64;
        struct core **cores = realloc(vm->cores, cap * sizeof(*cores));
        if (cores == NULL) {
            vm_set_error(vm, "out of host memory");
            return -1;
        }
        vm->cores = cores;
        vm->cap_cores = cap;
    }
    struct core *c = calloc(1, sizeof(struct core));
    if (c == NULL) {
        vm_set_error(vm, "out of host memory");
        return -1;
    }
    c->x = x;
    c->y = y;
    c->p = p;
    c->chip = ci;
    c->vm = vm;
    c->app = app;
    c->sending = &c->out[2];
    c->sending_pl = &c->out_pl[2];
    vm->chips[ci].core_at[p] = (int32_t) vm->n_cores;
    vm->cores[vm->n_cores] = c;
    return (int) vm->n_cores++;
}

static struct core *get_core(const vm_t *vm, int core) {
    return (core >= 0 && (uint32_t) core < vm->n_cores) ? vm->cores[core] : NULL;
}

int vm_set_region(vm_t *vm, int core, uint32_t region, const uint8_t *data, uint32_t size) {
    return vm_set_region_padded(vm, core, region, data, size, size);
}

int vm_set_region_padded(vm_t *vm, int core, uint32_t region, const uint8_t *data,
                         uint32_t size, uint32_t total) {
    struct core *c = get_core(vm, core);
    if (size > total) {
        vm_set_error(vm, "region %u of core %d: %u bytes of data for a %u-byte region",
                     region, core, size, total);
        return -1;
    }
    if (c == NULL || region >= VM_MAX_REGIONS) {
        vm_set_error(vm, "region %u of core %d: no such core or region", region, core);
        return -1;
    }
    chip_t *chip = &vm->chips[c->chip];
    region_t *r = &c->regions[region];
    uint64_t used = chip->sdram_used - r->size + total;
    if (used > chip->sdram) {
        vm_set_error(vm, "chip (%u, %u): SDRAM needed %llu bytes, available %llu", chip->x,
                     chip->y, (unsigned long long) used, (unsigned long long) chip->sdram);
        return -1;
    }
    // calloc: the zero tail of a big empty buffer costs no copy (and no page until written)
    // (2 MB pages for big regions: hostmem.c)
    uint8_t *copy = host_region_alloc(total, total > size);
    if (copy == NULL) {
        vm_set_error(vm, "out of host memory");
        return -1;
    }
    if (size) {
        memcpy(copy, data, size);
    }
    free(r->data);
    r->data = copy;
    r->size = total;
    chip->sdram_used = used;
    // the app may hold a pointer into the old buffer or rely on what it validated there:
    // the core must re-read the region (vm_reload or vm_init) before it runs again
    c->rewritten |= 1u << region;
    return 0;
}

uint32_t vm_region_size(const vm_t *vm, int core, uint32_t region) {
    struct core *c = get_core(vm, core);
    return (c == NULL || region >= VM_MAX_REGIONS) ? 0 : c->regions[region].size;
}

uint8_t *vm_region_data(vm_t *vm, int core, uint32_t region) {
    struct core *c = get_core(vm, core);
    return (c == NULL || region >= VM_MAX_REGIONS) ? NULL : c->regions[region].data;
}

static int init_core(vm_t *vm, struct core *c) {
    if (c->dtcm == NULL) {
        c->dtcm = host_dtcm_alloc(vm);
        if (c->dtcm == NULL) {
            vm_set_error(vm, "out of host memory");
            return -1;
        }
    }
    DTCM_UNPOISON(c->dtcm, VM_DTCM_BYTES);
    memset(c->dtcm, 0, VM_DTCM_BYTES);
    DTCM_POISON(c->dtcm, VM_DTCM_BYTES);
    c->dtcm_used = 0;
    host_block_free(c);   // (or kept for the next core_host_alloc: hostmem.c)
    c->state = NULL;
    c->error[0] = '\0';
    memset(c->counters, 0, sizeof(c->counters));
    c->inbox.size = c->inbox.read = 0;     // messages of an earlier run are gone
    c->outbox.size = c->outbox.read = 0;
    int err = c->app->init(c, &c->state);
    c->initialised = (err == APP_OK);
    c->rewritten = 0u;
    if (err != APP_OK) {
        vm_set_error(vm, "core (%u, %u, %u) running %s failed to start (error %d): %s", c->x,
                     c->y, c->p, c->app->name, err, c->error[0] ? c->error : "no detail");
        return -1;
    }
    return 0;
}

int vm_init(vm_t *vm) {
    vm->tick = 0;
    for (uint32_t i = 0; i < vm->n_chips; i++) {
        vm->chips[i].dropped = 0;
    }
    for (uint32_t i = 0; i < vm->n_cores; i++) {
        if (init_core(vm, vm->cores[i]) != 0) {
            return -1;
        }
    }
    return 0;
}

int vm_reset(vm_t *vm) {
    return vm_init(vm);
}

int vm_reload(vm_t *vm, int core) {
    struct core *c = get_core(vm, core);
    if (c == NULL || !c->initialised) {
        vm_set_error(vm, "reload of core %d, which is not running", core);
        return -1;
    }
    c->error[0] = '\0';
    int err = c->app->reload(c, c->state);
    c->rewritten = 0u;
    if (err != APP_OK) {
        c->initialised = 0;
        vm_set_error(vm, "core (%u, %u, %u) rejected its new parameters (error %d): %s", c->x,
                     c->y, c->p, err, c->error);
        return -1;
    }
    return 0;
}

void vm_pause(vm_t *vm) {
    for (uint32_t i = 0; i < vm->n_cores; i++) {
        struct core *c = vm->cores[i];
        if (c->initialised) {
            c->app->pause(c, c->state);
        }
    }
}

void vm_interrupt(vm_t *vm, int on) {
    atomic_store(&vm->interrupt, on != 0);
}

uint32_t vm_tick(const vm_t *vm) {
    return vm->tick;
}

int vm_counters(const vm_t *vm, int core, uint64_t *out, uint32_t n) {
    struct core *c = get_core(vm, core);
    if (c == NULL) {
        return -1;
    }
    for (uint32_t i = 0; i < n && i < CNT_N_COUNTERS; i++) {
        out[i] = c->counters[i];
    }
    return 0;
}

uint64_t vm_dropped(const vm_t *vm, uint32_t x, uint32_t y) {
    int ci = chip_index(vm, x, y);
    return ci < 0 ? 0 : vm->chips[ci].dropped;
}

uint32_t vm_dtcm_used(const vm_t *vm, int core) {
    struct core *c = get_core(vm, core);
    return c == NULL ? 0 : c->dtcm_used;
}

// ---------------------------------------------------------------- the platform (runtime.h)

const void *core_region(core_t *core, uint32_t region, uint32_t *size) {
    return core_region_rw(core, region, size);
}

void *core_region_rw(core_t *core, uint32_t region, uint32_t *size) {
    if (region >= VM_MAX_REGIONS || core->regions[region].data == NULL) {
        *size = 0;
        return NULL;
    }
    *size = core->regions[region].size;
    return core->regions[region].data;
}

int core_region_rewritten(const core_t *core, uint32_t region) {
    return region < VM_MAX_REGIONS && ((core->rewritten >> region) & 1u) != 0u;
}

void *core_dtcm_alloc(core_t *core, uint32_t bytes) {
    uint32_t aligned = (bytes + 7u) & ~7u;
    if (aligned < bytes || aligned > VM_DTCM_BYTES - core->dtcm_used) {
        return NULL;
    }
    void *p = core->dtcm + core->dtcm_used;
    core->dtcm_used += aligned;
    DTCM_UNPOISON(p, bytes);
    return p;
}

void *core_host_alloc(core_t *core, uint32_t bytes) {
    return host_block_alloc(core->vm, core, bytes);   // (hostmem.c)
}

int queue_push(queue_t *q, uint32_t key) {
    if (q->n == q->cap) {
        uint32_t cap = q->cap ? 2 * q->cap : 256;
        uint32_t *keys = realloc(q->keys, cap * sizeof(uint32_t));
        if (keys == NULL) {
            return -1;
        }
        q->keys = keys;
        q->cap = cap;
    }
    q->keys[q->n++] = key;
    return 0;
}

void core_send(core_t *core, uint32_t key) {
    if (queue_push(core->sending, key) != 0) {
        core->alloc_failed = 1;
        return;
    }
    core->counters[CNT_PACKETS_SENT]++;
}

void core_send_payload(core_t *core, uint32_t key, uint32_t payload) {
    if (queue_push(core->sending_pl, key) != 0 || queue_push(core->sending_pl, payload) != 0) {
        core->alloc_failed = 1;
        return;
    }
    core->counters[CNT_PACKETS_SENT]++;
}

void core_count(core_t *core, counter_t counter, uint32_t n) {
    if ((unsigned) counter < CNT_N_COUNTERS) {
        core->counters[counter] += n;
    }
}

void core_request_stop(core_t *core) {
    if (core->stop_stamp != 0u) {   // in a timer (see scheduler.c's thread protocol)
        atomic_store(&core->vm->stop_tick, core->stop_stamp);
    }
}

void core_error(core_t *core, const char *message) {
    snprintf(core->error, sizeof(core->error), "%s", message);
}

// ---------------------------------------------------------------- SDP mailboxes

void mailbox_free(mailbox_t *m) {
    free(m->data);
    memset(m, 0, sizeof(*m));
}

static int mailbox_put(mailbox_t *m, uint32_t tag, const void *data, uint32_t size) {
    if (m->read == m->size) {
        m->read = m->size = 0;   // everything taken: start again at the front
    }
    uint32_t need = 8u + ((size + 3u) & ~3u);
    if (m->size + need > m->cap) {
        uint32_t cap = m->cap ? m->cap : 1024u;
        while (cap < m->size + need) {
            cap *= 2u;
        }
        uint8_t *d = realloc(m->data, cap);
        if (d == NULL) {
            return -1;
        }
        m->data = d;
        m->cap = cap;
    }
    memcpy(m->data + m->size, &tag, 4);
    memcpy(m->data + m->size + 4, &size, 4);
    if (size) {
        memcpy(m->data + m->size + 8, data, size);
    }
    m->size += need;
    return 0;
}

//! Take the oldest message: copies at most max bytes, returns its size (0: none).
static uint32_t mailbox_take(mailbox_t *m, void *out, uint32_t max, uint32_t *tag) {
    if (m->read >= m->size) {
        return 0;
    }
    uint32_t size;
    memcpy(tag, m->data + m->read, 4);
    memcpy(&size, m->data + m->read + 4, 4);
    memcpy(out, m->data + m->read + 8, size < max ? size : max);
    m->read += 8u + ((size + 3u) & ~3u);
    return size;
}

int vm_sdp_to_core(vm_t *vm, int core, const uint8_t *data, uint32_t size) {
    struct core *c = get_core(vm, core);
    if (c == NULL || size > VM_SDP_MAX) {
        vm_set_error(vm, "SDP message of %u bytes for core %d: no such core, or longer "
                     "than %u bytes", size, core, VM_SDP_MAX);
        return -1;
    }
    if (mailbox_put(&c->inbox, 0, data, size) != 0) {
        vm_set_error(vm, "out of host memory");
        return -1;
    }
    return 0;
}

int vm_sdp_from_core(vm_t *vm, int core, uint8_t *out, uint32_t *tag) {
    struct core *c = get_core(vm, core);
    if (c == NULL) {
        vm_set_error(vm, "SDP read from core %d, which does not exist", core);
        return -1;
    }
    return (int) mailbox_take(&c->outbox, out, VM_SDP_MAX, tag);
}

uint32_t core_sdp_receive(core_t *core, void *buf, uint32_t max) {
    uint32_t tag;
    uint32_t size = mailbox_take(&core->inbox, buf, max, &tag);
    if (size) {
        core->counters[CNT_SDP_RECEIVED]++;
    }
    return size;
}

void core_sdp_send(core_t *core, uint32_t tag, const void *data, uint32_t size) {
    if (size > VM_SDP_MAX || mailbox_put(&core->outbox, tag, data, size) != 0) {
        core->counters[CNT_LIVE_DROPPED]++;
        return;
    }
    core->counters[CNT_SDP_SENT]++;
}
