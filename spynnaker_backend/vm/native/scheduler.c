//! \file
//! \brief The tick loop: timers, then delivery, with one barrier per tick.
//!
//! Each host thread owns the cores balance.c assigns it (by their counted work).  In tick t it runs
//! its cores' timers (their packets go to the tick's out queue, double-buffered by t & 1),
//! waits at the barrier, then walks every core's out queue in core order and send order,
//! routes each packet through its own routing cache (which keeps only the destinations it
//! owns) and sorts the packets by destination core (arrivals_t: a stable counting sort into
//! one array of the thread's); then it hands each of its cores that core's arrivals, core
//! after core.  So every core receives its packets in the
//! same order (source core, then send order) whatever the number of threads, and results do
//! not depend on it.  (Delivering core by core, not packet by packet, keeps one core's ring
//! buffers, population table and state in the host's caches while its packets are
//! processed: in a big network each packet otherwise lands on a different core.)  The next tick's timers write the other out queue, and no
//! thread can reach tick t + 2's timers before every thread has passed tick t + 1's
//! barrier, i.e. finished reading tick t's queues.
//!
//! ## Thread protocol (how every thread leaves at the same tick)
//!
//! A thread may leave the loop only where every other thread is certain to leave too, or
//! the others wait at the next barrier for ever.  So each reason to end is *stamped with
//! the tick in which it arose* and is acted on only after the barrier that follows it,
//! which every thread passes with the same view of everything written before it:
//!
//!   per thread, tick t:   T(t) timers  |  B(t) barrier  |  D(t) delivery
//!
//! - stop condition: a core's timer in T(t) stores vm->stop_tick = t + 1.  After B(t)
//!   every thread reads it; the run ends after D(t) iff stop_tick == t + 1.  A thread that
//!   is already in T(t + 1) (it found no stop at t) can only store t + 2, which a slower
//!   thread still deciding about tick t ignores.  (Reading a plain flag at the end of D(t)
//!   was the old race: a fast thread's T(t + 1) set the flag, a slow thread read it at
//!   the end of D(t) and left, and the fast thread waited at B(t + 1) for ever.)
//! - interrupt (vm_interrupt, e.g. Ctrl-C, from any thread at any time): only thread 0
//!   reads it, at the start of T(t), and turns it into a stop request for tick t; so the
//!   run ends after tick t, a whole tick, the same for every thread.
//! - out of host memory in D(t): the thread stores vm->failed_tick = t + 1 and goes on
//!   to B(t + 1) (skipping its timers).  After B(u) a thread leaves iff
//!   0 < failed_tick <= u, i.e. a delivery of an earlier tick failed: a failure of D(u)
//!   itself (stamped u + 1) is seen at B(u + 1) by everyone.  A failure is also known to
//!   all if a core's queue could not grow in T(t) (alloc_failed, read after B(t)).
//!
//! Every thread therefore leaves after the same barrier, with the same count of ticks
//! completed, and vm_run joins them all before it returns (no thread outlives a run).
//! The flags are C11 atomics (sequentially consistent); the barrier orders everything
//! else.  `make tsan` runs the thread tests under ThreadSanitizer.
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include "vm_internal.h"

//! A sense-reversing barrier that spins briefly, then sleeps on a condition variable.
//! Sleeping (not sched_yield) matters when threads outnumber free host cores: a waiting
//! thread gives its core to the thread it waits for instead of spinning for its timeslice.
typedef struct {
    atomic_uint waiting;
    atomic_uint sense;
    atomic_uint sleepers;
    uint32_t n;
    pthread_mutex_t lock;
    pthread_cond_t wake;
} barrier_t;

//! How long a waiting thread spins before it sleeps, adapted per thread: a wait that ends
//! while spinning lets the next spin longer (up to SPIN_MAX_NS, what the old fixed 4000
//! pauses took on this host); one that had to sleep (the thread it waits for was off its core: another
//! process, a page fault) halves it (down to SPIN_MIN_NS), so that on a busy host a waiting
//! thread frees its core sooner instead of spinning through each tick's wait.  On a quiet
//! host waits end within a few microseconds and the budget stays at the top.
#define SPIN_MAX_NS 60000u
#define SPIN_MIN_NS 8000u

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t) t.tv_sec * 1000000000u + (uint64_t) t.tv_nsec;
}

