//! \file
//! \brief Load and run a machine file (spynnaker_backend/vm/machine_file.py) on the engine.
//!
//! Built three ways: with -fsanitize=fuzzer as the libFuzzer target of `make fuzz`
//! (LLVMFuzzerTestOneInput), and with -DREPLAY_MAIN as a command-line replayer
//! (`fuzz_replay [--threads N] [--interrupt] FILE...`) that `make tsan` runs under
//! ThreadSanitizer.  Whatever the bytes, the engine must answer with an error or run: a
//! crash, a sanitizer report or a hang is a bug of the engine (or of this parser).
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "engine.h"

//! Limits of this driver (not of the engine): keep each input fast.
#define MAX_SIDE 16u
#define MAX_ITEMS 256u
#define MAX_TICKS 64u
#define MAX_THREADS 4u

typedef struct {
    const uint8_t *data;
    size_t size, at;
    int bad;
} reader_t;

static uint32_t u32(reader_t *r) {
    if (r->bad || r->size - r->at < 4) {
        r->bad = 1;
        return 0;
    }
    uint32_t v;
    memcpy(&v, r->data + r->at, 4);
    r->at += 4;
    return v;
}

static uint64_t u64(reader_t *r) {
    uint64_t lo = u32(r);
    return lo | (uint64_t) u32(r) << 32;
}

//! n bytes in place (NULL when truncated).
static const uint8_t *take(reader_t *r, uint32_t n) {
    if (r->bad || r->size - r->at < n) {
        r->bad = 1;
        return NULL;
    }
    const uint8_t *p = r->data + r->at;
    r->at += n;
    return p;
}

//! A count of items no bigger than MAX_ITEMS (else the input is refused).
static uint32_t count(reader_t *r) {
    uint32_t n = u32(r);
    if (n > MAX_ITEMS) {
        r->bad = 1;
        return 0;
    }
    return n;
}

typedef struct {
    vm_t *vm;
    uint32_t n_ticks, n_threads;
} run_t;

static void *run_thread(void *arg) {
    run_t *run = arg;
    if (vm_run(run->vm, run->n_ticks, run->n_threads) >= 0) {
        vm_pause(run->vm);
    }
    return NULL;
}

static int interrupt_mode = 0;

//! vm_run, or with interrupt_mode a long run in another thread that this one interrupts.
static void run_ticks(vm_t *vm, uint32_t n_ticks, uint32_t n_threads) {
    if (!interrupt_mode) {
        if (vm_run(vm, n_ticks, n_threads) >= 0) {
            vm_pause(vm);
        }
        return;
    }
    run_t run = {vm, 1000000u, n_threads};
    pthread_t th;
    vm_interrupt(vm, 0);
    uint32_t before = vm_tick(vm);
    if (pthread_create(&th, NULL, run_thread, &run) != 0) {
        return;
    }
    struct timespec pause = {0, 2000000};
    nanosleep(&pause, NULL);
    vm_interrupt(vm, 1);
    pthread_join(th, NULL);
    if (vm_tick(vm) - before >= run.n_ticks) {
        fprintf(stderr, "vm_interrupt did not end the run\n");
        abort();
    }
}

