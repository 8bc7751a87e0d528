//! \file
//! \brief Host memory for what the run phase reads at random: regions, DTCMs and the cores'
//!        host blocks in 2 MB pages.
//!
//! A big network's run reads, for every packet, a population-index slot and a synaptic row
//! at random places of gigabytes of matrices and megabytes of indexes, then the core's ring
//! buffers.  In 4 kB pages nearly every such read also misses the TLB, and on a virtual host
//! (this project's 2-core KVM machine) a TLB miss walks two sets of page tables: a random
//! 64-byte read cost 33 ns against 16 ns in 2 MB pages (benchmarks/README.md).  So a region
//! of 2 MB or more is placed at a 2 MB boundary and advised as a huge-page candidate
//! (MADV_HUGEPAGE: honoured when the system's transparent huge pages are "madvise" or
//! "always", a no-op otherwise), and the cores' DTCMs and host blocks (core_host_alloc:
//! the population-table index) are cut from shared 2 MB chunks instead of one malloc each.
//! A chunk is freed with the machine; a core's host block is reused when a reload asks for
//! no more than it has.
//!
//! Under AddressSanitizer every block stays a separate malloc (its redzones between them
//! catch an app that overruns its DTCM or block into the next core's).
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "vm_internal.h"

#define HUGE_PAGE ((size_t) 2u * 1024u * 1024u)

static void advise_huge(void *p, size_t bytes) {
#ifdef MADV_HUGEPAGE
    (void) madvise(p, bytes, MADV_HUGEPAGE);   // advice only: a refusal changes nothing
#else
    (void) p;
    (void) bytes;
#endif
}

void *host_region_alloc(size_t bytes, int zero) {
    if (zero) {
        // (calloc: a big buffer's zero pages cost nothing until written; such buffers are
        // recordings, written in order, which small pages serve as well)
        return calloc(1, bytes ? bytes : 1u);
    }
    if (bytes < HUGE_PAGE) {
        return malloc(bytes ? bytes : 1u);
    }
    void *p = NULL;
    if (posix_memalign(&p, HUGE_PAGE, bytes) != 0) {
        return NULL;
    }
    // advised before the first write, so that the pages are faulted in as huge ones
    advise_huge(p, (bytes + HUGE_PAGE - 1u) & ~(HUGE_PAGE - 1u));
    return p;
}

#if defined(VM_ASAN)
uint8_t *host_dtcm_alloc(vm_t *vm) {
    (void) vm;
    return malloc(VM_DTCM_BYTES);
}

void host_dtcm_free(uint8_t *dtcm) {
    free(dtcm);
}

void *host_block_alloc(vm_t *vm, struct core *c, uint32_t bytes) {
    (void) vm;
    free(c->host_mem);
    c->host_mem = calloc(1, bytes ? bytes : 1u);
    c->host_mem_cap = c->host_mem ? bytes : 0u;
    return c->host_mem;
}

void host_block_free(struct core *c) {
    free(c->host_mem);
    c->host_mem = NULL;
    c->host_mem_cap = 0;
}

void host_pool_free(vm_t *vm) {
    (void) vm;
}
#else
//! Blocks larger than this get a chunk of their own (not cut from the current one).
#define OWN_CHUNK (HUGE_PAGE / 4u)

static int pool_keep(vm_t *vm, uint8_t *chunk) {
    if (vm->n_pool_chunks == vm->cap_pool_chunks) {
        uint32_t cap = vm->cap_pool_chunks ? 2u * vm->cap_pool_chunks : 8u;
        uint8_t **chunks = realloc(vm->pool_chunks, cap * sizeof(uint8_t *));
        if (chunks == NULL) {
            return -1;
        }
        vm->pool_chunks = chunks;
        vm->cap_pool_chunks = cap;
    }
    vm->pool_chunks[vm->n_pool_chunks++] = chunk;
    return 0;
}

//! `bytes` (not zeroed) at a 64-byte boundary, freed with the machine; NULL if out of memory.
static uint8_t *pool_take(vm_t *vm, size_t bytes) {
    bytes = (bytes + 63u) & ~(size_t) 63u;
    if (bytes > OWN_CHUNK) {
        uint8_t *own = host_region_alloc(bytes, 0);
        if (own != NULL && pool_keep(vm, own) != 0) {
            free(own);
            own = NULL;
        }
        return own;
    }
    if (bytes > vm->pool_left) {
        uint8_t *chunk = host_region_alloc(HUGE_PAGE, 0);
        if (chunk == NULL || pool_keep(vm, chunk) != 0) {
            free(chunk);
            return NULL;
        }
        vm->pool_next = chunk;
        vm->pool_left = HUGE_PAGE;
    }
    uint8_t *p = vm->pool_next;
    vm->pool_next += bytes;
    vm->pool_left -= bytes;
    return p;
}

uint8_t *host_dtcm_alloc(vm_t *vm) {
    return pool_take(vm, VM_DTCM_BYTES);
}

void host_dtcm_free(uint8_t *dtcm) {
    (void) dtcm;   // freed with its chunk (host_pool_free)
}

void *host_block_alloc(vm_t *vm, struct core *c, uint32_t bytes) {
    if (c->host_mem == NULL || bytes > c->host_mem_cap) {
        c->host_mem = pool_take(vm, bytes ? bytes : 1u);   // (the old block stays unused)
        c->host_mem_cap = c->host_mem ? bytes : 0u;
    }
    if (c->host_mem != NULL) {
        memset(c->host_mem, 0, bytes);
    }
    return c->host_mem;
}

void host_block_free(struct core *c) {
    (void) c;   // kept for the core's next host_block_alloc, freed with its chunk
}

void host_pool_free(vm_t *vm) {
    for (uint32_t i = 0; i < vm->n_pool_chunks; i++) {
        free(vm->pool_chunks[i]);
    }
    free(vm->pool_chunks);
    vm->pool_chunks = NULL;
    vm->n_pool_chunks = vm->cap_pool_chunks = 0;
    vm->pool_next = NULL;
    vm->pool_left = 0;
}
#endif