//! Spin until the barrier's sense is `sense` or budget_ns have passed; 1 if it flipped.
static int spin_for(const barrier_t *b, uint32_t sense, uint32_t budget_ns) {
    uint64_t start = 0;
    for (uint32_t spins = 0;; spins++) {
        if (atomic_load(&b->sense) == sense) {
            return 1;
        }
        cpu_relax();
        if ((spins & 63u) == 63u) {   // (the clock every 64 pauses: a few microseconds)
            uint64_t t = now_ns();
            if (start == 0) {
                start = t;
            } else if (t - start >= budget_ns) {
                return atomic_load(&b->sense) == sense;
            }
        }
    }
}

//! Wait for every thread; *spin_ns is this thread's spin budget (see SPIN_MAX_NS).
static void barrier_wait(barrier_t *b, uint32_t *local_sense, uint32_t *spin_ns) {
    uint32_t sense = *local_sense ^ 1u;
    *local_sense = sense;
    if (atomic_fetch_add(&b->waiting, 1u) + 1u == b->n) {
        atomic_store(&b->waiting, 0u);
        atomic_store(&b->sense, sense);
        if (atomic_load(&b->sleepers) != 0u) {
            pthread_mutex_lock(&b->lock);   // a sleeper checks sense under the lock
            pthread_cond_broadcast(&b->wake);
            pthread_mutex_unlock(&b->lock);
        }
        return;
    }
    if (spin_for(b, sense, *spin_ns)) {
        *spin_ns += (*spin_ns < SPIN_MAX_NS) ? (SPIN_MAX_NS - *spin_ns + 7u) / 8u : 0u;
        return;
    }
    *spin_ns = (*spin_ns / 2u > SPIN_MIN_NS) ? *spin_ns / 2u : SPIN_MIN_NS;
    pthread_mutex_lock(&b->lock);
    atomic_fetch_add(&b->sleepers, 1u);
    while (atomic_load(&b->sense) != sense) {
        pthread_cond_wait(&b->wake, &b->lock);
    }
    atomic_fetch_sub(&b->sleepers, 1u);
    pthread_mutex_unlock(&b->lock);
}

static void barrier_destroy(barrier_t *b) {
    pthread_mutex_destroy(&b->lock);
    pthread_cond_destroy(&b->wake);
}

//! One thread's packets of a tick, sorted by destination core.  Routing pushes no key into a
//! per-core queue (each push was a write to another core's queue, hundreds of cores apart:
//! a cache miss per delivered row in a big network): it lists the routed packets, counts
//! their deliveries per destination core in `count` (indexed by core, small and cache
//! resident), turns the counts of the thread's cores into offsets in thread order, then
//! writes each key to its offsets in `keys`.  Stable, so each core's arrivals keep the
//! routing order (source core, then send order), exactly as the queues had them.
typedef struct {
    uint32_t *packet;    //!< routed packets: key, first destination (cache->dest), count
    uint32_t n_packet, cap_packet;   //!< (in words: three a packet)
    uint32_t *count;     //!< n_cores: deliveries to each core, then its next offset
    uint32_t *start;     //!< the thread's cores + 1: where each one's arrivals begin
    uint32_t *keys;      //!< the arrivals, core after core (the thread's order)
    uint32_t cap_keys;
} arrivals_t;

//! Room for `n` words in a growing array; -1 when the host has no memory for it.
static int reserve(uint32_t **a, uint32_t *cap, uint32_t n) {
    if (n <= *cap) {
        return 0;
    }
    uint32_t want = *cap ? *cap : 1024u;
    while (want < n) {
        want *= 2u;
    }
    uint32_t *grown = realloc(*a, (size_t) want * sizeof(uint32_t));
    if (grown == NULL) {
        return -1;
    }
    *a = grown;
    *cap = want;
    return 0;
}

static void arrivals_free(arrivals_t *a) {
    free(a->packet);
    free(a->count);
    free(a->start);
    free(a->keys);
}

