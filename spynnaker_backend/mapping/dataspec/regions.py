"""Region ids and header layouts of the per-core images (generated into C by codegen.py).

Every application reads its configuration from these regions; the host writes them.  All
fields are 32-bit little-endian words, so a numpy structured dtype and the generated C struct
have the same layout.
"""
from enum import IntEnum

from ...models import Field, struct_dtype

#: "SpNN" in ASCII: the first word of the system region.
MAGIC = 0x53704E4E


class Region(IntEnum):
    """Region ids (``REGION_<NAME>`` in C)."""
    SYSTEM = 0
    NEURON_PARAMS = 1
    NEURON_STATE = 2
    SYNAPSE_PARAMS = 3
    POP_TABLE = 4
    SYNAPTIC_MATRIX = 5
    RECORDING_CONFIG = 6
    SPIKE_TIMES = 7
    POISSON_PARAMS = 8
    DELAY_PARAMS = 9
    CURRENT_SOURCES = 10
    STOP_CONDITION = 11
    RATE = 12
    RATE_HISTORY = 13
    PLASTIC_PARAMS = 14   # rules, post-trace time constants, plastic pop table, decay LUTs
    PLASTIC_MATRIX = 15   # plastic rows; the core updates their weights in place
    RECORDING_0 = 16  # channel c records into RECORDING_0 + c (channel 0 = spikes)
    LIVE_OUTPUT = 24  # a live packet gatherer's EIEIO format and IP tag (after the channels)
    STRUCTURAL = 25   # rewiring: pre populations, their slices, formation probability tables


#: Maximum recording channels (spikes + recordable variables).
MAX_CHANNELS = 8
#: Maximum synapse types (receptors) of a neuron core.
MAX_SYNAPSE_TYPES = 4
#: Ring-buffer delay slots on a neuron core; delays of 1 .. RING_SLOTS - 1 ticks are local.
#: 32 is what sPyNNaker 7 gives a core of 256 atoms and 2 synapse types (its splitter takes
#: the delay bits the 14-bit ring-buffer budget leaves after the atom and type bits): at dt
#: 0.1 ms, delays up to 3.1 ms need no delay extension (the microcircuit's 1.5 +- 0.75 ms:
#: 98 % on the core, against 50 % with 16 slots).
RING_SLOTS = 32
#: Bits of the delay field of a synaptic word.
DELAY_BITS = 5
#: Longest delay a neuron core handles itself (ticks); longer ones go through a delay
#: extension, whose stages each add this much.
MAX_CORE_DELAY = RING_SLOTS - 1
#: Post-synaptic spikes each neuron with plastic input remembers (times and traces); older
#: ones are dropped, and a pre spike that would have paired with a dropped one is counted.
POST_HISTORY_SIZE = 16
#: Words before the synapses of a plastic row: count, last pre time, three words of pre
#: state (STDP: pre traces; Tsodyks-Markram: u, x, y).
PLASTIC_ROW_HEADER_WORDS = 5
#: Entries of the fine part of a decay LUT (the coarse part steps by this many ticks).
LUT_FINE = 64

