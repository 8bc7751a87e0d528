//! \file
//! \brief Compile-time iteration over the receptors of a multi-receptor synapse component.
//!
//! A multi-receptor component (exp_current_multi.h, ...) has RECEPTORS synapse types, each
//! with its own parameter and state fields named `<field>_<k>` in the generated layout
//! (models/receptors.py).  EACH_RECEPTOR(X) expands X(0) ... X(RECEPTORS - 1), so that
//! the fields stay plain struct members the neuron loop's vectoriser can see.
#ifndef C_MODELS_SYNAPSE_RECEPTORS_H
#define C_MODELS_SYNAPSE_RECEPTORS_H

#ifndef RECEPTORS
#error "define RECEPTORS (1 to 4) before including a multi-receptor synapse component"
#endif

#if RECEPTORS == 1
#define EACH_RECEPTOR(X) X(0)
#elif RECEPTORS == 2
#define EACH_RECEPTOR(X) X(0) X(1)
#elif RECEPTORS == 3
#define EACH_RECEPTOR(X) X(0) X(1) X(2)
#elif RECEPTORS == 4
#define EACH_RECEPTOR(X) X(0) X(1) X(2) X(3)
#else
#error "RECEPTORS must be 1 to 4 (MAX_SYNAPSE_TYPES)"
#endif

#define SYNAPSE_TYPES RECEPTORS

#endif  // C_MODELS_SYNAPSE_RECEPTORS_H
