"""Models beyond PyNN's standard set (sPyNNaker's ``extra_models``): one cell type per model
spec that has no PyNN standard class, sPyNNaker's names for models we run under their PyNN
name (``IFCurDelta`` is ``IF_curr_delta``, as in sPyNNaker 7.4.1), and its extra
connectors."""
from spynnaker_backend.pynn.cells import EXTRA_CELL_TYPES, STANDARD_CELL_TYPES
from spynnaker_backend.pynn.connectors import AllButMeConnector, OneToOneOffsetConnector
from spynnaker_backend.pynn.pending import resolve
from spynnaker_backend.pynn.plasticity import (
    PfisterSpikeTriplet, RecurrentRule, SpikeNearestPairRule, Vogels2011Rule,
    WeightDependenceAdditiveTriplet)

#: 7.4.1 extra_models names whose feature does not run here yet: using one raises
#: NotImplementedError with the reason (docs/compatibility.md)
PENDING_NAMES = ("WeightChangeable", "WeightChanger", "Neuromodulation")

globals().update(EXTRA_CELL_TYPES)
#: sPyNNaker 7.4.1 extra_models names that are one of our cell types under another name
ALIASES = {"IFCurDelta": "IF_curr_delta"}
globals().update({alias: {**STANDARD_CELL_TYPES, **EXTRA_CELL_TYPES}[name]
                  for alias, name in ALIASES.items()})
globals().update({name: resolve(name) for name in PENDING_NAMES if name not in globals()})
__all__ = sorted([*EXTRA_CELL_TYPES, *ALIASES, *PENDING_NAMES, "AllButMeConnector",
                  "OneToOneOffsetConnector", "PfisterSpikeTriplet", "RecurrentRule",
                  "SpikeNearestPairRule",
                  "Vogels2011Rule", "WeightDependenceAdditiveTriplet"])
