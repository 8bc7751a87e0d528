"""sPyNNaker 7.4.1's splitter components (the splitter classes of its ``__all__``); what each
does here: spynnaker_backend/pynn/splitters.py."""
from spynnaker_backend.pynn.splitters import (
    SplitterDelayVertexSlice, SplitterPoissonDelegate, SplitterPopulationVertex,
    SplitterPopulationVertexFixed, SplitterPopulationVertexNeuronsSynapses)

__all__ = [
    'SplitterDelayVertexSlice', 'SplitterPoissonDelegate',
    'SplitterPopulationVertex', 'SplitterPopulationVertexFixed',
    'SplitterPopulationVertexNeuronsSynapses']
