//! \file
//! \brief The virtual machine's C interface (called from Python through ctypes).
//!
//! The engine holds chips (SDRAM budget, links, a multicast routing table) and cores (a
//! binary, data-spec regions, a 64 KB DTCM arena) and runs ticks in three phases: every core's
//! timer; routing of the packets sent through the loaded tables; delivery to the receiving
//! cores.  Functions return 0 on success and a negative value on error (vm_error() says why).
#ifndef VM_ENGINE_H
#define VM_ENGINE_H

#include <stdint.h>

#define VM_MAX_REGIONS 32
//! DTCM an application may allocate: the 64 KB of a core less what the ARM build keeps for
//! its stack and static data (make arm: 61,360 bytes free), rounded down.
#define VM_DTCM_BYTES (60u * 1024u)
#define VM_CORES_PER_CHIP 18
#define VM_LINKS 6
//! Longest SDP message a core exchanges with the host: 256 bytes of data (an EIEIO packet)
//! behind the 8-byte SDP header and the 2 bytes of padding the UDP form carries.
#define VM_SDP_MAX 256

typedef struct vm vm_t;

vm_t *vm_create(uint32_t width, uint32_t height);
void vm_destroy(vm_t *vm);
const char *vm_error(const vm_t *vm);

int vm_add_chip(vm_t *vm, uint32_t x, uint32_t y, uint64_t sdram_bytes);
int vm_add_link(vm_t *vm, uint32_t x, uint32_t y, uint32_t link, uint32_t nx, uint32_t ny);
int vm_set_table(vm_t *vm, uint32_t x, uint32_t y, uint32_t n_entries,
                 const uint32_t *key_mask_route);
int vm_add_core(vm_t *vm, uint32_t x, uint32_t y, uint32_t p, const char *binary);
int vm_set_region(vm_t *vm, int core, uint32_t region, const uint8_t *data, uint32_t size);
//! The same for a region of `total` bytes that starts with `size` bytes of data; the rest
//! is zero (an empty recording buffer: no need to pass its zeros).
int vm_set_region_padded(vm_t *vm, int core, uint32_t region, const uint8_t *data,
                         uint32_t size, uint32_t total);
uint32_t vm_region_size(const vm_t *vm, int core, uint32_t region);
uint8_t *vm_region_data(vm_t *vm, int core, uint32_t region);

int vm_init(vm_t *vm);
int vm_reload(vm_t *vm, int core);
void vm_pause(vm_t *vm);
//! Run up to n_ticks; returns the ticks run (fewer if a core's stop condition held) or -1.
int vm_run(vm_t *vm, uint32_t n_ticks, uint32_t n_threads);
int vm_reset(vm_t *vm);
//! From any thread, at any time: on != 0 makes a run in progress (or the next one) end
//! after its current tick, as a stop condition would; on == 0 clears the request (do that
//! before a run: vm_run leaves it as it is, so that a request made as a run starts counts).
void vm_interrupt(vm_t *vm, int on);
uint32_t vm_tick(const vm_t *vm);

int vm_counters(const vm_t *vm, int core, uint64_t *out, uint32_t n);
uint64_t vm_dropped(const vm_t *vm, uint32_t x, uint32_t y);
uint32_t vm_dtcm_used(const vm_t *vm, int core);

//! Queue an SDP message's data (at most VM_SDP_MAX bytes) for a core, as a board's Ethernet
//! chip does for a packet that arrives through a reverse IP tag; the core takes it in its
//! next timer tick.
int vm_sdp_to_core(vm_t *vm, int core, const uint8_t *data, uint32_t size);
//! The oldest message a core sent to the host (core_sdp_send): copies it into `out`
//! (VM_SDP_MAX bytes), sets *tag; returns its size, 0 when there is none, -1 on error.
int vm_sdp_from_core(vm_t *vm, int core, uint8_t *out, uint32_t *tag);

//! Host-side builder of one core's synaptic rows (rows.c), used by the mapping: counts per
//! global row and per-sender stride/offset (returns the matrix's words, -1 on a bad row),
//! then the matrix itself (a stable counting sort of the connections by row).
int64_t rows_layout(const int64_t *key, int64_t n_connections, const int64_t *bases,
                    int64_t n_senders, int64_t *counts, int64_t *stride, int64_t *offset);
void rows_place(const int64_t *key, const uint32_t *words, int64_t n_connections,
                const int64_t *bases, int64_t n_senders, int64_t *counts,
                const int64_t *stride, const int64_t *offset, uint32_t *matrix,
                int64_t n_words);

//! Host-side weight passes of the mapping (weights.c), one block of a projection: the
//! ring-buffer statistics (per-atom sums of |w| and w^2 added to the totals, exponent
//! histogram, largest weight; returns the positive weights' count) with int32 or int64
//! post indices, and the quantisation into 16-bit units with its report's counts and sums;
//! -1 for a post index, exponent or weight they cannot take.
int64_t weights_stats_i32(const double *w, const int32_t *post, int64_t n, int64_t n_atoms,
                          double *total, double *total_sq, double *scratch,
                          double *scratch_sq, int64_t *hist, int64_t hist_len,
                          int64_t exp_offset, double *biggest);
int64_t weights_stats_i64(const double *w, const int64_t *post, int64_t n, int64_t n_atoms,
                          double *total, double *total_sq, double *scratch,
                          double *scratch_sq, int64_t *hist, int64_t hist_len,
                          int64_t exp_offset, double *biggest);
int64_t weights_quantise(const double *w, int64_t n, double scale, uint16_t *out,
                         int64_t *counts, double *sums);

//! Host-side slice pairs of the partition (pairs.c), one post slice's connections: marks
//! present[delayed][owner[pre atom]][post_col] for each (int32 or int64 pre atom,
//! uint8/16/32 ticks or one delayed flag); 0, or -1 for an atom, owner or width it cannot
//! take.
int64_t pairs_mark(const void *pre, int64_t pre_bytes, const void *ticks, int64_t tick_bytes,
                   int64_t n, int64_t delayed_const, int64_t max_core_delay,
                   const int32_t *owner, int64_t n_atoms, int64_t n_pre,
                   uint8_t *present, int64_t n_post, int64_t post_col);

#endif  // VM_ENGINE_H
