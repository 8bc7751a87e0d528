//! \file
//! \brief Recording: configuration checks, sampling interval, and buffer overflow (counted,
//!        never written past the buffer).  Runs against a minimal fake platform.
#include <string.h>
#include "harness.h"
#include "recording.h"

struct core {
    void *region[32];
    uint32_t size[32];
    uint32_t counters[CNT_N_COUNTERS];
    char error[128];
};

const void *core_region(core_t *core, uint32_t region, uint32_t *size) {
    return core_region_rw(core, region, size);
}

void *core_region_rw(core_t *core, uint32_t region, uint32_t *size) {
    *size = (region < 32 && core->region[region] != NULL) ? core->size[region] : 0;
    return *size ? core->region[region] : NULL;
}

void *core_dtcm_alloc(core_t *core, uint32_t bytes) {
    static uint32_t pool[64];
    static uint32_t used;
    (void) core;
    if (bytes > sizeof(pool) - used) {
        return NULL;
    }
    void *p = (uint8_t *) pool + used;
    used += (bytes + 3u) & ~3u;
    return p;
}

void core_send(core_t *core, uint32_t key) {
    (void) core;
    (void) key;
}

void core_count(core_t *core, counter_t counter, uint32_t n) {
    core->counters[counter] += n;
}

void core_error(core_t *core, const char *message) {
    strncpy(core->error, message, sizeof(core->error) - 1);
}

//! A config region with one enabled channel and a buffer region of `capacity` data bytes.
typedef struct {
    recording_header_t h;
    recording_channel_t ch[2];
} config_t;

typedef struct {
    recording_buffer_t b;
    uint8_t data[64];
    uint8_t guard[16];        //!< must never be written
} buffer_t;

static void setup(core_t *core, config_t *cfg, buffer_t *buf, uint32_t capacity,
                  uint32_t interval) {
    memset(core, 0, sizeof(*core));
    memset(cfg, 0, sizeof(*cfg));
    memset(buf, 0, sizeof(*buf));
    memset(buf->guard, 0xA5, sizeof(buf->guard));
    cfg->h.n_channels = 2;
    cfg->ch[0] = (recording_channel_t) {1, interval, 0, 0, 0};
    cfg->ch[1] = (recording_channel_t) {0, 1, 0, 0, 0};   // disabled: needs no buffer
    buf->b.capacity = capacity;
    core->region[REGION_RECORDING_CONFIG] = cfg;
    core->size[REGION_RECORDING_CONFIG] = sizeof(*cfg);
    core->region[REGION_RECORDING_0] = buf;
    core->size[REGION_RECORDING_0] = sizeof(recording_buffer_t) + sizeof(buf->data);
}

static int guard_intact(const buffer_t *buf) {
    for (uint32_t i = 0; i < sizeof(buf->guard); i++) {
        if (buf->guard[i] != 0xA5) {
            return 0;
        }
    }
    return 1;
}

static void test_no_config_means_no_channels(void) {
    core_t core;
    memset(&core, 0, sizeof(core));
    recording_t rec = {0};
    CHECK_EQ(recording_init(&core, &rec), APP_OK);
    CHECK_EQ(rec.n_channels, 0);
    CHECK(!recording_due(&rec, 0, 0));
}

static void test_bad_configs_rejected(void) {
    core_t core;
    config_t cfg;
    buffer_t buf;
    recording_t rec = {0};
    setup(&core, &cfg, &buf, 64, 1);
    cfg.h.n_channels = MAX_CHANNELS + 1;
    CHECK_EQ(recording_init(&core, &rec), APP_ERR_BAD_RECORDING);
    setup(&core, &cfg, &buf, 64, 1);
    core.size[REGION_RECORDING_CONFIG] = sizeof(recording_header_t) + 4;   // truncated
    CHECK_EQ(recording_init(&core, &rec), APP_ERR_BAD_RECORDING);
    setup(&core, &cfg, &buf, 64, 0);                                      // interval 0
    CHECK_EQ(recording_init(&core, &rec), APP_ERR_BAD_RECORDING);
    setup(&core, &cfg, &buf, 65, 1);                       // capacity beyond the region
    CHECK_EQ(recording_init(&core, &rec), APP_ERR_BAD_RECORDING);
    CHECK(core.error[0] != '\0');
    setup(&core, &cfg, &buf, 64, 1);
    core.region[REGION_RECORDING_0] = NULL;                // enabled channel, no buffer
    CHECK_EQ(recording_init(&core, &rec), APP_ERR_BAD_RECORDING);
}

