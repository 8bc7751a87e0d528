"""The LIVE_OUTPUT region of a live packet gatherer core."""
import numpy as np

from .regions import header_dtype


def live_output_region(params) -> bytes:
    """Header bytes from a ``LiveOutputParams`` (spynnaker_backend.live.params)."""
    h = np.zeros(1, header_dtype("live_output_header"))
    h["tag"] = params.tag
    h["eieio_type"] = params.eieio_type
    h["use_prefix"] = params.use_prefix
    h["prefix"] = params.key_prefix or 0
    h["prefix_upper"] = params.prefix_upper
    h["right_shift"] = params.right_shift
    h["payload_as_time"] = params.payload_as_time_stamps
    h["use_payload_prefix"] = params.use_payload_prefix
    h["payload_prefix"] = params.payload_prefix or 0
    h["payload_right_shift"] = params.payload_right_shift
    h["packets_per_tick"] = params.number_of_packets_sent_per_time_step
    return h.tobytes()