typedef struct {
    vm_t *vm;
    uint32_t n_ticks, n_threads, id;
    barrier_t *barrier;
    atomic_int *go;      //!< 0 wait, 1 run, -1 abort (a thread could not be created)
    route_cache_t *cache;
    arrivals_t arrivals;
    uint32_t completed;  //!< ticks this thread finished (delivery included)
} worker_t;

//! The lines of a core's struct that timer_phase touches, fetched ahead (`tick`'s queues).
static inline void prefetch_core_lines(const struct core *c, uint32_t tick) {
#if defined(__GNUC__)
    __builtin_prefetch(&c->state, 1, 2);
    __builtin_prefetch(&c->counters[CNT_TOTAL_CYCLES], 1, 2);
    __builtin_prefetch(&c->out[tick & 1u], 1, 2);
    __builtin_prefetch(&c->out_pl[tick & 1u], 1, 2);
    __builtin_prefetch(&c->stop_stamp, 1, 2);
#else
    (void) c;
    (void) tick;
#endif
}

//! What the timer of the thread's k-th core reads, fetched a few cores ahead: at full scale
//! the packet path flushes the host's L2 between two ticks, so a core's struct, its app's
//! state and the tick's ring plane would otherwise be missed line by line, in order
//! (benchmarks/README.md, "Run phase (session 9): the timer phase").
#define TIMER_AHEAD_CORE 3u   //!< the platform's struct core
#define TIMER_AHEAD_APP 2u    //!< the app's state struct (timer_prefetch stage 0)
#define TIMER_AHEAD_DATA 1u   //!< what that struct points at (stage 1)

static inline void timer_ahead(vm_t *vm, uint32_t k, uint32_t end, uint32_t tick) {
    if (k + TIMER_AHEAD_CORE < end) {
        prefetch_core_lines(vm->cores[vm->thread_cores[k + TIMER_AHEAD_CORE]], tick);
    }
    for (uint32_t stage = 0; stage < 2u; stage++) {
        uint32_t at = k + (stage == 0 ? TIMER_AHEAD_APP : TIMER_AHEAD_DATA);
        if (at < end) {
            const struct core *c = vm->cores[vm->thread_cores[at]];
            if (c->app != NULL && c->app->timer_prefetch != NULL && c->state != NULL) {
                c->app->timer_prefetch(c, c->state, tick, stage);
            }
        }
    }
}

static void timer_phase(vm_t *vm, uint32_t tick, uint32_t id, uint32_t stamp) {
    uint32_t first = vm->thread_first[id], end = vm->thread_first[id + 1u];
    for (uint32_t k = first; k < first + TIMER_AHEAD_CORE && k < end; k++) {
        prefetch_core_lines(vm->cores[vm->thread_cores[k]], tick);
    }
    for (uint32_t k = first; k < end; k++) {
        timer_ahead(vm, k, end, tick);
        struct core *c = vm->cores[vm->thread_cores[k]];
        c->stop_stamp = stamp;   // what core_request_stop stores in this timer
        c->cycles_at_tick_start = c->counters[CNT_TOTAL_CYCLES];
        queue_t *q = &c->out[tick & 1u];
        q->n = 0;
        c->sending = q;
        c->out_pl[tick & 1u].n = 0;
        c->sending_pl = &c->out_pl[tick & 1u];
        c->app->timer(c, c->state, tick);
        c->sending = &c->out[2];   // sends outside the timer are counted and discarded
        c->sending_pl = &c->out_pl[2];
        c->stop_stamp = 0u;        // and so are stop requests (only a timer may stop)
        c->out[2].n = 0;
        c->out_pl[2].n = 0;
    }
}

#include "pipeline.h"   // the delivery pipeline (pipeline_push / pipeline_flush)

