"""A loaded machine as one file: chips, links, routing tables, every core's binary and
regions, plus a short script of runs, region rewrites and a reset.

It is what ``make fuzz`` mutates (unittests/fuzz/fuzz_machine.c parses the same format) and
what the regression corpus keeps.  :func:`replay` drives the engine through its C interface
exactly as the fuzz driver does, so a corpus file replays in ``make test`` (and on the
sanitizer engine in ``make sanitize``).

Format (little-endian u32 unless said): "SPVM", version, width, height; n_chips x (x, y,
sdram u64); n_links x (x, y, link, nx, ny); n_tables x (x, y, n, n x (key, mask, route));
n_cores x (x, y, p, name length, name, n_regions x (region, size, bytes)); then the script:
ticks, threads, n_rewrites x (core, region, size, bytes), ticks after the rewrites.
"""
import ctypes
import struct

from .engine_library import engine

MAGIC = b"SPVM"
VERSION = 1
#: ticks a replay runs at most per run (keeps each fuzz input fast)
MAX_TICKS = 64
MAX_THREADS = 4


class _Writer:
    def __init__(self):
        self.parts = []

    def u32(self, *values):
        self.parts.append(struct.pack(f"<{len(values)}I", *values))

    def blob(self, data):
        self.u32(len(data))
        self.parts.append(bytes(data))


def encode(width, height, chips, links, tables, cores, ticks=8, threads=1, rewrites=(),
           ticks_after=8) -> bytes:
    """The file for a machine: ``chips`` [(x, y, sdram)], ``links`` [(x, y, link, nx, ny)],
    ``tables`` [(x, y, [(key, mask, route)])], ``cores`` [(x, y, p, binary, {region:
    bytes})], ``rewrites`` [(core index, region, bytes)]."""
    w = _Writer()
    w.parts.append(MAGIC)
    w.u32(VERSION, width, height, len(chips))
    for x, y, sdram in chips:
        w.u32(x, y)
        w.parts.append(struct.pack("<Q", sdram))
    w.u32(len(links))
    for link in links:
        w.u32(*link)
    w.u32(len(tables))
    for x, y, entries in tables:
        w.u32(x, y, len(entries))
        for entry in entries:
            w.u32(*entry)
    w.u32(len(cores))
    for x, y, p, binary, regions in cores:
        w.u32(x, y, p)
        w.blob(binary.encode() if isinstance(binary, str) else binary)
        w.u32(len(regions))
        for region in sorted(regions):
            w.u32(region)
            w.blob(regions[region])
    w.u32(ticks, threads, len(rewrites))
    for core, region, data in rewrites:
        w.u32(core, region)
        w.blob(data)
    w.u32(ticks_after)
    return b"".join(w.parts)


def capture(state, ticks=8, threads=1, rewrites=(), ticks_after=8) -> bytes:
    """The file of what the simulator ``state`` (pynn.simulator.state, after a run) has
    loaded: each region as the engine holds it now."""
    mapping, device = state.mapping, state.device
    machine = mapping.machine
    chips = [(c.x, c.y, c.sdram) for c in machine]
    links = [(c.x, c.y, link, nx, ny) for c in machine for link, (nx, ny) in c.links.items()]
    tables = [(t.x, t.y, [(e.key, e.mask, e.route) for e in t.entries])
              for t in mapping.routing_tables]
    cores = []
    for placement in sorted(state._images, key=lambda p: (p.x, p.y, p.p)):
        image = state._images[placement]
        regions = {r: device.read_region(placement, r) for r in image.regions}
        cores.append((placement.x, placement.y, placement.p, image.binary, regions))
    return encode(machine.width, machine.height, chips, links, tables, cores, ticks,
                  threads, rewrites, ticks_after)


class _Reader:
    def __init__(self, data):
        self.data, self.at = memoryview(data), 0

    def take(self, n):
        if n > len(self.data) - self.at:
            raise ValueError("machine file truncated")
        out = self.data[self.at:self.at + n]
        self.at += n
        return bytes(out)

    def u32(self, n=1):
        values = struct.unpack(f"<{n}I", self.take(4 * n))
        return values if n > 1 else values[0]

    def blob(self):
        return self.take(self.u32())


