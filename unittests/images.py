"""Helpers for tests that hand the engine a corrupted core image."""
from spynnaker_backend.mapping.dataspec.core_image import CoreImage
from spynnaker_backend.pynn.simulator import state


def corrupt_and_reset(region, mutate):
    """Apply ``mutate`` (a function of a bytearray) to ``region`` of the first core that has
    it in the current simulation, and reset the device with the changed images (the engine
    validates them on load)."""
    placement = next(p for p, im in state._images.items() if region in im.regions)
    images = dict(state._images)
    regions = dict(images[placement].regions)
    data = bytearray(regions[region])
    mutate(data)
    regions[region] = bytes(data)
    images[placement] = CoreImage(images[placement].binary, regions)
    state.device.reset(images)


def corrupt_first_rule(field, value):
    """Overwrite ``field`` of the first plastic rule record (after the PLASTIC_PARAMS
    header) with the 32-bit ``value`` and reset (see corrupt_and_reset)."""
    from spynnaker_backend.mapping.dataspec.regions import Region, header_dtype
    at = header_dtype("plastic_header").itemsize + \
        list(header_dtype("plastic_rule").names).index(field) * 4

    def mutate(data):
        data[at:at + 4] = int(value).to_bytes(4, "little")
    corrupt_and_reset(int(Region.PLASTIC_PARAMS), mutate)