//! Spikes with a sampling interval of 3: ticks {0}, {1, 2, 3}, {4, 5, 6} form the windows,
//! OR-ed and written at ticks 0, 3, 6 (as a board's neuron recording does).
static void test_spike_windows(void) {
    core_t core;
    config_t cfg;
    buffer_t buf;
    recording_t rec = {0};
    static uint32_t sys_words[16];
    system_header_t *sys = (system_header_t *) sys_words;
    setup(&core, &cfg, &buf, 64, 3);
    sys->magic = DATA_MAGIC;
    sys->n_atoms = 20;
    core.region[REGION_SYSTEM] = sys;
    core.size[REGION_SYSTEM] = sizeof(sys_words);
    CHECK(recording_init(&core, &rec) == APP_OK);
    CHECK(rec.spike_window != NULL);
    const uint32_t spikes[7] = {1u, 2u, 0u, 4u, 8u, 0u, 0u};
    for (uint32_t t = 0; t < 7; t++) {
        recording_spikes(&core, &rec, &spikes[t], 1, t);
    }
    const uint32_t *w = (const uint32_t *) buf.data;
    CHECK(buf.b.used == 12);
    CHECK(w[0] == 1u && w[1] == 6u && w[2] == 8u);
}

static void test_interval(void) {
    core_t core;
    config_t cfg;
    buffer_t buf;
    recording_t rec = {0};
    setup(&core, &cfg, &buf, 64, 3);
    CHECK_EQ(recording_init(&core, &rec), APP_OK);
    CHECK(recording_due(&rec, 0, 0));
    CHECK(!recording_due(&rec, 0, 1));
    CHECK(!recording_due(&rec, 0, 2));
    CHECK(recording_due(&rec, 0, 3));
    CHECK(!recording_due(&rec, 1, 0));     // disabled channel
    CHECK(!recording_due(&rec, 2, 0));     // no such channel
}

static void test_overflow_counted_and_contained(void) {
    core_t core;
    config_t cfg;
    buffer_t buf;
    recording_t rec = {0};
    setup(&core, &cfg, &buf, 64, 1);
    CHECK_EQ(recording_init(&core, &rec), APP_OK);
    uint8_t chunk[24];
    memset(chunk, 0x3C, sizeof(chunk));
    recording_write(&core, &rec, 0, chunk, 24);
    recording_write(&core, &rec, 0, chunk, 24);
    CHECK_EQ(buf.b.used, 48);
    CHECK_EQ(core.counters[CNT_RECORDING_OVERFLOWS], 0);
    recording_write(&core, &rec, 0, chunk, 24);            // 72 > 64: dropped whole
    CHECK_EQ(buf.b.used, 48);
    CHECK_EQ(core.counters[CNT_RECORDING_OVERFLOWS], 1);
    recording_write(&core, &rec, 0, chunk, 16);            // fills to capacity exactly
    CHECK_EQ(buf.b.used, 64);
    CHECK_EQ(core.counters[CNT_RECORDING_OVERFLOWS], 1);
    recording_write(&core, &rec, 0, chunk, 1);
    CHECK_EQ(core.counters[CNT_RECORDING_OVERFLOWS], 2);
    CHECK(guard_intact(&buf));
    CHECK_EQ(buf.data[63], 0x3C);
    buf.b.used = 0xFFFFFFF0u;                               // a corrupted count: no write
    recording_write(&core, &rec, 0, chunk, 24);
    CHECK_EQ(core.counters[CNT_RECORDING_OVERFLOWS], 3);
    CHECK(guard_intact(&buf));
}

int main(void) {
    RUN(test_no_config_means_no_channels);
    RUN(test_bad_configs_rejected);
    RUN(test_interval);
    RUN(test_spike_windows);
    RUN(test_overflow_counted_and_contained);
    return harness_summary("recording");
}