def decode(data: bytes) -> dict:
    """The parts of a machine file, as :func:`encode` takes them (``encode(**decode(f))``
    gives the file back); ValueError when it is not one or is truncated."""
    r = _Reader(data)
    if r.take(4) != MAGIC or r.u32() != VERSION:
        raise ValueError("not a machine file of this version")
    out = {"width": r.u32(), "height": r.u32()}
    out["chips"] = [(*r.u32(2), struct.unpack("<Q", r.take(8))[0]) for _ in range(r.u32())]
    out["links"] = [r.u32(5) for _ in range(r.u32())]
    tables = []
    for _ in range(r.u32()):
        x, y, n = r.u32(3)
        words = struct.unpack(f"<{3 * n}I", r.take(12 * n))
        tables.append((x, y, [words[3 * i:3 * i + 3] for i in range(n)]))
    out["tables"] = tables
    cores = []
    for _ in range(r.u32()):
        x, y, p = r.u32(3)
        name = r.blob().decode(errors="replace")
        regions = {}
        for _ in range(r.u32()):
            region = r.u32()
            regions[region] = r.blob()
        cores.append((x, y, p, name, regions))
    out["cores"] = cores
    out["ticks"], out["threads"] = r.u32(2)
    out["rewrites"] = [(*r.u32(2), r.blob()) for _ in range(r.u32())]
    out["ticks_after"] = r.u32()
    return out


def replay(data: bytes, threads=None):
    """Load and run a machine file on the engine; returns the list of the engine's error
    messages (each a refusal naming what it refused).  Crashes are the engine's bugs."""
    try:
        parts = decode(data)
    except (ValueError, struct.error) as err:   # the fuzz driver stops at the same point
        return [f"not a machine file: {err}"]
    lib = engine()
    vm = lib.vm_create(parts["width"], parts["height"])
    if not vm:
        return ["machine size refused"]
    errors = []

    def ok(status):
        if status < 0:
            errors.append(lib.vm_error(vm).decode(errors="replace"))
            return False
        return True

    try:
        if not all(ok(lib.vm_add_chip(vm, x, y, s)) for x, y, s in parts["chips"]):
            return errors
        if not all(ok(lib.vm_add_link(vm, *link)) for link in parts["links"]):
            return errors
        for x, y, entries in parts["tables"]:
            words = [w for entry in entries for w in entry]
            buf = (ctypes.c_uint32 * max(1, len(words)))(*words)
            if not ok(lib.vm_set_table(vm, x, y, len(entries), buf)):
                return errors
        for x, y, p, name, regions in parts["cores"]:
            cid = lib.vm_add_core(vm, x, y, p, name.encode())
            if not ok(cid):
                return errors
            if not all(ok(lib.vm_set_region(vm, cid, region, blob, len(blob)))
                       for region, blob in regions.items()):
                return errors
        if not ok(lib.vm_init(vm)):
            return errors
        n_threads = threads or 1 + parts["threads"] % MAX_THREADS
        lib.vm_interrupt(vm, 0)
        if ok(lib.vm_run(vm, min(parts["ticks"], MAX_TICKS), n_threads)):
            lib.vm_pause(vm)
        for core, region, blob in parts["rewrites"]:
            if ok(lib.vm_set_region(vm, core, region, blob, len(blob))):
                ok(lib.vm_reload(vm, core))
        if ok(lib.vm_run(vm, min(parts["ticks_after"], MAX_TICKS), n_threads)):
            lib.vm_pause(vm)
        if ok(lib.vm_reset(vm)) and ok(lib.vm_run(vm, min(parts["ticks"], MAX_TICKS),
                                                  n_threads)):
            lib.vm_pause(vm)
        return errors
    finally:
        lib.vm_destroy(vm)
