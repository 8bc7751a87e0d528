"""Progress bars of long phases and the run's log line: the switch (setup keyword, config
file, automatic on a terminal outside CI), silence when off, and runs cut into pieces for
the bar giving exactly the spikes of an uncut run."""
import io
import logging

import numpy as np
import pytest

from spynnaker_backend import progress
from spynnaker_backend.config import load_config
from spynnaker_backend.errors import ConfigurationError


class _Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.fixture(autouse=True)
def automatic():
    """Every test starts and ends with the automatic setting."""
    progress.configure(None)
    yield
    progress.configure(None)


def test_automatic_is_on_for_a_terminal_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr("sys.stderr", _Terminal())
    assert progress.enabled()
    monkeypatch.setenv("CI", "true")
    assert not progress.enabled()
    monkeypatch.delenv("CI")
    monkeypatch.setattr("sys.stderr", io.StringIO())   # a file or pipe: no bars
    assert not progress.enabled()


def test_explicit_setting_wins(monkeypatch):
    monkeypatch.setenv("CI", "true")
    progress.configure(True)
    assert progress.enabled()
    monkeypatch.delenv("CI")
    monkeypatch.setattr("sys.stderr", _Terminal())
    progress.configure(False)
    assert not progress.enabled()


@pytest.mark.parametrize("bad", ["yes", 1, 0.5])
def test_configure_takes_booleans_or_none(bad):
    with pytest.raises(ValueError, match="progress bars: expected True, False or None"):
        progress.configure(bad)


def test_bar_draws_name_and_count_only_when_on(monkeypatch, capsys):
    monkeypatch.setattr(progress, "DELAY_S", 0)
    progress.configure(False)
    with progress.bar("mapping: synapses", 4, "core") as bar:
        bar.update(4)
    assert capsys.readouterr().err == ""
    progress.configure(True)
    with progress.bar("mapping: synapses", 4, "core") as bar:
        bar.update(4)
    err = capsys.readouterr().err
    assert "mapping: synapses" in err and "/4 " in err and "core" in err


@pytest.mark.parametrize("text, value", [("False", False), ("yes", True), ("auto", None),
                                         ("", None)])
def test_config_file_setting(tmp_path, text, value):
    cfg = tmp_path / "spynnaker.cfg"
    cfg.write_text(f"[Reports]\nprogress_bars = {text}\n")
    assert load_config([cfg]).progress_bars is value


def test_config_file_bad_value_names_the_key(tmp_path):
    cfg = tmp_path / "spynnaker.cfg"
    cfg.write_text("[Reports]\nprogress_bars = sometimes\n")
    with pytest.raises(ConfigurationError, match=r"\[Reports\] progress_bars: expected a "
                                                 r"boolean"):
        load_config([cfg])


def test_setup_takes_the_file_then_the_keyword(tmp_path, monkeypatch):
    import pyNN.spiNNaker as sim
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stderr", _Terminal())
    monkeypatch.delenv("CI", raising=False)
    (tmp_path / "spynnaker.cfg").write_text("[Reports]\nprogress_bars = False\n")
    sim.setup(timestep=0.1)
    assert not progress.enabled()
    sim.setup(timestep=0.1, progress_bars=True)
    assert progress.enabled()
    sim.end()


def _spikes(bars, capsys, caplog):
    import pyNN.spiNNaker as sim
    sim.setup(timestep=0.1, progress_bars=bars, threads=1)
    drive = sim.Population(20, sim.IF_curr_exp(i_offset=1.2), label="drive")
    drive.initialize(v=np.linspace(-65.0, -55.0, 20))
    target = sim.Population(20, sim.IF_curr_exp(), label="target")
    # 2.5 ms: beyond the core's delay slots, so a delay extension maps too
    sim.Projection(drive, target, sim.FixedProbabilityConnector(0.5, rng=sim.NumpyRNG(3)),
                   sim.StaticSynapse(weight=0.8, delay=2.5))
    target.record("spikes")
    with caplog.at_level(logging.INFO, logger="spynnaker_backend"):
        sim.run(150.0)
    trains = target.get_data().segments[0].spiketrains
    sim.end()
    return [np.asarray(t) for t in trains], capsys.readouterr().err


def test_bars_on_cut_the_run_and_give_the_same_spikes(monkeypatch, capsys, caplog):
    monkeypatch.setattr(progress, "DELAY_S", 0)
    plain, quiet = _spikes(False, capsys, caplog)
    lines = [r for r in caplog.records if r.name == "spynnaker_backend"]
    caplog.clear()
    cut, drawn = _spikes(True, capsys, caplog)
    assert sum(len(t) for t in plain) > 20
    assert all(np.array_equal(a, b) for a, b in zip(plain, cut))
    # bars off: nothing on stderr; on: every long phase by name, the run in ticks
    assert "mapping" not in quiet and "run 150 ms" not in quiet
    for name in ("mapping: partition", "mapping: synapses", "mapping: delays", "images",
                 "loading", "run 150 ms", "/1500 "):
        assert name in drawn
    # one summary line per run, at INFO (silent unless the user turns logging on)
    assert len(lines) == 1 and lines[0].levelno == logging.INFO
    assert "ran 150 ms of 2 populations" in lines[0].getMessage()
