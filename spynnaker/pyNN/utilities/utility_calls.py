"""sPyNNaker's ``spynnaker.pyNN.utilities.utility_calls`` (the helpers scripts use)."""
from spynnaker_backend.pynn.utility_calls import (  # noqa: F401
    get_n_bits, check_directory_exists_and_create_if_not, convert_param_to_numpy,
    read_spikes_from_file, get_mean, get_standard_deviation, get_variance, high, low,
    get_probability_within_range, get_maximum_probable_value, get_minimum_probable_value,
    get_probable_maximum_selected, get_probable_minimum_selected, read_in_data_from_file,
    create_mars_kiss_seeds, get_neo_io, MAX_RATE, ARBITRARY_Y, MARS_C_MAX, N_RANDOM_NUMBERS,
    BASE_RANDOM_FOR_MARS_64, CAP_RANDOM_FOR_MARS_64)
