"""The helpers of sPyNNaker's ``utility_calls`` that scripts use: bit counts, parameter
expansion, spike files, and statistics of PyNN RandomDistributions (via scipy.stats)."""
import math
import os

import numpy as np
from pyNN.random import RandomDistribution


def get_n_bits(n_values):
    """Bits needed to tell ``n_values`` values apart (0 for none, 1 for one)."""
    if n_values <= 1:
        return int(n_values)
    return int(math.ceil(math.log2(n_values)))


def check_directory_exists_and_create_if_not(filename):
    """Create the folder that will hold ``filename`` if it does not exist."""
    folder = os.path.dirname(filename)
    if folder:
        os.makedirs(folder, exist_ok=True)


def convert_param_to_numpy(param, no_atoms):
    """A parameter (number, list, array or RandomDistribution) as ``no_atoms`` floats."""
    if isinstance(param, RandomDistribution):
        values = np.asarray(param.next(n=no_atoms), dtype=float)
        return values.reshape(no_atoms)
    values = np.asarray(param, dtype=float)
    if values.ndim == 0:
        return np.full(no_atoms, float(values))
    if len(values) != no_atoms:
        raise ValueError(f"{len(values)} values given for {no_atoms} atoms")
    return values


def read_spikes_from_file(file_path, min_atom=0, max_atom=float("inf"), min_time=0,
                          max_time=float("inf"), split_value="\t"):
    """Rows [time, neuron] of a text file of ``time<split>neuron`` lines ('#' comments),
    kept when min_atom <= neuron < max_atom and min_time <= time < max_time."""
    rows = []
    with open(file_path) as spike_file:
        for line in spike_file:
            if line.startswith("#") or not line.strip():
                continue
            time, atom = (float(v) for v in line.split(split_value)[:2])
            if min_atom <= atom < max_atom and min_time <= time < max_time:
                rows.append((time, atom))
    return np.array(rows, dtype=float).reshape(-1, 2)


def read_in_data_from_file(file_path, min_atom, max_atom, min_time, max_time, extra=False):
    """Rows [neuron, time, value] of a text file of ``time<TAB>neuron<TAB>value`` lines
    (a fourth column ignored when ``extra``; '#' comments), kept when min_atom <= neuron <
    max_atom and min_time <= time < max_time, sorted by neuron then time (sPyNNaker's order)."""
    rows = []
    with open(file_path) as data_file:
        for line in data_file:
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) != (4 if extra else 3):
                raise ValueError(f"{file_path}: expected {4 if extra else 3} tab-separated "
                                 f"columns (time, neuron, value{', extra' if extra else ''}),"
                                 f" got {line!r}")
            time, atom, value = float(fields[0]), int(float(fields[1])), float(fields[2])
            if min_atom <= atom < max_atom and min_time <= time < max_time:
                rows.append((atom, time, value))
    result = np.array(rows, dtype=float).reshape(-1, 3)
    return result[np.lexsort((result[:, 1], result[:, 0]))]


#: sPyNNaker's bounds for a MARS KISS64 seed (x, y, z, c): y non-zero, 0 < c <= MARS_C_MAX
ARBITRARY_Y = 13031301
MARS_C_MAX = 698769068
N_RANDOM_NUMBERS = 4
BASE_RANDOM_FOR_MARS_64 = 0x80000000
CAP_RANDOM_FOR_MARS_64 = 0x7FFFFFFF
#: the largest rate a uint32 holds (sPyNNaker's MAX_RATE)
MAX_RATE = 2 ** 32 - 1


