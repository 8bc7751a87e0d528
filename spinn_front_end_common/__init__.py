"""The few names of SpiNNFrontEndCommon 7.4.1 that sPyNNaker's official example scripts
import (``interface.ds.DataType``; ``utility_models.MultiCastCommand``, what an
AbstractEthernetTranslator receives), with the same meaning.  Nothing else of
SpiNNFrontEndCommon exists here: this package replaces sPyNNaker's toolchain, and a script
that reaches for more gets an ImportError naming the missing module."""