//! Route the packets with payload sent in the tick of `parity` (as delivery_phase routes
//! the others: core order, then send order) into the arrival queues of this thread's
//! cores; thread 0 counts the drops.  Returns -1 when a queue or the cache could not grow.
static int route_payload_packets(vm_t *vm, route_cache_t *cache, uint32_t parity,
                                 uint32_t id) {
    for (uint32_t i = 0; i < vm->n_cores; i++) {
        const struct core *src = vm->cores[i];
        const queue_t *q = &src->out_pl[parity];
        for (uint32_t k = 0; k + 1u < q->n; k += 2u) {
            const route_slot_t *r = cache_route(vm, cache, src->chip, q->keys[k]);
            if (r == NULL) {
                return -1;
            }
            if (id == 0) {
                vm->chips[src->chip].dropped += r->n_dropped;
            }
            for (uint32_t d = 0; d < r->n_dest; d++) {
                queue_t *to = &vm->cores[cache->dest[r->first + d]]->arrived_pl;
                if (queue_push(to, q->keys[k]) != 0 || queue_push(to, q->keys[k + 1u]) != 0) {
                    return -1;
                }
            }
        }
    }
    return 0;
}

//! A core's packets with payload of this tick, after its others (the board's comms
//! controller gives the two kinds to different callbacks; their order between kinds is not
//! the application's to rely on).
static void deliver_payload_packets(struct core *c, uint32_t tick) {
    for (uint32_t k = 0; k + 1u < c->arrived_pl.n; k += 2u) {
        if (c->app->packet_payload != NULL) {
            c->app->packet_payload(c, c->state, c->arrived_pl.keys[k],
                                   c->arrived_pl.keys[k + 1u], tick);
        } else {
            c->counters[CNT_LIVE_DROPPED]++;
        }
    }
}

//! Route every packet sent in the tick of `parity` (core order, then send order) and sort
//! the deliveries to this thread's cores by core (arrivals_t); thread 0 also counts the
//! drops.  Returns -1 when an array or the cache could not grow.
static int route_packets(vm_t *vm, route_cache_t *cache, arrivals_t *a, uint32_t parity,
                         uint32_t id) {
    a->n_packet = 0;
    for (uint32_t i = 0; i < vm->n_cores; i++) {
        const struct core *src = vm->cores[i];
        const queue_t *q = &src->out[parity];
        for (uint32_t k = 0; k < q->n; k++) {
            const route_slot_t *r = cache_route(vm, cache, src->chip, q->keys[k]);
            if (r == NULL) {
                return -1;
            }
            if (id == 0) {
                vm->chips[src->chip].dropped += r->n_dropped;
            }
            if (r->n_dest == 0) {
                continue;
            }
            if (reserve(&a->packet, &a->cap_packet, a->n_packet + 3u) != 0) {
                return -1;
            }
            uint32_t *p = &a->packet[a->n_packet];
            p[0] = q->keys[k];
            p[1] = r->first;
            p[2] = r->n_dest;
            a->n_packet += 3u;
            const int32_t *dest = &cache->dest[r->first];   // (valid until the next route)
            for (uint32_t d = 0; d < r->n_dest; d++) {
                a->count[dest[d]]++;
            }
        }
    }
    // counts -> offsets, in the order the thread delivers its cores
    const uint32_t first = vm->thread_first[id], end = vm->thread_first[id + 1u];
    uint32_t total = 0;
    for (uint32_t j = first; j < end; j++) {
        uint32_t core = vm->thread_cores[j];
        a->start[j - first] = total;
        total += a->count[core];
        a->count[core] = a->start[j - first];
    }
    a->start[end - first] = total;
    if (reserve(&a->keys, &a->cap_keys, total) != 0) {
        for (uint32_t j = first; j < end; j++) {
            a->count[vm->thread_cores[j]] = 0;   // (clean for the next tick)
        }
        return -1;
    }
    for (uint32_t k = 0; k < a->n_packet; k += 3u) {
        const int32_t *dest = &cache->dest[a->packet[k + 1u]];
        for (uint32_t d = 0; d < a->packet[k + 2u]; d++) {
            a->keys[a->count[dest[d]]++] = a->packet[k];
        }
    }
    for (uint32_t j = first; j < end; j++) {
        a->count[vm->thread_cores[j]] = 0;
    }
    return 0;
}

