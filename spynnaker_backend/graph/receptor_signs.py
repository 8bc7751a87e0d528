"""Which synapse types of a population subtract their input (one sign per type).

Ring buffers hold weight magnitudes.  A binary with signed receptors (models/receptors.py)
negates the input of the types flagged in its synapse header: those the model always
subtracts (``ModelSpec.negative_types``: IF_curr_dual_exp's 'inhibitory') and the
current-based receptors whose weights were given negative (``ModelSpec.signed_types``: a
PointNeuron's).  A signed receptor takes one sign per population.
"""
from typing import List

from ..errors import ConfigurationError
from .application_edge import ApplicationEdge
from .application_vertex import ApplicationVertex


def negative_types(vertex: ApplicationVertex, edges: List[ApplicationEdge]) -> int:
    """Bit t set when synapse type t of ``vertex`` subtracts its input.

    Raises
    ------
    ConfigurationError
        When a signed receptor receives positive weights from one projection and negative
        ones from another.
    """
    spec = vertex.model
    mask = 0
    for t, name in enumerate(spec.synapse_types):
        if name in spec.negative_types:
            mask |= 1 << t
            continue
        if name not in spec.signed_types:
            continue
        signed = [e for e in edges if e.synapse_type == t and len(e)]
        negative = [e.label for e in signed if e.negative]
        positive = [e.label for e in signed if not e.negative]
        if negative and positive:
            raise ConfigurationError(
                f"receptor {name!r} of population {vertex.label!r} receives negative weights "
                f"(projection(s) {negative}) and positive ones ({positive}); the cores keep "
                "one sign per receptor (its ring buffers hold magnitudes): give the two "
                "signs their own receptors, e.g. an inhibitory receptor with the same tau_syn")
        if negative:
            mask |= 1 << t
    return mask
