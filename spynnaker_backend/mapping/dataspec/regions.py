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
    LIVE_OUTPUT = 15  # a live packet gatherer's EIEIO format and IP tag
    RECORDING_0 = 16  # channel c records into RECORDING_0 + c (channel 0 = spikes)


#: Maximum recording channels (spikes + recordable variables).
MAX_CHANNELS = 8
#: Maximum synapse types (receptors) of a neuron core.
MAX_SYNAPSE_TYPES = 4
#: Ring-buffer delay slots on a neuron core; delays of 1 .. RING_SLOTS - 1 ticks are local.
RING_SLOTS = 16
#: Bits of the delay field of a synaptic word.
DELAY_BITS = 4
#: Longest delay a neuron core handles itself (ticks); longer ones go through a delay
#: extension, whose stages each add this much.
MAX_CORE_DELAY = RING_SLOTS - 1

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
    ),
    "pop_table_header": (
        Field("n_entries", "uint32", "1", "entries that follow, sorted by key"),
    ),
    "pop_entry": (
        Field("key", "uint32", "1", "key of the source vertex"),
        Field("mask", "uint32", "1", "mask of the source vertex; ~mask gives the row index"),
        Field("offset", "uint32", "words", "first row's offset in the synaptic matrix region"),
        Field("row_stride", "uint32", "words", "words per row (1 count word + synapses)"),
        Field("n_rows", "uint32", "1", "rows (source atoms) of this block"),
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


def header_dtype(name):
    """The numpy dtype of one header struct."""
    return struct_dtype(HEADERS[name])
