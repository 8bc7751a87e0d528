"""The Python region table (arm_region_table.py) is the C struct of arm_platform.h: every
offset checked by compiling the header, and pack/unpack round trips."""
import shutil
import subprocess
from pathlib import Path

import pytest

from spynnaker_backend.mapping.dataspec import arm_region_table as art

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
def test_offsets_match_the_c_header(tmp_path):
    probe = tmp_path / "probe.c"
    lines = [f'    printf("{name} %zu %zu\\n", offsetof(arm_region_table_t, {name}), '
             f'sizeof(((arm_region_table_t *) 0)->{name}));' for name, _, _ in art.FIELDS]
    probe.write_text('#include <stddef.h>\n#include <stdio.h>\n#include "arm_platform.h"\n'
                     'int main(void) {\n' + "\n".join(lines) +
                     '\n    printf("size %zu 0\\n", sizeof(arm_region_table_t));\n'
                     '    return 0;\n}\n')
    exe = tmp_path / "probe"
    subprocess.run(["gcc", "-std=c11", "-I", str(ROOT / "neural_modelling/arm"),
                    "-I", str(ROOT / "neural_modelling/include"), "-I", str(ROOT / "c_models"),
                    "-o", str(exe), str(probe)], check=True)
    out = dict((line.split()[0], tuple(map(int, line.split()[1:])))
               for line in subprocess.run([str(exe)], capture_output=True, text=True,
                                          check=True).stdout.splitlines())
    for name, offset, size in art.FIELDS:
        assert out[name] == (offset, size), name
    assert out["size"][0] == art.SIZE


def test_pack_unpack_round_trip():
    table = art.RegionTable({0: (0x60001000, 40), 7: (0x60002000, 1024)}, n_ticks=250,
                            state=art.STATE_PAUSED, counters=list(range(16)),
                            error="oops", stop_requested=1, ticks_done=249)
    data = table.pack()
    assert len(data) == art.SIZE
    assert art.RegionTable.unpack(data) == table


def test_not_a_table_is_refused():
    with pytest.raises(ValueError, match="magic"):
        art.RegionTable.unpack(bytes(art.SIZE))
    with pytest.raises(ValueError, match="bytes"):
        art.RegionTable.unpack(b"BATR")
    with pytest.raises(ValueError, match="region id"):
        art.RegionTable({32: (1, 1)}).pack()


def test_counter_names_follow_runtime_h():
    """COUNTERS is counter_t's order: CNT_<NAME> = index for every name, then CNT_N_COUNTERS."""
    import re
    text = (ROOT / "neural_modelling/include/runtime.h").read_text()
    enum = {name.lower(): int(value)
            for name, value in re.findall(r"\bCNT_([A-Z_]+)\s*=\s*(\d+)", text)}
    assert enum.pop("n_counters") == art.N_COUNTERS
    assert sorted(enum, key=enum.get) == list(art.COUNTERS)
    assert list(enum.values()) == sorted(enum.values())