HEADERS = {
    "system_header": (
        Field("magic", "uint32", "1", "MAGIC, to catch an image given to the wrong core"),
        Field("timestep_us", "uint32", "us", "simulation timestep"),
        Field("n_atoms", "uint32", "1", "atoms (neurons) on this core"),
        Field("has_key", "uint32", "1", "whether this core sends packets"),
        Field("key", "uint32", "1", "base multicast key; the atom index is or-ed in"),
        Field("enabled", "uint32", "1", "0 when the population is disabled: no update, no send"),
        Field("clear_count", "uint32", "1", "bumped by Population.clear(): at the next reload "
              "the core drops pending input and spike history"),
    ),
    "stop_condition": (
        Field("kind", "uint32", "1", "0 none, 1 any spike, 2 a state field compared"),
        Field("component", "uint32", "1", "state component of the field"),
        Field("word", "uint32", "words", "word of the field in that state struct"),
        Field("op", "uint32", "1", "0 >, 1 >=, 2 <, 3 <="),
        Field("threshold", "int32", "raw", "compared value, in the field's fixed-point format"),
    ),
    "rate_header": (
        Field("window_ticks", "uint32", "ticks", "window of the running spike count; 0 = off"),
    ),
    "synapse_header": (
        Field("n_synapse_types", "uint32", "1", "receptor types (ring buffers per neuron)"),
        Field("index_bits", "uint32", "bits", "bits of the neuron index in a synaptic word"),
        Field("type_bits", "uint32", "bits", "bits of the synapse type in a synaptic word"),
        Field("shift_0", "uint32", "bits", "ring-buffer left shift of synapse type 0"),
        Field("shift_1", "uint32", "bits", "ring-buffer left shift of synapse type 1"),
        Field("shift_2", "uint32", "bits", "ring-buffer left shift of synapse type 2"),
        Field("shift_3", "uint32", "bits", "ring-buffer left shift of synapse type 3"),
        Field("negative_types", "uint32", "1", "bit t set: synapse type t's input is "
              "subtracted (a signed receptor whose weights are negative; only binaries with "
              "signed receptors accept a bit)"),
    ),
    "pop_table_header": (
        Field("n_entries", "uint32", "1", "entries that follow, sorted by key"),
    ),
    "pop_entry": (
        Field("key", "uint32", "1", "key of the source population (application-level "
              "entry) or of one source core (per-core entry)"),
        Field("mask", "uint32", "1", "mask of that key block; a packet's index is "
              "key & ~mask = core << core_shift | atom"),
        Field("offset", "uint32", "words", "first row's offset in the synaptic matrix region"),
        Field("row_stride", "uint32", "words", "words per row (1 count word + synapses)"),
        Field("n_rows", "uint32", "1", "rows of this block (row = core * n_neurons + atom)"),
        Field("core_shift", "uint32", "bits", "bits of the atom in the index; its core "
              "mask is ~mask >> core_shift (0 for a per-core entry: core_shift = the "
              "width of ~mask)"),
        Field("n_neurons", "uint32", "1", "rows per source core (its atoms, or atoms x "
              "stages of a delay extension); an atom >= n_neurons is a miss"),
    ),
    "plastic_header": (
        Field("n_rules", "uint32", "1", "plastic rules (one per plastic projection) that follow"),
        Field("n_post_traces", "uint32", "1", "post-synaptic traces each history event keeps"),
        Field("n_entries", "uint32", "1", "plastic pop-table entries, sorted by key"),
        Field("lut_words", "uint32", "words", "words of decay LUTs after the entries"),
        Field("history_size", "uint32", "1", "POST_HISTORY_SIZE the host assumed"),
        Field("columns", "uint32", "words", "offset in PLASTIC_MATRIX of the column index: "
              "n_atoms + 1 starts, then (synapse word, entry) pairs grouped by target neuron"),
    ),
    "plastic_rule": (
        Field("timing", "uint32", "1", "0 spike pair (all-to-all), 1 nearest pair, 2 Vogels "
              "2011, 3 Pfister triplet, 4 Tsodyks-Markram (short-term, weight fixed), 5 stochastic "
              "(Bernoulli release, weight fixed), 6 static (rewired), 7 dopamine-modulated pair "
              "STDP, 8 dopamine input (reward / punishment rows), 9 RecurrentRule, 10 "
              "WeightChangeable, 11 WeightChanger, 12 StochasticTsodyksMarkramSynapse, 13 "
              "MultiQuantalSynapse"),
        Field("weight", "uint32", "1", "0 additive, 1 multiplicative, 2 additive "
              "potentiation / multiplicative depression, 3 Gutig, 4 additive triplet; dopamine "
              "rows: 0 reward, 1 punishment"),
        Field("extra_shift", "uint32", "bits", "plastic weight units are ring-buffer units "
              "<< extra_shift; dopamine rows: a weight unit is 2^(extra_shift - 24)"),
        Field("w_min", "int32", "plastic units", "lower weight bound"),
        Field("w_max", "int32", "plastic units", "upper weight bound"),
        Field("a_plus", "uint32", "2^-28", "potentiation amplitude A+"),
        Field("a_minus", "uint32", "2^-28", "depression amplitude A-"),
        Field("a3_plus", "uint32", "2^-28", "triplet potentiation amplitude (triplet rules)"),
        Field("a3_minus", "uint32", "2^-28", "triplet depression amplitude (triplet rules)"),
        Field("pow_plus", "uint32", "words", "Gutig: LUT of x^mu_plus (257 u1.31 words "
              "for x = k / 256) in the LUT words"),
        Field("pow_minus", "uint32", "words", "Gutig: LUT of x^mu_minus"),
        Field("alpha", "uint32", "2^-16 trace", "Vogels 2011 depression offset (trace units)"),
        Field("lut_plus", "uint32", "words", "LUT of the pre trace (tau_plus) in the LUT words"),
        Field("lut_x", "uint32", "words", "LUT of the second pre trace (tau_x, triplets)"),
        Field("post_trace", "uint32", "1", "post trace (tau_minus) used for depression; "
              "WeightChanger: the rule of the WeightChangeable projection it changes"),
        Field("post_trace2", "uint32", "1", "second post trace (tau_y, triplets)"),
        Field("lost_step", "uint32", "2^-16 plastic units", "a change at least this large "
              "that rounds away is counted (1/64 of the rule's largest step A w_max)"),
        Field("stp_u", "uint32", "2^-31", "Tsodyks-Markram (also stochastic and "
              "multi-quantal): U; stochastic synapses: p"),
        Field("lut_rec", "uint32", "words", "Tsodyks-Markram: LUT of tau_rec; "
              "neuromodulation: LUT of tau_c"),
        Field("lut_psc", "uint32", "words", "Tsodyks-Markram: LUT of tau_psc (the target's "
              "synaptic time constant, as NEST's tsodyks_synapse); neuromodulation and "
              "dopamine rows: LUT of tau_d"),
        Field("lut_fac", "uint32", "words", "Tsodyks-Markram: LUT of tau_facil "
              "(0xFFFFFFFF: no facilitation)"),
        Field("c_rec", "uint32", "2^-16", "Tsodyks-Markram: tau_rec / (tau_rec - tau_psc); "
              "neuromodulation: tau_s = 1 / (1/tau_c + 1/tau_d) in ms; multi-quantal: n "
              "release sites (units of 1)"),
        Field("c_psc", "uint32", "2^-16", "Tsodyks-Markram: tau_psc / (tau_rec - tau_psc)"),
        Field("seed_lo", "uint32", "1", "stochastic synapses (also stochastic "
              "Tsodyks-Markram, multi-quantal): low word of the projection's "
              "64-bit seed (p is stp_u, u1.31)"),
        Field("seed_hi", "uint32", "1", "stochastic synapses: high word of the seed"),
        Field("acc_potentiation", "int32", "1", "RecurrentRule: accumulator_potentiation - 1 "
              "(a step up from it potentiates)"),
        Field("acc_depression", "int32", "1", "RecurrentRule: accumulator_depression + 1 "
              "(a step down from it depresses)"),
        Field("lut_pre_window", "uint32", "words", "RecurrentRule: table of the 2048 pre "
              "window quantiles (uint16 ticks, two per word) in the LUT words"),
        Field("lut_post_window", "uint32", "words", "RecurrentRule: table of the post window "
              "quantiles"),
        Field("dual_fsm", "uint32", "1", "RecurrentRule: 1 dual FSM (windows per spike), 0 "
              "pre-stochastic (a state machine per synapse)"),
        Field("no_backprop", "uint32", "1", "0: post spikes reach the synapse after the "
              "delay (the default); 1: without it (STDPMechanism(backprop_delay=False)); 2: "
              "the delay is axonal (dendritic_delay_fraction=0: a row is updated when the "
              "spike reaches the synapse, every synapse of a row has one delay)"),
    ),
    "post_trace": (
        Field("lut", "uint32", "words", "LUT of this post trace's time constant"),
    ),
    "plastic_entry": (
        Field("key", "uint32", "1", "key of the source vertex"),
        Field("mask", "uint32", "1", "mask of the source vertex; ~mask gives the row index"),
        Field("offset", "uint32", "words", "first row's offset in the plastic matrix region"),
        Field("row_stride", "uint32", "words", "words per row (header + synapses)"),
        Field("n_rows", "uint32", "1", "rows of this block"),
        Field("rule", "uint32", "1", "index of the block's plastic rule"),
        Field("stage_rows", "uint32", "1", "0 for a neuron's own rows; for a delay extension "
              "the rows of one stage (row r is stage r / stage_rows + 1)"),
        Field("stage_ticks", "uint32", "ticks", "delay a delay-extension stage adds"),
    ),
    "structural_header": (
        Field("n_pre_pops", "uint32", "1", "structural projections onto this population"),
        Field("n_slices", "uint32", "1", "pre slices (one plastic entry each) that follow "
              "the pre populations"),
        Field("prob_words", "uint32", "words", "formation probability words after the slices"),
        Field("s_max", "uint32", "1", "synaptic slots per neuron: the last s_max (synapse "
              "word, entry) pairs of each neuron in the plastic column index"),
        Field("attempts", "uint32", "1", "rewiring attempts per tick when f_rew dt >= 1 "
              "kHz ms; else 0"),
        Field("period", "uint32", "ticks", "ticks between attempts when attempts is 0"),
        Field("with_replacement", "uint32", "1", "1: a formation may connect a connected pair"),
        Field("seed_lo", "uint32", "1", "low word of the rewiring seed"),
        Field("seed_hi", "uint32", "1", "high word of the rewiring seed"),
        Field("post_atoms", "uint32", "1", "atoms of the target population (the attempts "
              "choose among them)"),
        Field("first_atom", "uint32", "1", "population index of this core's first atom"),
        Field("last_neuron", "uint32", "1", "1: partners from the spikes of the previous "
              "tick (LastNeuronSelection); 0: any pre neuron (RandomSelection)"),
        Field("buffer_size", "uint32", "1", "LastNeuronSelection: spikes it chooses from"),
        Field("spike_words", "uint32", "words", "LastNeuronSelection: bitfield words over "
              "every pre population's atoms (0 without)"),
    ),
    "structural_pre_pop": (
        Field("n_atoms", "uint32", "1", "atoms of the pre population"),
        Field("first_slice", "uint32", "1", "its first slice in the slice table"),
        Field("n_slices", "uint32", "1", "its slices (one plastic entry each)"),
        Field("bit_offset", "uint32", "bits", "its first atom's bit in the spike bitfield"),
        Field("weight", "uint32", "plastic units", "weight of a new synapse"),
        Field("synapse_type", "uint32", "1", "synapse type of its synapses"),
        Field("delay_lo", "uint32", "ticks", "shortest delay of a new synapse"),
        Field("delay_hi", "uint32", "ticks", "longest delay of a new synapse (uniform)"),
        Field("threshold", "uint32", "plastic units", "weights below it are depressed"),
        Field("p_elim_dep", "uint32", "2^-32", "elimination probability, depressed"),
        Field("p_elim_pot", "uint32", "2^-32", "elimination probability, potentiated or "
              "unchanged"),
        Field("grid_x", "uint32", "1", "formation grid rows (atom a at row (a / grid_y) "
              "mod grid_x, column a mod grid_y)"),
        Field("grid_y", "uint32", "1", "formation grid columns"),
        Field("prob_at", "uint32", "words", "its formation probabilities (u0.32, by squared "
              "grid distance) in the probability words"),
        Field("prob_len", "uint32", "1", "their number (beyond: probability 0)"),
    ),
    "structural_slice": (
        Field("lo_atom", "uint32", "1", "pre population index of the slice's first atom"),
        Field("n_atoms", "uint32", "1", "atoms of the slice (rows of its entry)"),
        Field("entry", "uint32", "1", "its plastic pop-table entry"),
    ),
    "recording_header": (
        Field("n_channels", "uint32", "1", "recording channels that follow"),
        Field("first_atom", "uint32", "1", "population index of this core's first atom (the "
              "channels' recorded-atom bitfields are over the population)"),
    ),
    "recording_channel": (
        Field("enabled", "uint32", "1", "whether this channel records"),
        Field("interval", "uint32", "ticks", "sampling interval (spikes: every tick)"),
        Field("component", "uint32", "1", "state component whose field is recorded"),
        Field("word", "uint32", "words", "word offset of the field in that state struct"),
        Field("index_words", "uint32", "words", "0: every atom records; else a bitfield of "
              "the population's recorded atoms of this many words follows the channel table "
              "(channels in order); a core records its atoms whose bit is set, in order"),
    ),
    "recording_buffer": (
        Field("capacity", "uint32", "bytes", "bytes of data space after this header"),
        Field("used", "uint32", "bytes", "bytes written; the host empties it after reading"),
    ),
    "delay_header": (
        Field("source_key", "uint32", "1", "key of the vertex whose spikes are delayed"),
        Field("source_mask", "uint32", "1", "its mask; ~mask gives the atom index"),
        Field("n_stages", "uint32", "1", "delay stages; stage s sends s * stage_ticks late"),
        Field("stage_ticks", "uint32", "ticks", "delay added per stage"),
        Field("atoms_pow2", "uint32", "1", "key stride of one stage (atoms rounded up to a "
              "power of two); stage s, atom i sends key | (s - 1) * atoms_pow2 + i"),
    ),
    "current_header": (
        Field("n_sources", "uint32", "1", "current sources that follow"),
        Field("first_atom", "uint32", "1", "population index of this core's first atom"),
        Field("n_atoms", "uint32", "1", "atoms of this core (member bitfield length)"),
    ),
    "current_source": (
        Field("kind", "uint32", "1", "0 DC, 1 step, 2 AC, 3 noisy"),
        Field("start_tick", "uint32", "ticks", "first tick with current"),
        Field("stop_tick", "uint32", "ticks", "first tick without current again"),
        Field("amplitude", "s823", "nA", "DC/AC amplitude; noisy: standard deviation"),
        Field("offset", "s823", "nA", "AC offset; noisy: mean"),
        Field("phase0", "uint32", "2^-32 turns", "AC phase at tick 0"),
        Field("phase_inc", "uint32", "2^-32 turns", "AC phase advance per tick"),
        Field("n_steps", "uint32", "1", "step source: (tick, amplitude) pairs after the "
              "member bitfield"),
        Field("interval", "uint32", "ticks", "noisy: ticks between new samples"),
        Field("seed_lo", "uint32", "1", "noisy: low word of the source's seed"),
        Field("seed_hi", "uint32", "1", "noisy: high word of the source's seed"),
    ),
    "live_output_header": (
        Field("tag", "uint32", "1", "IP tag the EIEIO packets leave through"),
        Field("eieio_type", "uint32", "1", "0 16-bit keys, 1 16-bit key + payload, 2 32-bit "
              "keys, 3 32-bit key + payload"),
        Field("use_prefix", "uint32", "1", "1: a 16-bit key prefix goes in the header"),
        Field("prefix", "uint32", "1", "the key prefix"),
        Field("prefix_upper", "uint32", "1", "1: the prefix is the keys' upper half-word"),
        Field("right_shift", "uint32", "bits", "keys are shifted right by this before sending"),
        Field("payload_as_time", "uint32", "1", "1: payloads are the tick of the spikes"),
        Field("use_payload_prefix", "uint32", "1", "1: one payload prefix in the header"),
        Field("payload_prefix", "uint32", "1", "payload prefix when not the time"),
        Field("payload_right_shift", "uint32", "bits", "payload shift (payload_as_time off)"),
        Field("packets_per_tick", "uint32", "1", "packets sent per tick at most; 0 = no limit"),
    ),
    "spike_times_header": (
        Field("n_events", "uint32", "1", "(tick, atom) events that follow, sorted by tick"),
    ),
}


def lut_shape(tau: float, dt: float):
    """(fine bits b, coarse entries) of the decay LUT of ``tau`` (ms) at ``dt``: the decay
    reaches 2^-31 after ~21.5 tau; b is about half the bits of that many ticks, at least
    log2(LUT_FINE).  The LUT is 2 + 2^b + coarse words."""
    import math
    ticks = tau / dt * math.log(2.0 ** 32)
    bits = max(int(math.log2(LUT_FINE)), int(math.ceil(math.log2(max(ticks, 1.0)) / 2)))
    return bits, int(math.floor(ticks / 2 ** bits)) + 1


def header_dtype(name):
    """The numpy dtype of one header struct."""
    return struct_dtype(HEADERS[name])