//! Route every packet sent in `tick` and deliver those for this thread's cores; thread 0
//! also counts the drops.  Returns -1 when an array or the cache could not grow.
static int delivery_phase(vm_t *vm, route_cache_t *cache, arrivals_t *a, uint32_t tick,
                          uint32_t id) {
    uint32_t parity = tick & 1u;
    pipeline_t pipe = {{NULL}, {0}, {NULL}, 0, 0};   // (only this thread's deliveries)
    for (uint32_t i = 0; i < vm->n_cores; i++) {
        if (vm->cores[i]->alloc_failed) {
            return -1;
        }
    }
    const uint32_t first = vm->thread_first[id], end = vm->thread_first[id + 1u];
    for (uint32_t k = first; k < end; k++) {
        vm->cores[vm->thread_cores[k]]->arrived_pl.n = 0;   // (a failed delivery may have left some)
    }
    if (route_packets(vm, cache, a, parity, id) != 0 ||
        route_payload_packets(vm, cache, parity, id) != 0) {
        return -1;
    }
    for (uint32_t j = first; j < end; j++) {
        struct core *c = vm->cores[vm->thread_cores[j]];
        for (uint32_t k = a->start[j - first]; k < a->start[j - first + 1u]; k++) {
            pipeline_push(&pipe, c, a->keys[k], tick);
        }
    }
    pipeline_flush(&pipe, tick);
    for (uint32_t k = first; k < end; k++) {
        deliver_payload_packets(vm->cores[vm->thread_cores[k]], tick);
    }
    for (uint32_t k = first; k < end; k++) {
        struct core *c = vm->cores[vm->thread_cores[k]];
        uint64_t cycles = c->counters[CNT_TOTAL_CYCLES] - c->cycles_at_tick_start;
        if (cycles > c->counters[CNT_MAX_TICK_CYCLES]) {
            c->counters[CNT_MAX_TICK_CYCLES] = cycles;
        }
    }
    return 0;
}

static void *worker(void *arg) {
    worker_t *w = arg;
    vm_t *vm = w->vm;
    uint32_t sense = 0, spin_ns = SPIN_MAX_NS;
    while (atomic_load(w->go) == 0) {
        sched_yield();
    }
    if (atomic_load(w->go) < 0) {
        return NULL;
    }
    uint32_t first = vm->tick;
    for (uint32_t t = 0; t < w->n_ticks; t++) {
        uint32_t stamp = t + 1u;   // what a reason to end that arises in tick t stores
        if (w->id == 0 && atomic_load(&vm->interrupt)) {
            atomic_store(&vm->stop_tick, stamp);   // end after this tick (see the protocol)
        }
        uint32_t failed = atomic_load(&vm->failed_tick);
        if (failed == 0) {
            timer_phase(vm, first + t, w->id, stamp);
        }
        barrier_wait(w->barrier, &sense, &spin_ns);
        failed = atomic_load(&vm->failed_tick);
        if (failed != 0 && failed <= t) {
            break;   // a delivery of an earlier tick failed: every thread sees it here
        }
        int stop = atomic_load(&vm->stop_tick) == stamp;
        if (delivery_phase(vm, w->cache, &w->arrivals, first + t, w->id) != 0) {
            atomic_store(&vm->failed_tick, stamp);
            continue;   // on to the next barrier, after which every thread leaves
        }
        w->completed = t + 1;
        if (stop) {
            break;   // a timer of this tick asked to stop: every thread read the same stamp
        }
    }
    return NULL;
}

//! One routing cache per thread, kept across runs (cleared when the tables change).
static int thread_caches(vm_t *vm, uint32_t n_threads) {
    if (vm->n_thread_caches != n_threads) {
        for (uint32_t i = 0; i < vm->n_thread_caches; i++) {
            cache_free(&vm->thread_caches[i]);
        }
        free(vm->thread_caches);
        vm->n_thread_caches = 0;
        vm->thread_caches = calloc(n_threads, sizeof(route_cache_t));
        if (vm->thread_caches == NULL) {
            return -1;
        }
        for (uint32_t i = 0; i < n_threads; i++) {
            vm->thread_caches[i].owner = i;   // (its cores: vm_assign_cores)
        }
        vm->n_thread_caches = n_threads;
    }
    return 0;
}

