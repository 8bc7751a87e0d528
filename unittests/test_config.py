"""spynnaker_backend.config: precedence, types, warnings and errors of the configuration files."""
import warnings

import pytest
from spynnaker_backend.config import (
    Config, ConfigurationError, board_named, board_settings, load_config, machine_options)


@pytest.fixture
def home_and_cwd(tmp_path, monkeypatch):
    """An empty home and an empty working directory; returns (home, cwd)."""
    home, cwd = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    cwd.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(cwd)
    return home, cwd


def test_defaults_without_files(home_and_cwd):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        config = load_config()
    assert config == Config()
    assert config.virtual_board is None      # unset: the VM unless a board is named
    assert not board_named(config)
    assert config.sources == ()
    assert machine_options(config) == {"version": None, "width": None, "height": None,
                                       "n_boards": None}


def test_cwd_overrides_home_overrides_defaults(home_and_cwd):
    home, cwd = home_and_cwd
    (home / ".spynnaker.cfg").write_text(
        "[Machine]\nversion = 3\nn_boards = 2\n[Simulation]\nthreads = 4\n")
    (cwd / "spynnaker.cfg").write_text("[Machine]\nversion = 5\n[Reports]\nwrite = yes\n")
    config = load_config()
    assert config.version == 5              # cwd wins
    assert config.n_boards == 2             # from home, not overridden
    assert config.threads == 4
    assert config.write_reports is True
    assert config.sources == (str(home / ".spynnaker.cfg"), str(cwd / "spynnaker.cfg"))
    assert machine_options(config) == {"version": 5, "width": None, "height": None,
                                       "n_boards": 2}


def test_all_keys_and_types(tmp_path):
    path = tmp_path / "a.cfg"
    path.write_text("[Machine]\nwidth = 8\nheight = 12\nvirtual_board = False\n"
                    "[Simulation]\nthreads = 1\nallow_losses = on\n[Reports]\nwrite = 0\n")
    config = load_config([path])
    assert (config.width, config.height, config.virtual_board) == (8, 12, False)
    assert (config.threads, config.allow_losses, config.write_reports) == (1, True, False)
    assert machine_options(config)["width"] == 8


def test_none_leaves_key_unset(tmp_path):
    first, second = tmp_path / "1.cfg", tmp_path / "2.cfg"
    first.write_text("[Machine]\nversion = 5\nvirtual_board = False\n")
    second.write_text("[Machine]\nversion = None\nvirtual_board =\n")
    config = load_config([first, second])
    assert config.version is None
    assert config.virtual_board is None


def test_missing_files_are_skipped(tmp_path):
    assert load_config([tmp_path / "absent.cfg"]) == Config()


def test_config_is_frozen():
    with pytest.raises(Exception):
        Config().version = 3


def test_unknown_section_and_key_warn(tmp_path):
    path = tmp_path / "s.cfg"
    path.write_text("[Machine]\nversion = 5\ncolour = blue\n[Mapping]\nx = 1\n")
    with pytest.warns(UserWarning) as record:
        config = load_config([path])
    messages = [str(w.message) for w in record]
    assert any("colour" in m and str(path) in m and "[Machine]" in m for m in messages)
    assert any("[Mapping]" in m and str(path) in m for m in messages)
    assert config.version == 5


@pytest.mark.parametrize("text, words", [
    ("[Machine]\nversion = five\n", ["[Machine]", "version", "five"]),
    ("[Machine]\nversion = 7\n", ["[Machine]", "version", "7"]),
    ("[Machine]\nwidth = 0\nheight = 2\n", ["[Machine]", "width", ">= 1"]),
    ("[Machine]\nvirtual_board = maybe\n", ["[Machine]", "virtual_board", "maybe"]),
    ("[Simulation]\nthreads = 2.5\n", ["[Simulation]", "threads", "2.5"]),
    ("[Reports]\nwrite = 2\n", ["[Reports]", "write", "boolean"]),
])
def test_bad_values_name_file_section_key(tmp_path, text, words):
    path = tmp_path / "bad.cfg"
    path.write_text(text)
    with pytest.raises(ConfigurationError) as info:
        load_config([path])
    message = str(info.value)
    assert str(path) in message
    for word in words:
        assert word in message


@pytest.mark.parametrize("text", [
    "version = 5\n",                              # no section header
    "[Machine]\nversion = 5\n[Machine]\nwidth = 2\n",   # duplicate section
    "[Machine\nversion = 5\n",                    # broken header
    "[Machine]\nversion = 5\nversion = 3\n",      # duplicate key
])
def test_not_ini_is_a_configuration_error(tmp_path, text):
    path = tmp_path / "broken.cfg"
    path.write_text(text)
    with pytest.raises(ConfigurationError, match="not a valid configuration file") as info:
        load_config([path])
    assert str(path) in str(info.value)


def test_binary_file_is_a_configuration_error(tmp_path):
    path = tmp_path / "binary.cfg"
    path.write_bytes(b"\xff\xfe\x00[Machine]")
    with pytest.raises(ConfigurationError, match=str(path)):
        load_config([path])


def test_width_without_height(tmp_path):
    path = tmp_path / "w.cfg"
    path.write_text("[Machine]\nwidth = 8\n")
    with pytest.raises(ConfigurationError, match="width and height"):
        load_config([path])


def test_board_keys_as_spynnaker_users_write_them(tmp_path):
    path = tmp_path / "spynnaker.cfg"
    path.write_text("[Machine]\nmachine_name = 127.0.0.5\nversion = 5\n"
                    "down_chips = 1,1:2,3\ndown_cores = 0,0,3:1,1,-2\ndown_links = 0,0,1\n"
                    "time_scale_factor = 2.5\nspalloc_port = 22244\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        config = load_config([path])
    assert board_named(config)
    settings = board_settings(config)
    assert settings["machine_name"] == "127.0.0.5" and settings["version"] == 5
    assert settings["down_chips"] == "1,1:2,3" and settings["down_links"] == "0,0,1"
    assert config.time_scale_factor == 2.5


@pytest.mark.parametrize("text, named", [
    ("[Machine]\nmachine_name = 10.0.0.1\nvirtual_board = True\n", False),
    ("[Machine]\nspalloc_server = https://spalloc.example/\n", True),
    ("[Machine]\nremote_spinnaker_url = https://portal.example/\n", True),
    ("[Machine]\nversion = 5\n", False),
])
def test_which_configurations_name_a_board(tmp_path, text, named):
    path = tmp_path / "spynnaker.cfg"
    path.write_text(text)
    assert board_named(load_config([path])) is named


def test_virtual_board_false_without_a_board_is_an_error(tmp_path):
    path = tmp_path / "spynnaker.cfg"
    path.write_text("[Machine]\nvirtual_board = False\n")
    with pytest.raises(ConfigurationError, match="machine_name"):
        board_named(load_config([path]))


@pytest.mark.parametrize("text, words", [
    ("[Machine]\ndown_chips = 1,1,1,1,1\n", ["down_chips", "x,y"]),
    ("[Machine]\ndown_cores = a,b,c\n", ["down_cores", "x,y,p"]),
    ("[Machine]\ntime_scale_factor = 0\n", ["time_scale_factor", "> 0"]),
])
def test_bad_board_keys_name_the_key(tmp_path, text, words):
    path = tmp_path / "spynnaker.cfg"
    path.write_text(text)
    with pytest.raises(ConfigurationError) as info:
        load_config([path])
    assert all(w in str(info.value) for w in words)
