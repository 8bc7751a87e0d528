"""SpiNNMan's discovered machine -> our machine model (live chips, cores, links, SDRAM)."""
from ..machine import Chip, Machine


def machine_from_spinnman(found) -> Machine:
    """Our :class:`~spynnaker_backend.machine.Machine` for a ``spinn_machine.Machine``.

    Dead chips are absent, dead cores are not among a chip's processors (SpiNNMan leaves
    out cores that SC&MP does not report IDLE and the cfg's ``down_cores``), links are the
    ones alive at both ends.  SDRAM is the chip's largest free block; router entries are
    those SC&MP says are free.
    """
    present = {(c.x, c.y) for c in found.chips}
    chips = {}
    for c in found.chips:
        links = {link.source_link_id: (link.destination_x, link.destination_y)
                 for link in c.router.links
                 if (link.destination_x, link.destination_y) in present}
        chips[c.x, c.y] = Chip(c.x, c.y, tuple(sorted(c.placable_processors_ids)),
                               int(c.sdram), int(c.router.n_available_multicast_entries),
                               links)
    # a link is usable only if the chip at the other end has it too (as virtual_machine)
    for (x, y), chip in chips.items():
        for link, other in list(chip.links.items()):
            if chips[other].links.get((link + 3) % 6) != (x, y):
                del chip.links[link]
    roots = sorted((c.x, c.y) for c in found.ethernet_connected_chips)
    wrap = found.wrap != "NoWrap"   # SpiNNMan's FullWrap / HorizontalWrap / VerticalWrap
    return Machine(found.width, found.height, chips, wrap, roots)