int vm_run(vm_t *vm, uint32_t n_ticks, uint32_t n_threads) {
    for (uint32_t i = 0; i < vm->n_cores; i++) {
        if (!vm->cores[i]->initialised) {
            vm_set_error(vm, "core (%u, %u, %u) is not running; load and init first",
                         vm->cores[i]->x, vm->cores[i]->y, vm->cores[i]->p);
            return -1;
        }
        if (vm->cores[i]->rewritten != 0u) {
            vm_set_error(vm, "core (%u, %u, %u): region %d was rewritten after the core read "
                         "it; reload or reset the core before running", vm->cores[i]->x,
                         vm->cores[i]->y, vm->cores[i]->p,
                         __builtin_ctz(vm->cores[i]->rewritten));
            return -1;
        }
    }
    if (n_threads == 0) {
        n_threads = 1;
    }
    if (n_threads > vm->n_cores) {
        n_threads = vm->n_cores ? vm->n_cores : 1;
    }
    if (thread_caches(vm, n_threads) != 0 || vm_assign_cores(vm, n_threads) != 0) {
        vm_set_error(vm, "out of host memory");
        return -1;
    }
    worker_t *w = calloc(n_threads, sizeof(worker_t));
    pthread_t *th = calloc(n_threads, sizeof(pthread_t));
    if (w == NULL || th == NULL) {
        free(w);
        free(th);
        vm_set_error(vm, "out of host memory");
        return -1;
    }
    atomic_int go = 0;
    barrier_t barrier;
    atomic_init(&barrier.waiting, 0u);
    atomic_init(&barrier.sense, 0u);
    atomic_init(&barrier.sleepers, 0u);
    barrier.n = n_threads;
    pthread_mutex_init(&barrier.lock, NULL);
    pthread_cond_init(&barrier.wake, NULL);
    uint32_t started = 1;
    int no_memory = 0;
    for (uint32_t i = 0; i < n_threads; i++) {
        w[i] = (worker_t) {vm, n_ticks, n_threads, i, &barrier, &go,
                           &vm->thread_caches[i], {NULL, 0, 0, NULL, NULL, NULL, 0}, 0};
        w[i].arrivals.count = calloc(vm->n_cores ? vm->n_cores : 1u, sizeof(uint32_t));
        w[i].arrivals.start = calloc(vm->thread_first[i + 1u] - vm->thread_first[i] + 1u,
                                     sizeof(uint32_t));
        no_memory |= w[i].arrivals.count == NULL || w[i].arrivals.start == NULL;
    }
    if (no_memory) {
        for (uint32_t i = 0; i < n_threads; i++) {
            arrivals_free(&w[i].arrivals);
        }
        barrier_destroy(&barrier);
        free(w);
        free(th);
        vm_set_error(vm, "out of host memory");
        return -1;
    }
    for (uint32_t i = 1; i < n_threads; i++) {
        if (pthread_create(&th[i], NULL, worker, &w[i]) != 0) {
            break;
        }
        started++;
    }
    if (started != n_threads) {
        atomic_store(&go, -1);   // the started threads leave before touching any core
        for (uint32_t i = 1; i < started; i++) {
            pthread_join(th[i], NULL);
        }
        barrier_destroy(&barrier);
        for (uint32_t i = 0; i < n_threads; i++) {
            arrivals_free(&w[i].arrivals);
        }
        free(w);
        free(th);
        return vm_run(vm, n_ticks, 1);
    }
    atomic_store(&vm->stop_tick, 0u);
    atomic_store(&vm->failed_tick, 0u);
    atomic_store(&go, 1);
    worker(&w[0]);
    for (uint32_t i = 1; i < n_threads; i++) {
        pthread_join(th[i], NULL);
    }
    barrier_destroy(&barrier);
    uint32_t completed = w[0].completed;
    vm->tick += completed;
    for (uint32_t i = 0; i < n_threads; i++) {
        arrivals_free(&w[i].arrivals);
    }
    free(w);
    free(th);
    if (atomic_load(&vm->failed_tick) != 0u) {
        vm_set_error(vm, "out of host memory while routing packets");
        return -1;
    }
    return (int) completed;
}