//! Load, run, rewrite and reload, run, reset and run the machine in `data`.
static int replay(const uint8_t *data, size_t size, uint32_t threads) {
    reader_t r = {data, size, 0, 0};
    const uint8_t *magic = take(&r, 4);
    if (magic == NULL || memcmp(magic, "SPVM", 4) != 0 || u32(&r) != 1u) {
        return 0;
    }
    uint32_t width = u32(&r), height = u32(&r);
    if (r.bad || width > MAX_SIDE || height > MAX_SIDE) {
        return 0;
    }
    vm_t *vm = vm_create(width, height);
    if (vm == NULL) {
        return 0;
    }
    int ok = 1;
    for (uint32_t i = 0, n = count(&r); ok && i < n; i++) {
        uint32_t x = u32(&r), y = u32(&r);
        uint64_t sdram = u64(&r);
        ok = !r.bad && vm_add_chip(vm, x, y, sdram) >= 0;
    }
    for (uint32_t i = 0, n = ok ? count(&r) : 0; ok && i < n; i++) {
        uint32_t v[5];
        for (int k = 0; k < 5; k++) {
            v[k] = u32(&r);
        }
        ok = !r.bad && vm_add_link(vm, v[0], v[1], v[2], v[3], v[4]) >= 0;
    }
    for (uint32_t i = 0, n = ok ? count(&r) : 0; ok && i < n; i++) {
        uint32_t x = u32(&r), y = u32(&r), entries = u32(&r);
        const uint8_t *words = (entries <= 4096u) ? take(&r, entries * 12u) : NULL;
        uint32_t *copy = words ? malloc(entries * 12u + 4u) : NULL;   // aligned for the engine
        if (words != NULL && copy != NULL) {
            memcpy(copy, words, entries * 12u);
            ok = vm_set_table(vm, x, y, entries, copy) >= 0;
        } else {
            ok = 0;
        }
        free(copy);
    }
    uint32_t n_cores = ok ? count(&r) : 0;
    for (uint32_t i = 0; ok && i < n_cores; i++) {
        uint32_t x = u32(&r), y = u32(&r), p = u32(&r), len = u32(&r);
        const uint8_t *name = (len < 64u) ? take(&r, len) : NULL;
        char binary[64];
        if (name == NULL) {
            ok = 0;
            break;
        }
        memcpy(binary, name, len);
        binary[len] = '\0';
        int core = vm_add_core(vm, x, y, p, binary);
        ok = core >= 0;
        for (uint32_t k = 0, n = ok ? count(&r) : 0; ok && k < n; k++) {
            uint32_t region = u32(&r), bytes = u32(&r);
            const uint8_t *blob = take(&r, bytes);
            ok = blob != NULL && vm_set_region(vm, core, region, blob, bytes) >= 0;
        }
    }
    uint32_t ticks = u32(&r), thread_code = u32(&r);
    ok = ok && !r.bad && vm_init(vm) >= 0;
    uint32_t n_threads = threads ? threads : 1u + thread_code % MAX_THREADS;
    ticks = ticks < MAX_TICKS ? ticks : MAX_TICKS;
    if (ok) {
        run_ticks(vm, ticks, n_threads);
        for (uint32_t i = 0, n = count(&r); !r.bad && i < n; i++) {
            uint32_t core = u32(&r), region = u32(&r), bytes = u32(&r);
            const uint8_t *blob = take(&r, bytes);
            if (blob != NULL && vm_set_region(vm, (int) core, region, blob, bytes) >= 0) {
                vm_reload(vm, (int) core);
            }
        }
        uint32_t after = u32(&r);
        run_ticks(vm, after < MAX_TICKS ? after : MAX_TICKS, n_threads);
        if (vm_reset(vm) >= 0) {
            run_ticks(vm, ticks, n_threads);
        }
    }
    vm_destroy(vm);
    return 0;
}

#ifdef REPLAY_MAIN
int main(int argc, char **argv) {
    uint32_t threads = 0;
    int files = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
            threads = (uint32_t) atoi(argv[++i]);
            continue;
        }
        if (strcmp(argv[i], "--interrupt") == 0) {
            interrupt_mode = 1;
            continue;
        }
        FILE *f = fopen(argv[i], "rb");
        if (f == NULL) {
            perror(argv[i]);
            return 2;
        }
        fseek(f, 0, SEEK_END);
        long size = ftell(f);
        fseek(f, 0, SEEK_SET);
        uint8_t *data = malloc(size > 0 ? (size_t) size : 1u);
        if (data == NULL || fread(data, 1, (size_t) size, f) != (size_t) size) {
            fclose(f);
            free(data);
            return 2;
        }
        fclose(f);
        replay(data, (size_t) size, threads);
        free(data);
        files++;
    }
    printf("replayed %d machine files\n", files);
    return 0;
}
#else
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    return replay(data, size, 0);
}
#endif