def create_mars_kiss_seeds(rng):
    """Four 32-bit seeds (x, y, z, c) drawn from numpy RandomState ``rng`` and made valid for
    a MARS KISS64 generator, as sPyNNaker does: y = 0 becomes ARBITRARY_Y, and c is taken
    modulo MARS_C_MAX plus one (never 0, below 698769069)."""
    seed = [int(rng.randint(-BASE_RANDOM_FOR_MARS_64, CAP_RANDOM_FOR_MARS_64))
            + BASE_RANDOM_FOR_MARS_64 for _ in range(N_RANDOM_NUMBERS)]
    if seed[1] == 0:
        seed[1] = ARBITRARY_Y
    seed[3] = seed[3] % MARS_C_MAX + 1
    return tuple(seed)


def get_neo_io(file_or_folder):
    """A Neo IO for a file name, also one that does not exist yet (Neo 0.12's get_io only
    finds existing files): chosen by the name's suffix."""
    import neo
    try:
        return neo.get_io(file_or_folder)
    except ValueError:
        suffix = os.path.splitext(file_or_folder)[1][1:].lower()
        writers = getattr(neo, "io_by_extension", {}).get(suffix)
        if not writers:
            raise
        return writers[0](file_or_folder)


def _frozen(distribution):
    """scipy.stats frozen distribution for a PyNN RandomDistribution."""
    from scipy import stats   # here, not at import: scipy.stats costs ~1 s to import
    name, p = distribution.name, distribution.parameters
    makers = {
        "uniform": lambda: stats.uniform(p["low"], p["high"] - p["low"]),
        "normal": lambda: stats.norm(p["mu"], p["sigma"]),
        "normal_clipped": lambda: stats.truncnorm(
            (p["low"] - p["mu"]) / p["sigma"], (p["high"] - p["mu"]) / p["sigma"],
            p["mu"], p["sigma"]),
        "exponential": lambda: stats.expon(scale=p["beta"]),
        "poisson": lambda: stats.poisson(p["lambda_"]),
        "gamma": lambda: stats.gamma(p["k"], scale=p["theta"]),
        "lognormal": lambda: stats.lognorm(p["sigma"], scale=math.exp(p["mu"])),
        "binomial": lambda: stats.binom(p["n"], p["p"]),
        "randint": lambda: stats.randint(p["low"], p["high"]),
    }
    if name not in makers:
        raise NotImplementedError(f"no statistics for RandomDistribution {name!r}; "
                                  f"supported: {sorted(makers)}")
    return makers[name]()


def get_mean(distribution):
    return float(_frozen(distribution).mean())


def get_standard_deviation(distribution):
    return float(_frozen(distribution).std())


def get_variance(distribution):
    return float(_frozen(distribution).var())


def high(distribution):
    """The distribution's upper bound, or None when it has none."""
    value = float(_frozen(distribution).support()[1])
    return None if math.isinf(value) else value


def low(distribution):
    """The distribution's lower bound, or None when it has none."""
    value = float(_frozen(distribution).support()[0])
    return None if math.isinf(value) else value


def get_probability_within_range(distribution, lower, upper):
    frozen = _frozen(distribution)
    return float(frozen.cdf(upper) - frozen.cdf(lower))


def get_maximum_probable_value(distribution, n_items, chance=0.01):
    """The value that none of ``n_items`` draws exceeds, except with probability
    ``chance``."""
    return float(_frozen(distribution).ppf(1.0 - chance / n_items))


def get_minimum_probable_value(distribution, n_items, chance=0.01):
    return float(_frozen(distribution).ppf(chance / n_items))


def get_probable_maximum_selected(n_total_trials, n_trials, selection_prob, chance=0.01):
    """The most of ``n_trials`` (each selected with ``selection_prob``) one expects to be
    selected, exceeded with probability ``chance`` over ``n_total_trials``."""
    from scipy import stats
    prob = 1.0 - chance / n_total_trials
    return int(stats.binom.ppf(prob, n_trials, selection_prob))


def get_probable_minimum_selected(n_total_trials, n_trials, selection_prob, chance=0.01):
    from scipy import stats
    prob = chance / n_total_trials
    return int(stats.binom.ppf(prob, n_trials, selection_prob))
