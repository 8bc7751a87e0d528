//! \file
//! \brief The delivery pipeline of scheduler.c: a thread's deliveries held back a few packets
//! so that the app's prefetch stages warm what each will read (a part of scheduler.c,
//! included by it after the core and app types; not a header of its own).
#ifndef VM_PIPELINE_H
#define VM_PIPELINE_H

//! Deliveries held back so that what each one reads is being fetched while earlier ones
//! are processed: a delivery is pushed (its core's state is fetched), AHEAD_INDEX pushes
//! later its app fetches its table's slot (prefetch stage 0), AHEAD_ROW pushes later its row
//! (stage 1), AHEAD_RING pushes later the ring-buffer entries the row adds to (stage 2), and
//! LOOKAHEAD pushes later it is delivered.  They leave in arrival order, so results do not
//! change.  (In a big network the ring-buffer entries were the largest cost: a core's ring
//! buffers leave the host's nearer caches between two ticks, and each synapse of a row adds
//! to a random line of them.)
#define LOOKAHEAD 24u
#define AHEAD_INDEX 4u
#define AHEAD_ROW 10u
#define AHEAD_RING 18u

typedef struct {
    struct core *core[LOOKAHEAD];
    uint32_t key[LOOKAHEAD];
    const void *memo[LOOKAHEAD];  //!< what the app's prefetch stages leave for later ones
    uint32_t pushed, delivered;   //!< counts since the start of the delivery phase
} pipeline_t;

static void pipeline_stage(pipeline_t *p, uint32_t at, uint32_t stage, uint32_t tick) {
    struct core *c = p->core[at % LOOKAHEAD];
    if (c->app->prefetch != NULL) {
        c->app->prefetch(c, c->state, p->key[at % LOOKAHEAD], stage, tick,
                         &p->memo[at % LOOKAHEAD]);
    }
}

static void pipeline_deliver(pipeline_t *p, uint32_t tick) {
    uint32_t at = p->delivered++ % LOOKAHEAD;
    struct core *c = p->core[at];
    if (c->app->packet_memo != NULL && c->app->prefetch != NULL) {
        c->app->packet_memo(c, c->state, p->key[at], tick, p->memo[at]);   // (all stages ran)
    } else {
        c->app->packet(c, c->state, p->key[at], tick);
    }
}

static void pipeline_push(pipeline_t *p, struct core *c, uint32_t key, uint32_t tick) {
    if (p->pushed - p->delivered == LOOKAHEAD) {
        pipeline_deliver(p, tick);
    }
    p->core[p->pushed % LOOKAHEAD] = c;
    p->key[p->pushed % LOOKAHEAD] = key;
    p->memo[p->pushed % LOOKAHEAD] = NULL;
#if defined(__GNUC__)
    __builtin_prefetch(c->state);
#endif
    if (p->pushed >= AHEAD_INDEX) {
        pipeline_stage(p, p->pushed - AHEAD_INDEX, 0, tick);
    }
    if (p->pushed >= AHEAD_ROW) {
        pipeline_stage(p, p->pushed - AHEAD_ROW, 1, tick);
    }
    if (p->pushed >= AHEAD_RING) {
        pipeline_stage(p, p->pushed - AHEAD_RING, 2, tick);
    }
    p->pushed++;
}

static void pipeline_flush(pipeline_t *p, uint32_t tick) {
    // the last few never had their row (or ring entries) fetched ahead: the rows now, the
    // ring entries of those whose row was already on its way, then deliver in order
    uint32_t no_row = (p->pushed > AHEAD_ROW) ? p->pushed - AHEAD_ROW : 0;
    uint32_t no_ring = (p->pushed > AHEAD_RING) ? p->pushed - AHEAD_RING : 0;
    for (uint32_t at = no_row; at < p->pushed; at++) {
        pipeline_stage(p, at, 1, tick);
    }
    for (uint32_t at = no_ring; at < no_row; at++) {
        pipeline_stage(p, at, 2, tick);
    }
    while (p->delivered < p->pushed) {
        pipeline_deliver(p, tick);
    }
}

#endif  // VM_PIPELINE_H
